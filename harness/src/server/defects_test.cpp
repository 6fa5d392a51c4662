// Each defect, run with the defect off and on against the same steps: the correct behaviour
// when off, the one broken behaviour when on, and the neighbouring behaviour unchanged.
#include <boost/test/data/test_case.hpp>

#include "server/defects_test_support.hpp"

using namespace defect_tests;

namespace defect_tests {

DEFECT_CASE("create-returns-200", {}, [](Api& api, bool on) {
  auto reply = api.post("/Users", {{"userName", "a@example.com"}});
  BOOST_TEST(reply.status == (on ? 200 : 201));
  BOOST_TEST(!reply.header("Location").empty());
});

DEFECT_CASE("no-location", {}, [](Api& api, bool on) {
  auto reply = api.post("/Users", {{"userName", "a@example.com"}});
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(reply.header("Location").empty() == on);
  BOOST_TEST(reply.body["meta"].contains("location"));
});

DEFECT_CASE("json-content-type", {}, [](Api& api, bool on) {
  auto reply = api.get("/Users");
  BOOST_TEST(reply.header("Content-Type") == (on ? "application/json" : "application/scim+json"));
  BOOST_TEST(reply.body.is_object());
});

DEFECT_CASE("filter-no-match-404", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  BOOST_TEST(api.get("/Users?filter=" + q("userName eq \"none@example.com\"")).status ==
             (on ? 404 : 200));
  BOOST_TEST(api.get("/Users?filter=" + q("userName eq \"a@example.com\"")).status == 200);
  BOOST_TEST(api.get("/Users").status == 200);
});

DEFECT_CASE("filter-ignored", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  api.create_user("b@example.com");
  auto reply = api.get("/Users?filter=" + q("userName eq \"a@example.com\""));
  BOOST_TEST(reply.body["totalResults"] == (on ? 2 : 1));
  BOOST_TEST(api.get("/Users?filter=" + q("userName eq")).status == 400);
});

DEFECT_CASE("filter-and-ignores-second", {}, [](Api& api, bool on) {
  api.create_user("a@example.com", {{"name", {{"familyName", "Alpha"}}}});
  api.create_user("b@example.com", {{"name", {{"familyName", "Beta"}}}});
  auto second_false = api.get("/Users?filter=" +
                              q("userName eq \"a@example.com\" and name.familyName eq \"Beta\""));
  BOOST_TEST(second_false.body["totalResults"] == (on ? 1 : 0));
  auto first_false = api.get("/Users?filter=" +
                             q("name.familyName eq \"Beta\" and userName eq \"a@example.com\""));
  BOOST_TEST(first_false.body["totalResults"] == (on ? 1 : 0));
  auto both = api.get("/Users?filter=" +
                      q("userName eq \"a@example.com\" and name.familyName eq \"Alpha\""));
  BOOST_TEST(both.body["totalResults"] == 1);
  auto either =
      api.get("/Users?filter=" + q("userName eq \"a@example.com\" or name.familyName eq \"Beta\""));
  BOOST_TEST(either.body["totalResults"] == 2);
});

DEFECT_CASE("username-case-sensitive", {}, [](Api& api, bool on) {
  api.create_user("Mixed@Example.com", {{"externalId", "Ext"}});
  auto other_case = api.get("/Users?filter=" + q("userName eq \"mixed@example.com\""));
  BOOST_TEST(other_case.body["totalResults"] == (on ? 0 : 1));
  auto same_case = api.get("/Users?filter=" + q("userName eq \"Mixed@Example.com\""));
  BOOST_TEST(same_case.body["totalResults"] == 1);
  auto name_case = api.get("/Users?filter=" + q("displayName eq \"display mixed@example.com\""));
  BOOST_TEST(name_case.body["totalResults"] == 1);
});

DEFECT_CASE("duplicate-accepted", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  BOOST_TEST(api.post("/Users", {{"userName", "A@example.com"}}).status == (on ? 201 : 409));
  api.create_group("g");
  BOOST_TEST(api.post("/Groups", {{"displayName", "G"}}).status == 409);
});

DEFECT_CASE("duplicate-case-sensitive", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  BOOST_TEST(api.post("/Users", {{"userName", "A@Example.com"}}).status == (on ? 201 : 409));
  BOOST_TEST(api.post("/Users", {{"userName", "a@example.com"}}).status == 409);
  api.create_group("g");
  BOOST_TEST(api.post("/Groups", {{"displayName", "G"}}).status == 409);
});

