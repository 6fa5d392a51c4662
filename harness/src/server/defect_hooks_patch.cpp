#include <algorithm>
#include <set>
#include <string_view>

#include "scim/path.hpp"
#include "server/defect_hooks.hpp"
#include "server/support.hpp"

// The PATCH-operations hook: the defects that rewrite, drop or refuse the operations of a
// PATCH before the server applies them.

namespace scimcheck::server {
namespace {

using Json = nlohmann::json;

bool op_is(const Json& op, std::string_view name) { return iequals(string_member(op, "op"), name); }

/// The defects null-update-ignored (an add or replace to "" or null is dropped) and
/// patch-same-attribute-first-only (an operation on a path an earlier one named is dropped).
/// Whether any operation was dropped.
bool drop_patch_operations(Json& operations, bool drop_empty, bool first_only) {
  if (!drop_empty && !first_only) return false;
  std::set<std::string> seen;
  const auto dropped = [&](const Json& op) {
    if (!op.is_object()) return false;
    const std::string path = fold_case(string_member(op, "path"));
    const Json* value = scim::find_member(op, "value");
    const bool emptying = value && (value->is_null() || *value == Json(""));
    if (drop_empty && !path.empty() && emptying && !iequals(string_member(op, "op"), "remove"))
      return true;
    return first_only && !path.empty() && !seen.insert(path).second;
  };
  const std::size_t before = operations.size();
  operations.erase(std::remove_if(operations.begin(), operations.end(), dropped), operations.end());
  return operations.size() != before;
}

/// manager-remove-ignored: a remove naming manager is dropped.
void drop_manager_removes(Json& operations) {
  operations.erase(std::remove_if(operations.begin(), operations.end(),
                                  [](const Json& op) {
                                    return op.is_object() && op_is(op, "remove") &&
                                           fold_case(string_member(op, "path")).find("manager") !=
                                               std::string::npos;
                                  }),
                   operations.end());
}

/// patch-unknown-op-accepted: an operation whose op is not add, remove or replace replaces.
void unknown_op_replaces(Json& op) {
  if (op_is(op, "add") || op_is(op, "remove") || op_is(op, "replace")) return;
  erase_member(op, "op");
  op["op"] = "replace";
}

/// member-add-first-only: an add of several members adds the first.
void add_first_member_only(Json& op) {
  if (!op_is(op, "add")) return;
  Json* value = scim::find_member(op, "value");
  const std::string path = string_member(op, "path");
  Json* members = nullptr;
  if (value && iequals(path, "members"))
    members = value;
  else if (value && value->is_object() && path.empty())
    members = scim::find_member(*value, "members");
  if (members && members->is_array() && members->size() > 1)
    members->erase(members->begin() + 1, members->end());
}

/// patch-dotted-keys-refused: what Entra sends with the flag on, {"name.givenName": ...} or
/// {"urn:...:User:employeeNumber": ...}, is refused (an extension's own URN key is accepted).
std::optional<scim::ScimError> refuse_dotted_keys(const Json& op) {
  if (!string_member(op, "path").empty()) return std::nullopt;
  const Json* value = scim::find_member(op, "value");
  if (!value || !value->is_object()) return std::nullopt;
  for (auto member = value->begin(); member != value->end(); ++member)
    if (member.key().find_first_of(".:") != std::string::npos && !scim::is_schema_urn(member.key()))
      return scim::ScimError{
          400, "invalidPath",
          "pathless PATCH values must be nested objects, not '" + member.key() + "'"};
  return std::nullopt;
}

}  // namespace

PatchEdit DefectHooks::patch_operations(Json& operations) const {
  PatchEdit edit;
  const bool dropped = drop_patch_operations(operations, on(Defect::null_update_ignored),
                                             on(Defect::patch_same_attribute_first_only));
  if (on(Defect::manager_remove_ignored)) drop_manager_removes(operations);
  for (auto& op : operations) {
    if (!op.is_object()) continue;
    if (on(Defect::patch_unknown_op_accepted)) unknown_op_replaces(op);
    if (on(Defect::member_add_first_only)) add_first_member_only(op);
    if (on(Defect::patch_dotted_keys_refused))
      if (auto refusal = refuse_dotted_keys(op)) {
        edit.refusal = std::move(refusal);
        return edit;
      }
  }
  edit.nothing_to_apply = operations.empty() && (dropped || on(Defect::manager_remove_ignored));
  return edit;
}

}  // namespace scimcheck::server
