#pragma once
/// The defects the reference server can switch on (`--defect NAME`), each breaking exactly
/// one requirement, so that every check can be shown to fail against a faulty server. A
/// defect is one row of the table in defects.cpp plus one hook in DefectHooks
/// (defect_hooks.hpp); names are read only at the edge (parse_defects), code uses the enum.
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scimcheck::server {

/// One defect; the order is the table's (defects.cpp), the name its identifier with '-'.
enum class Defect : std::uint8_t {
  create_returns_200,
  no_location,
  json_content_type,
  filter_no_match_404,
  filter_ignored,
  filter_and_ignores_second,
  username_case_sensitive,
  display_name_case_sensitive,
  unknown_id_400,
  manager_remove_ignored,
  duplicate_accepted,
  duplicate_case_sensitive,
  group_duplicate_accepted,
  no_scim_type,
  patch_capitalised_op_refused,
  patch_string_boolean_refused,
  patch_active_ignored,
  patch_filtered_add_refused,
  patch_dotted_keys_refused,
  patch_ignored,
  patch_unknown_op_accepted,
  member_add_first_only,
  member_remove_all,
  members_not_excluded,
  attributes_ignored,
  delete_leaves_resource,
  delete_returns_200,
  active_as_string,
  emails_as_object,
  error_without_schema,
  error_status_number,
  start_index_zero,
  count_ignored,
  no_total_results,
  items_per_page_wrong,
  invalid_filter_accepted,
  no_auth,
  wrong_token_accepted,
  no_www_authenticate,
  no_meta,
  no_schemas,
  password_returned,
  undeclared_attribute,
  readonly_from_request,
  schemas_wrong_type,
  manager_bare_string,
  null_update_ignored,
  patch_same_attribute_first_only,
  pagination_ignores_start_index,
  schemas_missing_mapped_attribute,
  schemas_no_group,
  delete_nonexistent_204,
  patch_drops_other_attributes,
  put_ignored,
  etag_ignored,
  no_service_provider_config,
  schemas_endpoint_missing,
  discovery_by_id_returns_list,
  search_unsupported,
  slow,
  truncated_json,
  old_token_valid,
  names_optional,
  domain_unchecked,
  name_parts_dropped
};
/// The number of defects: the last one's position plus one.
inline constexpr std::size_t kDefectCount =
    static_cast<std::size_t>(Defect::name_parts_dropped) + 1;

struct DefectInfo {
  Defect defect;
  std::string name;         ///< e.g. "create-returns-200"
  std::string requirement;  ///< e.g. "RFC 7644 3.3" or "Entra contract 1.2"
  std::string behaviour;    ///< what the server does wrong, one sentence
};

/// Every defect, in the order of the enum.
const std::vector<DefectInfo>& defects();
/// The defect with this name, or nullptr.
const DefectInfo* find_defect(const std::string& name);
const DefectInfo& defect_info(Defect defect);

/// The defects a server runs with.
class DefectSet {
 public:
  void insert(Defect defect) { bits_.set(static_cast<std::size_t>(defect)); }
  bool has(Defect defect) const { return bits_.test(static_cast<std::size_t>(defect)); }
  bool empty() const { return bits_.none(); }

 private:
  std::bitset<kDefectCount> bits_;
};

/// The set named by `names`; nullopt with a message naming the first unknown name.
std::optional<DefectSet> parse_defects(const std::vector<std::string>& names, std::string* error);

}  // namespace scimcheck::server