DEFECT_CASE("display-name-case-sensitive", {}, [](Api& api, bool on) {
  api.create_group("Team Mixed");
  auto other_case = api.get("/Groups?filter=" + q("displayName eq \"team mixed\""));
  BOOST_TEST(other_case.body["totalResults"] == (on ? 0 : 1));
  auto same_case = api.get("/Groups?filter=" + q("displayName eq \"Team Mixed\""));
  BOOST_TEST(same_case.body["totalResults"] == 1);
  api.create_user("Mixed@Example.com");
  auto user_case = api.get("/Users?filter=" + q("userName eq \"mixed@example.com\""));
  BOOST_TEST(user_case.body["totalResults"] == 1);  // users keep caseExact false
});

DEFECT_CASE("unknown-id-400", {}, [](Api& api, bool on) {
  BOOST_TEST(api.get("/Users/no-such-id").status == (on ? 400 : 404));
  BOOST_TEST(api.get("/Groups/no-such-id").status == (on ? 400 : 404));
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.get("/Users/" + id).status == 200);
});

DEFECT_CASE("manager-remove-ignored", {}, [](Api& api, bool on) {
  std::string boss = api.create_user("boss@example.com")["id"];
  std::string id = api.create_user("a@example.com")["id"];
  const std::string manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager";
  BOOST_TEST(
      api.patch_ops("/Users/" + id, ops({{{"op", "replace"}, {"path", manager}, {"value", boss}}}))
          .status == 200);
  auto removed = api.patch_ops("/Users/" + id, ops({{{"op", "remove"}, {"path", manager}}}));
  BOOST_TEST(removed.status == 200);
  auto user = api.get("/Users/" + id).body;
  const auto& ext = user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  BOOST_TEST((ext.is_object() && ext.contains("manager")) == on);
});

DEFECT_CASE("group-duplicate-accepted", {}, [](Api& api, bool on) {
  api.create_group("g");
  BOOST_TEST(api.post("/Groups", {{"displayName", "G"}}).status == (on ? 201 : 409));
  api.create_user("a@example.com");
  BOOST_TEST(api.post("/Users", {{"userName", "A@example.com"}}).status == 409);
});

DEFECT_CASE("no-scim-type", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  auto reply = api.post("/Users", {{"userName", "a@example.com"}});
  BOOST_TEST(reply.status == 409);
  BOOST_TEST(reply.body.contains("scimType") == !on);
  BOOST_TEST(reply.body["status"] == "409");
});

DEFECT_CASE("patch-capitalised-op-refused", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "Replace"}, {"path", "displayName"}, {"value", "X"}}}))
                 .status == (on ? 400 : 200));
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"path", "displayName"}, {"value", "Y"}}}))
                 .status == 200);
});

DEFECT_CASE("patch-string-boolean-refused", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"path", "active"}, {"value", "False"}}}))
                 .status == (on ? 400 : 200));
  auto boolean = api.patch_ops("/Users/" + id,
                               ops({{{"op", "replace"}, {"path", "active"}, {"value", false}}}));
  BOOST_TEST(boolean.status == 200);
  BOOST_TEST(boolean.body["active"] == false);
});

DEFECT_CASE("patch-active-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto reply = api.patch_ops("/Users/" + id,
                             ops({{{"op", "Replace"}, {"path", "active"}, {"value", "False"}},
                                  {{"op", "Replace"}, {"path", "displayName"}, {"value", "New"}}}));
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["active"] == on);
  BOOST_TEST(api.get("/Users/" + id).body["active"] == on);
  BOOST_TEST(reply.body["displayName"] == "New");
});

DEFECT_CASE("patch-filtered-add-refused", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.patch_ops("/Users/" + id, ops({{{"op", "Add"},
                                                 {"path", "emails[type eq \"other\"].value"},
                                                 {"value", "o@example.com"}}}))
                 .status == (on ? 400 : 200));
  BOOST_TEST(
      api.patch_ops("/Users/" + id, ops({{{"op", "Add"}, {"path", "nickName"}, {"value", "Nick"}}}))
          .status == 200);
});

DEFECT_CASE("patch-dotted-keys-refused", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"value", {{"name.givenName", "Dot"}}}}}))
                 .status == (on ? 400 : 200));
  const std::string urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"value", {{urn + ":department", "D"}}}}}))
                 .status == (on ? 400 : 200));
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"value", {{"displayName", "Plain"}}}}}))
                 .status == 200);
  BOOST_TEST(api.patch_ops("/Users/" + id,
                           ops({{{"op", "replace"}, {"value", {{urn, {{"department", "E"}}}}}}}))
                 .status == 200);
});

