#include "check/effect.hpp"

namespace scimcheck::check {
namespace {

using nlohmann::json;

std::string shown(const json* value) {
  if (value == nullptr) return "absent";
  std::string text = value->dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 120) text = text.substr(0, 120) + "...";
  return text;
}

/// RFC 7643 §2.5: absent, null and [] are the same state; a complex value without
/// sub-attributes (an extension object emptied by a write) holds nothing either.
bool unassigned(const json* value) {
  return value == nullptr || value->is_null() ||
         ((value->is_array() || value->is_object()) && value->empty());
}

std::string joined(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

class Differ {
 public:
  explicit Differ(bool may_clear) : may_clear_(may_clear) {}
  std::vector<std::string> lines;
  std::size_t found = 0;

  void compare(const json* a, const json* b, const std::string& path, int depth) {
    if (unassigned(a) && unassigned(b)) return;
    if (may_clear_ && unassigned(b)) return;
    // A complex value that appeared or vanished is shown member by member.
    static const json kNone = json::object();
    if (a && a->is_object() && unassigned(b)) b = &kNone;
    if (b && b->is_object() && unassigned(a)) a = &kNone;
    const bool both_objects = a && b && a->is_object() && b->is_object();
    if (!both_objects && (unassigned(a) || unassigned(b))) return note(path, a, b);
    if (depth >= kMaxCompareDepth) {
      if (*a != *b) note(path, a, b);
      return;
    }
    if (both_objects) return objects(*a, *b, path, depth);
    if (a->is_array() && b->is_array()) return arrays(*a, *b, path, depth);
    if (!scim::values_equal(*a, *b, true)) note(path, a, b);
  }

 private:
  bool may_clear_;

  void note(const std::string& path, const json* a, const json* b) {
    ++found;
    if (lines.size() < kMaxDifferencesListed)
      lines.push_back((path.empty() ? "the resource" : path) + ": " + shown(a) + " -> " + shown(b));
  }

  void objects(const json& a, const json& b, const std::string& path, int depth) {
    for (auto it = a.begin(); it != a.end(); ++it)
      compare(&it.value(), scim::find_member(b, it.key()), joined(path, it.key()), depth + 1);
    for (auto it = b.begin(); it != b.end(); ++it)
      if (scim::find_member(a, it.key()) == nullptr)
        compare(nullptr, &it.value(), joined(path, it.key()), depth + 1);
  }

  void arrays(const json& a, const json& b, const std::string& path, int depth) {
    if (a.size() > kMaxUnorderedElements || b.size() > kMaxUnorderedElements) {
      for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i)
        compare(i < a.size() ? &a[i] : nullptr, i < b.size() ? &b[i] : nullptr,
                path + "[" + std::to_string(i) + "]", depth + 1);
      return;
    }
    std::vector<bool> matched(b.size(), false);
    std::vector<const json*> removed;
    for (const auto& element : a) {
      bool found_equal = false;
      for (std::size_t j = 0; j < b.size() && !found_equal; ++j) {
        if (matched[j] || !scim::values_equal(element, b[j], true)) continue;
        matched[j] = found_equal = true;
      }
      if (!found_equal) removed.push_back(&element);
    }
    std::vector<const json*> added;
    for (std::size_t j = 0; j < b.size(); ++j)
      if (!matched[j]) added.push_back(&b[j]);
    // One element changed in place: show its changed members rather than two whole values.
    if (removed.size() == 1 && added.size() == 1 && removed[0]->is_object() && added[0]->is_object())
      return compare(removed[0], added[0], path + "[]", depth + 1);
    if (!may_clear_)
      for (const json* element : removed) note(path + "[] (element removed)", element, nullptr);
    for (const json* element : added) note(path + "[] (element added)", nullptr, element);
  }
};

void drop_write_stamps(json& resource) {
  if (!resource.is_object()) return;
  json* meta = scim::find_member(resource, "meta");
  if (meta == nullptr || !meta->is_object()) return;
  for (const char* stamp : {"lastModified", "version"}) {
    for (auto it = meta->begin(); it != meta->end(); ++it) {
      if (scim::iequals(it.key(), stamp)) {
        meta->erase(it);
        break;
      }
    }
  }
}

/// An extension's URN in `schemas` follows whether the resource holds any of its attributes
/// (RFC 7643 §3): a write that sets the first or removes the last extension attribute adds or
/// drops it. Extension objects left empty and the extension URNs of `schemas` are taken out
/// of both sides: an extension is judged by its attributes.
void drop_extension_markers(json& resource) {
  if (!resource.is_object()) return;
  for (auto it = resource.begin(); it != resource.end();) {
    if (scim::is_schema_urn(it.key()) && unassigned(&it.value()))
      it = resource.erase(it);
    else
      ++it;
  }
  json* schemas = scim::find_member(resource, "schemas");
  if (schemas == nullptr || !schemas->is_array()) return;
  json kept = json::array();
  for (auto& urn : *schemas) {
    if (!urn.is_string() || scim::is_core_urn(urn.get<std::string>())) kept.push_back(std::move(urn));
  }
  *schemas = std::move(kept);
}

}  // namespace

std::vector<std::string> unexpected_changes(json before, json after,
                                            const std::vector<scim::AttrPath>& except,
                                            scim::ResourceKind kind, bool may_clear) {
  for (json* resource : {&before, &after}) {
    drop_write_stamps(*resource);
    for (const auto& path : except) scim::remove_selected(*resource, path, kind);
    drop_extension_markers(*resource);
  }
  Differ differ(may_clear);
  differ.compare(&before, &after, "", 0);
  if (differ.found > differ.lines.size())
    differ.lines.push_back("(" + std::to_string(differ.found - differ.lines.size()) + " more)");
  return differ.lines;
}

}  // namespace scimcheck::check
