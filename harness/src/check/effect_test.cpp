#include <boost/test/unit_test.hpp>

#include "check/effect.hpp"

using namespace scimcheck;
using nlohmann::json;

namespace {

const json kBefore = json::parse(R"({
  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
  "id": "2819c223", "userName": "bjensen@example.com", "active": true,
  "name": {"givenName": "Barbara", "familyName": "Jensen"},
  "emails": [{"type": "work", "value": "bjensen@example.com", "primary": true},
             {"type": "home", "value": "babs@jensen.org"}],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Sales"},
  "meta": {"resourceType": "User", "created": "2026-01-01T00:00:00Z",
           "lastModified": "2026-01-01T00:00:00Z", "version": "W/\"1\""}})");

std::vector<scim::AttrPath> paths(std::initializer_list<const char*> texts) {
  std::vector<scim::AttrPath> out;
  for (const char* text : texts) out.push_back(*scim::parse_path(text).value);
  return out;
}

std::vector<std::string> changes(const json& after, std::initializer_list<const char*> except) {
  return check::unexpected_changes(kBefore, after, paths(except), scim::ResourceKind::user);
}

std::string all(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(whole_effect)

BOOST_AUTO_TEST_CASE(the_intended_change_alone_passes_and_write_stamps_are_ignored) {
  json after = kBefore;
  after["name"]["givenName"] = "Babs";
  after["meta"]["lastModified"] = "2026-01-02T00:00:00Z";
  after["meta"]["version"] = "W/\"2\"";
  BOOST_TEST(changes(after, {"name.givenName"}).empty());
  BOOST_TEST(changes(kBefore, {}).empty());
}

BOOST_AUTO_TEST_CASE(an_extra_changed_attribute_fails) {
  json after = kBefore;
  after["name"]["givenName"] = "Babs";
  after["active"] = "True";
  const auto found = changes(after, {"name.givenName"});
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found[0] == "active: true -> \"True\"");
}

BOOST_AUTO_TEST_CASE(a_dropped_attribute_fails) {
  json after = kBefore;
  after["name"]["givenName"] = "Babs";
  after["name"].erase("familyName");
  after["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].erase("department");
  const std::string found = all(changes(after, {"name.givenName"}));
  BOOST_TEST(found.find("name.familyName: \"Jensen\" -> absent") != std::string::npos, found);
  BOOST_TEST(found.find("department: \"Sales\" -> absent") != std::string::npos, found);
}

BOOST_AUTO_TEST_CASE(a_changed_multi_valued_element_fails_and_order_does_not_matter) {
  json after = kBefore;
  after["emails"][1]["value"] = "other@jensen.org";
  const std::string found = all(changes(after, {"name.givenName"}));
  BOOST_TEST(found.find("emails[].value: \"babs@jensen.org\" -> \"other@jensen.org\"") !=
                 std::string::npos, found);
  json reordered = kBefore;
  std::swap(reordered["emails"][0], reordered["emails"][1]);
  BOOST_TEST(changes(reordered, {}).empty());
}

BOOST_AUTO_TEST_CASE(value_filters_in_except_paths_allow_that_element_only) {
  json after = kBefore;
  after["emails"][0]["value"] = "new@example.com";
  BOOST_TEST(changes(after, {"emails[type eq \"work\"].value"}).empty());
  BOOST_TEST(!changes(after, {"emails[type eq \"home\"].value"}).empty());
  after["emails"][1]["value"] = "x@jensen.org";
  BOOST_TEST(changes(after, {"emails[type eq \"work\"].value"}).size() == 1u);
  json added = kBefore;
  added["emails"].push_back({{"type", "other"}, {"value", "o@example.com"}});
  BOOST_TEST(changes(added, {"emails[type eq \"other\"]"}).empty());
  BOOST_TEST(changes(added, {}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(unassigned_forms_are_equal_and_ids_may_not_change) {
  json after = kBefore;
  after["nickName"] = nullptr;
  after["phoneNumbers"] = json::array();
  BOOST_TEST(changes(after, {}).empty());
  after["id"] = "other";
  after["meta"]["created"] = "2027-01-01T00:00:00Z";
  BOOST_TEST(changes(after, {}).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_put_may_clear_what_it_omitted_but_change_nothing_else) {
  json after = kBefore;
  after["name"].erase("familyName");
  after["emails"].erase(1);
  auto cleared = check::unexpected_changes(kBefore, after, {}, scim::ResourceKind::user, true);
  BOOST_TEST(cleared.empty(), all(cleared));
  BOOST_TEST(!check::unexpected_changes(kBefore, after, {}, scim::ResourceKind::user).empty());
  after["title"] = "added";
  after["emails"][0]["value"] = "changed@example.com";
  cleared = check::unexpected_changes(kBefore, after, {}, scim::ResourceKind::user, true);
  BOOST_TEST(cleared.size() == 2u, all(cleared));
}

BOOST_AUTO_TEST_CASE(an_extension_urn_follows_its_attributes) {
  const std::string ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  json before = kBefore;
  before.erase(ext);
  before["schemas"] = {"urn:ietf:params:scim:schemas:core:2.0:User"};
  json after = kBefore;
  after[ext] = {{"manager", {{"value", "m1"}}}};
  // Setting the first extension attribute brings the extension's URN along.
  BOOST_TEST(check::unexpected_changes(before, after, paths({"manager"}), scim::ResourceKind::user)
                 .empty());
  // Removing the last one may leave {} or drop the object and the URN.
  json emptied = after;
  emptied[ext] = json::object();
  BOOST_TEST(check::unexpected_changes(after, emptied, paths({"manager"}), scim::ResourceKind::user)
                 .empty());
  BOOST_TEST(check::unexpected_changes(after, before, paths({"manager"}), scim::ResourceKind::user)
                 .empty());
  // The extension's attributes still count, once each; its URN in schemas is not compared.
  const auto found = check::unexpected_changes(before, after, {}, scim::ResourceKind::user);
  BOOST_TEST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found[0] == ext + ".manager.value: absent -> \"m1\"");
}

BOOST_AUTO_TEST_CASE(the_list_is_bounded) {
  json after = kBefore;
  for (int i = 0; i < 20; ++i) after["x" + std::to_string(i)] = i;
  const auto found = changes(after, {});
  BOOST_TEST(found.size() == check::kMaxDifferencesListed + 1);
  BOOST_TEST(found.back() == "(12 more)");
}

BOOST_AUTO_TEST_CASE(deep_values_are_compared_without_unbounded_recursion) {
  json deep = 1;
  for (int i = 0; i < 200; ++i) deep = json::array({deep});
  json before = kBefore, after = kBefore;
  before["deep"] = deep;
  after["deep"] = json::array({2});
  BOOST_TEST(!check::unexpected_changes(before, after, {}, scim::ResourceKind::user).empty());
}

BOOST_AUTO_TEST_SUITE_END()