DEFECT_CASE("patch-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto reply = api.patch_ops(
      "/Users/" + id, ops({{{"op", "Replace"}, {"path", "name.familyName"}, {"value", "New"}},
                           {{"op", "Replace"}, {"path", "active"}, {"value", "False"}}}));
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["name"]["familyName"] == (on ? "Family" : "New"));
  BOOST_TEST(reply.body["active"] == false);
});

DEFECT_CASE("patch-unknown-op-accepted", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto unknown =
      api.patch_ops("/Users/" + id,
                    ops({{{"op", "Frobnicate"}, {"path", "name.familyName"}, {"value", "Frob"}}}));
  BOOST_TEST(unknown.status == (on ? 200 : 400));
  if (!on) BOOST_TEST(unknown.body["scimType"] == "invalidSyntax");
  BOOST_TEST(api.get("/Users/" + id).body["name"]["familyName"] == (on ? "Frob" : "Family"));
  // Entra's capitalised ops stay accepted either way.
  auto entra = api.patch_ops(
      "/Users/" + id, ops({{{"op", "Replace"}, {"path", "name.familyName"}, {"value", "New"}},
                           {{"op", "Add"}, {"path", "nickName"}, {"value", "Nick"}},
                           {{"op", "Remove"}, {"path", "nickName"}}}));
  BOOST_TEST(entra.status == 200);
  BOOST_TEST(entra.body["name"]["familyName"] == "New");
  BOOST_TEST(!entra.body.contains("nickName"));
});

DEFECT_CASE("member-add-first-only", {}, [](Api& api, bool on) {
  Json members = Json::array();
  for (const char* name : {"a@example.com", "b@example.com", "c@example.com"})
    members.push_back({{"value", api.create_user(name)["id"]}});
  std::string gid = api.create_group("g")["id"];
  auto reply = api.patch_ops("/Groups/" + gid,
                             ops({{{"op", "Add"}, {"path", "members"}, {"value", members}}}));
  BOOST_TEST(reply.body["members"].size() == (on ? 1u : 3u));
});

DEFECT_CASE("member-remove-all", {}, [](Api& api, bool on) {
  Json members = Json::array();
  for (const char* name : {"a@example.com", "b@example.com", "c@example.com"})
    members.push_back({{"value", api.create_user(name)["id"]}});
  std::string gid = api.create_group("g")["id"];
  api.patch_ops("/Groups/" + gid, ops({{{"op", "Add"}, {"path", "members"}, {"value", members}}}));
  auto reply = api.patch_ops(
      "/Groups/" + gid, ops({{{"op", "Remove"}, {"path", "members"}, {"value", {members[0]}}}}));
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["members"].size() == (on ? 0u : 2u));
});

DEFECT_CASE("null-update-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto emptied = api.patch_ops(
      "/Users/" + id, ops({{{"op", "replace"}, {"path", "displayName"}, {"value", ""}},
                           {{"op", "replace"}, {"path", "name.givenName"}, {"value", nullptr}},
                           {{"op", "replace"}, {"path", "name.familyName"}, {"value", "New"}}}));
  BOOST_TEST(emptied.status == 200);
  auto user = api.get("/Users/" + id).body;
  const bool display_kept = user.value("displayName", "") == "Display a@example.com";
  BOOST_TEST(display_kept == on);
  BOOST_TEST(user["name"].contains("givenName") == on);
  BOOST_TEST(user["name"]["familyName"] == "New");
  // A PATCH that only empties answers success too, and changes nothing with the defect.
  auto only = api.patch_ops("/Users/" + id,
                            ops({{{"op", "replace"}, {"path", "displayName"}, {"value", ""}}}));
  BOOST_TEST(only.status == 200);
  BOOST_TEST((api.get("/Users/" + id).body.value("displayName", "") == "") == !on);
});

DEFECT_CASE("patch-same-attribute-first-only", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  api.patch_ops("/Users/" + id,
                ops({{{"op", "add"}, {"path", "displayName"}, {"value", "First"}},
                     {{"op", "replace"}, {"path", "DisplayName"}, {"value", "Second"}},
                     {{"op", "replace"}, {"path", "name.familyName"}, {"value", "Other"}}}));
  auto user = api.get("/Users/" + id).body;
  BOOST_TEST(user["displayName"] == (on ? "First" : "Second"));
  BOOST_TEST(user["name"]["familyName"] == "Other");
});

