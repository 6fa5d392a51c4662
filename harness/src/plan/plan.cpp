#include "plan/plan.hpp"

#include <algorithm>

#include "eval/members.hpp"
#include "source/template_syntax.hpp"

namespace scimcheck::plan {
namespace {

using suite::EntraMode;
using suite::Json;

const suite::ResourceMapping* mapping_for(const std::string& in, const suite::Profile& profile,
                                          std::string* kind) {
  if (in == "profile.users.attributes") {
    *kind = "user";
    return &profile.users;
  }
  if (in == "profile.groups.attributes") {
    *kind = "group";
    return &profile.groups;
  }
  return nullptr;
}

bool item_matches(const Json& item, const Json& where) {
  if (!where.is_object()) return true;
  for (const auto& [key, wanted] : where.items()) {
    if (!item.contains(key) || item[key] != wanted) return false;
  }
  return true;
}

std::string missing_capability(const std::vector<std::string>& needed,
                               const suite::Profile& profile) {
  for (const auto& cap : needed)
    if (!profile.has_capability(cap)) return cap;
  return {};
}

/// Why a planned case is skipped: its own reason and what checks skipped alike need.
struct Skip {
  std::string reason;
  std::string group;
  bool empty() const { return reason.empty(); }
};

/// A check of the other mode is outside a single-mode run whatever else would skip it, so
/// this cause goes first: a check of a mode the run does not use is always skipped for it.
Skip mode_skip(EntraMode wanted, EntraMode run_mode) {
  if (wanted == EntraMode::any || wanted == run_mode || run_mode == EntraMode::both) return {};
  const std::string mode = suite::to_string(wanted);
  const std::string advice = wanted == EntraMode::flag_on
                                 ? "add ?aadOptscim062020 to the URL or pass --entra-mode flag-on; "
                                   "--entra-mode both runs both shapes"
                                 : "pass --entra-mode " + mode + " or --entra-mode both";
  return {"uses Entra's " + mode + " request shapes; this run uses " +
              suite::to_string(run_mode) + " (" + advice + ")",
          "Entra's " + mode + " request shapes: " + advice};
}

Skip capability_skip(const std::string& cap, const suite::Profile& profile) {
  if (cap.empty()) return {};
  return {"profile " + profile.name + " does not have capability '" + cap + "'",
          "capability '" + cap + "', which profile " + profile.name +
              " does not have: if the app supports it, add --capability " + cap};
}

/// Whether the step may run for this profile: an only_if on a fixture's matching attribute or
/// kind is decided by the profile alone; any other condition is only known during the run.
bool step_may_run(const suite::Case& c, int index, const suite::Profile& profile) {
  if (index < 0 || static_cast<std::size_t>(index) >= c.steps.size()) return true;
  const auto& only_if = c.steps[static_cast<std::size_t>(index)].only_if;
  if (!only_if || !only_if->value.value.is_string()) return true;
  const std::string text = only_if->value.value.get<std::string>();
  if (!source::is_whole_template(text)) return true;
  const auto ref = source::find_templates(text).front();
  if (!ref.filters.empty()) return true;
  for (const auto& [name, kind] : c.fixtures) {
    if (name != ref.root) continue;
    Json value;
    if (ref.rest == "kind") value = kind;
    else if (ref.rest == "match.attribute") value = (kind == "group" ? profile.groups : profile.users).matching;
    else return true;
    if (only_if->equals) return value == *only_if->equals;
    return !value.get<std::string>().empty();
  }
  return true;
}

/// Why the check cannot build its fixtures or read the attributes it uses: the profile maps
/// no users or groups of the kind, or not the attribute a template of a step reads.
Skip unmapped_skip(const suite::Case& c, const suite::Profile& profile) {
  auto mapping_of = [&](const std::string& kind) { return kind == "group" ? &profile.groups : &profile.users; };
  for (const auto& [name, kind] : c.fixtures)
    if (!mapping_of(kind)->enabled)
      return {"profile " + profile.name + " maps no " + kind + "s (fixture " + name + " at " +
                  source::location(c.span) + ")",
              kind + "s, which profile " + profile.name +
                  " does not map: add a mapping for them if the app keeps them"};
  for (const auto& use : c.member_uses) {
    if (use.condition || !step_may_run(c, use.step, profile)) continue;
    const auto fixture = std::find_if(c.fixtures.begin(), c.fixtures.end(),
                                      [&](const auto& f) { return f.first == use.root; });
    if (fixture == c.fixtures.end()) continue;  // the for_each item
    const auto resolved =
        eval::resolve_fixture_member(fixture->second, use.member, *mapping_of(fixture->second));
    if (resolved.kind == eval::MemberKind::unmapped)
      return {"profile " + profile.name + " maps no " + resolved.path + " for " +
                  fixture->second + "s (used at " + source::location(use.span) + ")",
              resolved.path + " of " + fixture->second + "s, which profile " + profile.name +
                  " does not map: add it to the mapping if the app keeps it"};
  }
  return {};
}

/// Kept by --only (when given) and not left out by --skip.
bool selected(const std::string& id, const Selection& selection) {
  const auto matches = [&](const std::string& p) { return glob_match(p, id); };
  if (std::any_of(selection.skip.begin(), selection.skip.end(), matches)) return false;
  return selection.only.empty() ||
         std::any_of(selection.only.begin(), selection.only.end(), matches);
}

}  // namespace

int Plan::runnable() const {
  int n = 0;
  for (const auto& s : suites)
    for (const auto& c : s.cases)
      if (c.skip_reason.empty()) ++n;
  return n;
}

std::vector<std::string> unmatched_patterns(const Plan& plan, const Selection& selection) {
  std::vector<std::string> unmatched;
  for (const auto* patterns : {&selection.only, &selection.skip}) {
    for (const auto& pattern : *patterns) {
      const auto matches = [&](const std::string& id) { return glob_match(pattern, id); };
      bool matched = std::any_of(plan.deselected.begin(), plan.deselected.end(), matches);
      for (const auto& s : plan.suites)
        for (const auto& c : s.cases) matched = matched || matches(c.kase.id);
      if (!matched) unmatched.push_back(pattern);
    }
  }
  return unmatched;
}

std::vector<Json> for_each_items(const suite::ForEach& each, const suite::Profile& profile,
                                 std::string* kind) {
  std::vector<Json> items;
  const suite::ResourceMapping* mapping = mapping_for(each.in, profile, kind);
  if (!mapping || !mapping->enabled) return items;
  for (std::size_t i = 0; i < mapping->attributes.size(); ++i) {
    const auto& attr = mapping->attributes[i];
    if (attr.add_only) continue;
    Json item = {{"path", attr.path},
                 {"type", attr.type},
                 {"filtered", attr.path.find('[') != std::string::npos},
                 {"matching", attr.path == mapping->matching},
                 {"index", i}};
    if (item_matches(item, each.where)) items.push_back(std::move(item));
  }
  return items;
}

std::string substitute_item(const std::string& text, const std::string& as, const Json& item) {
  std::string out;
  std::size_t last = 0;
  for (const auto& ref : source::find_templates(text)) {
    out += text.substr(last, ref.begin - last);
    std::string value = text.substr(ref.begin, ref.end - ref.begin);
    if (ref.root == as && ref.error.empty() && item.contains(ref.rest)) {
      const Json& v = item[ref.rest];
      value = v.is_string() ? v.get<std::string>() : v.dump();
    }
    out += value;
    last = ref.end;
  }
  return out + text.substr(last);
}

Plan make_plan(const std::vector<suite::Suite>& suites, const suite::Profile& profile,
               const Selection& selection) {
  Plan plan;
  for (const auto& s : suites) {
    PlannedSuite planned;
    planned.suite = &s;
    const std::string suite_missing = missing_capability(s.requires_, profile);
    for (const auto& c : s.cases) {
      std::vector<PlannedCase> expanded;
      if (c.for_each) {
        std::string kind;
        for (auto& item : for_each_items(*c.for_each, profile, &kind)) {
          PlannedCase pc;
          pc.kase = c;
          pc.kase.id = substitute_item(c.id, c.for_each->as, item);
          pc.kase.title = substitute_item(c.title, c.for_each->as, item);
          std::string unused;
          const suite::ResourceMapping* mapping = mapping_for(c.for_each->in, profile, &unused);
          const auto index = item.value("index", std::size_t{0});
          if (mapping && index < mapping->attributes.size())
            pc.item_span = mapping->attributes[index].span;
          pc.item = std::move(item);
          pc.item_kind = kind;
          expanded.push_back(std::move(pc));
        }
        if (expanded.empty()) {
          PlannedCase pc;
          pc.kase = c;
          pc.skip_reason = "profile " + profile.name + " maps no attribute this check applies to";
          pc.skip_group = "an attribute mapping of the kind the check covers, which profile " +
                          profile.name + " does not have";
          expanded.push_back(std::move(pc));
        }
      } else {
        PlannedCase pc;
        pc.kase = c;
        expanded.push_back(std::move(pc));
      }
      for (auto& pc : expanded) {
        if (!selected(pc.kase.id, selection)) {
          plan.deselected.push_back(pc.kase.id);
          continue;
        }
        Skip skip = mode_skip(c.mode, selection.mode);
        if (skip.empty() && pc.skip_reason.empty()) {
          skip = capability_skip(suite_missing, profile);
          if (skip.empty()) skip = capability_skip(missing_capability(c.requires_, profile), profile);
          if (skip.empty()) skip = unmapped_skip(c, profile);
        }
        if (!skip.empty()) {
          pc.skip_reason = std::move(skip.reason);
          pc.skip_group = std::move(skip.group);
        }
        planned.cases.push_back(std::move(pc));
      }
    }
    if (!planned.cases.empty() || s.cases.empty()) plan.suites.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace scimcheck::plan
