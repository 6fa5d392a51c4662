#include "eval/members.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "eval/fixture.hpp"
#include "scim/attributes.hpp"
#include "scim/path.hpp"
#include "source/diagnostic_render.hpp"

namespace scimcheck::eval {
namespace {

constexpr std::string_view kBodyWithout = "body_without.";

/// The create body's shape: make_fixture's attributes with placeholder values.
Json fixture_shape(const suite::ResourceMapping& mapping) {
  Json body = Json::object();
  for (const auto& attr : mapping.attributes) {
    if (attr.type == "reference") continue;  // not in the create body (see make_fixture)
    std::string ignored;
    set_at_path(body, attr.path, attr.type == "boolean" ? Json(true) : Json("x"), &ignored);
  }
  return body;
}

/// Whether the mapping names the path's attribute (and sub-attribute, when it has one).
bool mapping_names(const suite::ResourceMapping& mapping, const scim::AttrPath& path) {
  for (const auto& attr : mapping.attributes) {
    const auto mapped = scim::parse_path(attr.path);
    if (!mapped || !scim::iequals(mapped.value->attr, path.attr)) continue;
    if (path.sub.empty() || scim::iequals(mapped.value->sub, path.sub)) return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& fixture_fields() {
  static const std::vector<std::string> fields{"body", "match.attribute", "match.value", "kind",
                                               "paths"};
  return fields;
}

const std::vector<std::string>& item_members() {
  static const std::vector<std::string> members{"path",  "type",   "filtered",    "matching", "index",
                                                "value", "update", "update_text", "leaf"};
  return members;
}

MemberResolution resolve_fixture_member(const std::string& kind, const std::string& member,
                                        const suite::ResourceMapping& mapping) {
  std::vector<std::string> candidates = fixture_fields();
  if (std::find(candidates.begin(), candidates.end(), member) != candidates.end()) return {};
  const bool without = member.rfind(kBodyWithout, 0) == 0;
  const std::string path_text = without ? member.substr(kBodyWithout.size()) : member;
  for (const auto& attr : mapping.attributes) candidates.push_back(attr.path);
  const auto parsed = scim::parse_path(path_text);
  if (!parsed)
    return {MemberKind::unknown, path_text, source::did_you_mean(member, candidates),
            "is not a fixture field nor a SCIM path (" + parsed.error + ")"};
  const scim::AttrPath& path = *parsed.value;
  const auto resource = kind == "group" ? scim::ResourceKind::group : scim::ResourceKind::user;
  if (!scim::find_attribute(resource, path.urn, path.attr, path.sub) && !mapping_names(mapping, path))
    return {MemberKind::unknown, path_text, source::did_you_mean(member, candidates),
            "is neither a fixture field (body, body_without.<path>, match.attribute, match.value, "
            "kind, paths) nor an attribute of a " + kind + " or of the profile's mapping"};
  if (!scim::select(fixture_shape(mapping), path, resource).empty()) return {};
  return {MemberKind::unmapped, path_text, "", ""};
}

void check_members(const std::vector<suite::Suite>& suites, const suite::Profile& profile,
                   source::Diagnostics& diagnostics, bool notes) {
  struct Unmapped {
    source::Span first;
    std::set<std::string> checks;
  };
  std::map<std::string, Unmapped> unmapped;  // "<path> for <kind>s"
  for (const auto& s : suites) {
    for (const auto& c : s.cases) {
      for (const auto& use : c.member_uses) {
        const auto fixture = std::find_if(c.fixtures.begin(), c.fixtures.end(),
                                          [&](const auto& f) { return f.first == use.root; });
        if (fixture == c.fixtures.end()) {
          const auto& members = item_members();
          if (std::find(members.begin(), members.end(), use.member) == members.end())
            diagnostics.push_back({source::Severity::error, use.span,
                                   "unknown member \"" + use.member + "\" of the for_each item \"" +
                                       use.root + "\" (it has path, type, filtered, matching, index, "
                                       "value, update, update_text, leaf)",
                                   source::did_you_mean(use.member, members)});
          continue;
        }
        const std::string& kind = fixture->second;
        const auto& mapping = kind == "group" ? profile.groups : profile.users;
        const auto r = resolve_fixture_member(kind, use.member, mapping);
        if (r.kind == MemberKind::unknown) {
          diagnostics.push_back({source::Severity::error, use.span,
                                 "unknown member \"" + use.member + "\" of fixture " + use.root +
                                     ": \"" + r.path + "\" " + r.why,
                                 r.hint});
        } else if (r.kind == MemberKind::unmapped && mapping.enabled && !use.condition) {
          auto& entry = unmapped[r.path + " for " + kind + "s"];
          if (entry.checks.empty()) entry.first = use.span;
          entry.checks.insert(c.id);
        }
      }
    }
  }
  if (!notes) return;
  for (const auto& [what, entry] : unmapped)
    diagnostics.push_back({source::Severity::warning, entry.first,
                           "profile " + profile.name + " maps no " + what + ": " +
                               std::to_string(entry.checks.size()) +
                               (entry.checks.size() == 1 ? " check reads it and is" : " checks read it and are") +
                               " skipped at run time (first use here)",
                           ""});
}

}  // namespace scimcheck::eval