DEFECT_CASE("pagination-ignores-start-index", {}, [](Api& api, bool on) {
  for (const char* name : {"a@example.com", "b@example.com", "c@example.com"})
    api.create_user(name);
  auto first = api.get("/Users?startIndex=1&count=2").body;
  auto second = api.get("/Users?startIndex=3&count=2").body;
  BOOST_TEST(second["startIndex"] == 3);
  BOOST_TEST(second["Resources"].size() == (on ? 2u : 1u));
  BOOST_TEST((second["Resources"][0]["id"] == first["Resources"][0]["id"]) == on);
  BOOST_TEST(first["Resources"].size() == 2u);
});

DEFECT_CASE("schemas-missing-mapped-attribute", {}, [](Api& api, bool on) {
  auto user = api.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body;
  bool display = false, user_name = false;
  for (const auto& attribute : user["attributes"]) {
    display = display || attribute["name"] == "displayName";
    user_name = user_name || attribute["name"] == "userName";
  }
  BOOST_TEST(display == !on);
  BOOST_TEST(user_name);
  BOOST_TEST(api.create_user("a@example.com")["displayName"] == "Display a@example.com");
});

DEFECT_CASE("schemas-no-group", {}, [](Api& api, bool on) {
  auto list = api.get("/Schemas").body;
  bool group = false, user = false;
  for (const auto& schema : list["Resources"]) {
    group = group || schema["id"] == "urn:ietf:params:scim:schemas:core:2.0:Group";
    user = user || schema["id"] == "urn:ietf:params:scim:schemas:core:2.0:User";
  }
  BOOST_TEST(group == !on);
  BOOST_TEST(user);
  BOOST_TEST(api.get("/Groups").status == 200);
});

DEFECT_CASE("delete-nonexistent-204", {}, [](Api& api, bool on) {
  BOOST_TEST(api.del("/Users/never-issued").status == (on ? 204 : 404));
  BOOST_TEST(api.del("/Groups/never-issued").status == (on ? 204 : 404));
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.del("/Users/" + id).status == 204);
  BOOST_TEST(api.del("/Users/" + id).status == 404);
});

DEFECT_CASE("members-not-excluded", {}, [](Api& api, bool on) {
  std::string gid = api.create_group("g")["id"];
  BOOST_TEST(api.get("/Groups/" + gid + "?excludedAttributes=members").body.contains("members") ==
             on);
  BOOST_TEST(!api.get("/Groups/" + gid + "?excludedAttributes=externalId,displayName")
                  .body.contains("displayName"));
});

DEFECT_CASE("attributes-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.get("/Users/" + id + "?attributes=userName").body.contains("emails") == on);
  BOOST_TEST(!api.get("/Users/" + id + "?excludedAttributes=emails").body.contains("emails"));
});

DEFECT_CASE("delete-leaves-resource", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  BOOST_TEST(api.del("/Users/" + id).status == 204);
  BOOST_TEST(api.get("/Users/" + id).status == (on ? 200 : 404));
});

}  // namespace defect_tests

namespace {

const std::map<std::string, DefectCase>& cases() { return registered_cases(); }

std::vector<std::string> defect_names() {
  std::vector<std::string> names;
  for (const auto& defect : defects()) names.push_back(defect.name);
  return names;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_defects)

BOOST_AUTO_TEST_CASE(catalogue_is_complete_and_described) {
  BOOST_TEST(defects().size() >= 30u);
  for (const auto& defect : defects()) {
    BOOST_TEST(cases().count(defect.name) == 1u, "no test for defect " << defect.name);
    BOOST_TEST(!defect.requirement.empty());
    BOOST_TEST(!defect.behaviour.empty());
    BOOST_TEST(find_defect(defect.name) == &defect);
  }
  BOOST_TEST(cases().size() == defects().size());
  BOOST_TEST(repeated_case_names().empty(),
             "defects with two cases: " << repeated_case_names().size());
  BOOST_TEST(find_defect("no-such-defect") == nullptr);
}

BOOST_DATA_TEST_CASE(defect_breaks_only_its_behaviour, boost::unit_test::data::make(defect_names()),
                     name) {
  auto found = cases().find(name);
  BOOST_TEST_REQUIRE((found != cases().end()), "no test for defect " << name);
  for (bool on : {false, true}) {
    BOOST_TEST_CONTEXT(name << (on ? " on" : " off")) {
      ServerOptions options = test_options();
      if (found->second.setup) found->second.setup(options);
      if (on) options.defects = {name};
      Api api(options);
      found->second.check(api, on);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
