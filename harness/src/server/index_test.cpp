// The store's index of userName, externalId, displayName (and id): it may only narrow the
// candidates of a filter or a uniqueness check, never change an answer. Each filter is asked
// twice, as itself (indexed) and wrapped in `not (not (...))`, which the index never narrows, so
// the second answer is the scan's; the two must be the same after every kind of change.
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "server/test_client.hpp"

using namespace scimcheck::server;
using namespace scimcheck::server::testing;
using Json = nlohmann::json;

namespace {

constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kGroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";

std::string encode(const std::string& text) { return httplib::detail::encode_query_param(text); }

/// The answer to a list request reduced to what the index could change.
struct Listed {
  int status = 0;
  Json total;
  std::vector<std::string> ids;  // in the order returned
  bool operator==(const Listed&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Listed& l) {
  out << l.status << " total=" << l.total.dump() << " [";
  for (const auto& id : l.ids) out << id << ' ';
  return out << ']';
}

Listed list(Api& api, const std::string& endpoint, const std::string& filter,
            const std::string& extra = "") {
  auto reply = api.get(endpoint + "?filter=" + encode(filter) + extra);
  Listed l;
  l.status = reply.status;
  if (reply.status == 200) {
    l.total = reply.body.value("totalResults", Json());
    for (const auto& r : reply.body["Resources"]) l.ids.push_back(r.value("id", ""));
  }
  return l;
}

/// The same filter as a scan: the index never narrows a `not`.
Listed scanned(Api& api, const std::string& endpoint, const std::string& filter,
               const std::string& extra = "") {
  return list(api, endpoint, "not (not (" + filter + "))", extra);
}

/// Asks each filter indexed and as a scan and expects the same answer; returns the indexed ones.
std::vector<Listed> same_as_scan(Api& api, const std::string& endpoint,
                                 const std::vector<std::string>& filters) {
  std::vector<Listed> out;
  for (const auto& filter : filters) {
    BOOST_TEST_CONTEXT(endpoint << "?filter=" << filter) {
      auto indexed = list(api, endpoint, filter);
      BOOST_TEST(indexed == scanned(api, endpoint, filter));
      out.push_back(indexed);
    }
  }
  return out;
}

Json user_body(const std::string& user_name, Json extra = Json::object()) {
  Json body = {{"schemas", {kUserUrn}}, {"userName", user_name}};
  body.merge_patch(extra);
  return body;
}

std::string created_id(const Reply& reply) {
  BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.text);
  return reply.body["id"].get<std::string>();
}

int total(Api& api, const std::string& filter, const std::string& endpoint = "/Users") {
  auto l = list(api, endpoint, filter);
  BOOST_REQUIRE_MESSAGE(l.status == 200, filter << ": " << l.status);
  return l.total.get<int>();
}

Json replace_op(const std::string& path, Json value) {
  return {{"op", "Replace"}, {"path", path}, {"value", std::move(value)}};
}

/// The filters every comparison asks: each indexed attribute, any case of its name and value,
/// and/or combinations, a core-URN-qualified name, and terms the index cannot serve.
std::vector<std::string> probe_filters(const std::vector<std::string>& names,
                                       const std::vector<std::string>& external_ids,
                                       const std::vector<std::string>& display_names) {
  std::vector<std::string> filters;
  auto quoted = [](const std::string& v) { return "\"" + v + "\""; };
  for (const auto& n : names) {
    filters.push_back("userName eq " + quoted(n));
    filters.push_back("USERNAME eq " + quoted(n));
    std::string upper = n;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    filters.push_back("userName eq " + quoted(upper));
    filters.push_back(std::string(kUserUrn) + ":userName eq " + quoted(n));
    filters.push_back("userName eq " + quoted(n) + " and active eq true");
    filters.push_back("active eq true and userName eq " + quoted(n));
    filters.push_back("userName eq " + quoted(n) + " or externalId eq \"ext-2\"");
    filters.push_back("userName eq " + quoted(n) + " or active eq false");
    filters.push_back("(userName eq " + quoted(n) +
                      " or userName eq \"b@example.com\") and "
                      "displayName eq \"Shared\"");
  }
  for (const auto& e : external_ids) {
    filters.push_back("externalId eq " + quoted(e));
    std::string upper = e;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    filters.push_back("externalId eq " + quoted(upper));
  }
  for (const auto& d : display_names) {
    filters.push_back("displayName eq " + quoted(d));
    filters.push_back("displayname eq " + quoted(d) + " and userName sw \"a\"");
  }
  filters.push_back("userName eq \"\"");
  filters.push_back("displayName eq \"\"");
  filters.push_back("userName co \"example\"");
  filters.push_back("externalId pr");
  return filters;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(store_index)

BOOST_AUTO_TEST_CASE(filters_follow_renames_by_patch_put_and_delete) {
  Api api(test_options());
  const std::string a = created_id(api.post(
      "/Users", user_body("a@example.com", {{"externalId", "ext-1"}, {"displayName", "Shared"}})));
  const std::string b = created_id(api.post(
      "/Users", user_body("b@example.com", {{"externalId", "ext-2"}, {"displayName", "Shared"}})));
  BOOST_TEST(total(api, "userName eq \"A@EXAMPLE.COM\"") == 1);
  BOOST_TEST(total(api, "displayName eq \"shared\"") == 2);
  BOOST_TEST(total(api, "id eq \"" + a + "\"") == 1);
  BOOST_TEST(total(api, "id eq \"" + a + "\" and userName eq \"b@example.com\"") == 0);
  BOOST_TEST(total(api, "userName eq \"a@example.com\" or userName eq \"b@example.com\"") == 2);

  // PATCH with a path renames a; PATCH without a path renames b; both old names are free.
  BOOST_REQUIRE(
      api.patch_ops("/Users/" + a, Json::array({replace_op("userName", "a2@example.com")}))
          .status == 200);
  BOOST_REQUIRE(
      api.patch_ops("/Users/" + b,
                    {{{"op", "Replace"},
                      {"value", {{"userName", "b2@example.com"}, {"externalId", "ext-2b"}}}}})
          .status == 200);
  BOOST_TEST(total(api, "userName eq \"a@example.com\"") == 0);
  BOOST_TEST(total(api, "userName eq \"A2@example.com\"") == 1);
  BOOST_TEST(total(api, "userName eq \"b@example.com\"") == 0);
  BOOST_TEST(total(api, "userName eq \"b2@example.com\"") == 1);
  BOOST_TEST(total(api, "externalId eq \"ext-2\"") == 0);
  BOOST_TEST(total(api, "externalId eq \"ext-2b\"") == 1);
  // The new names are taken (any case), the old ones can be used again.
  BOOST_TEST(api.post("/Users", user_body("A2@EXAMPLE.COM")).status == 409);
  BOOST_TEST(api.patch_ops("/Users/" + b, Json::array({replace_op("userName", "a2@example.com")}))
                 .status == 409);
  const std::string a_again = created_id(api.post("/Users", user_body("a@example.com")));

  // PUT renames, drops externalId and displayName.
  BOOST_REQUIRE(api.put("/Users/" + a, user_body("a3@example.com")).status == 200);
  BOOST_TEST(total(api, "userName eq \"a2@example.com\"") == 0);
  BOOST_TEST(total(api, "userName eq \"a3@example.com\"") == 1);
  BOOST_TEST(total(api, "externalId eq \"ext-1\"") == 0);
  BOOST_TEST(total(api, "displayName eq \"Shared\"") == 1);
  BOOST_TEST(api.post("/Users", user_body("a2@example.com")).status == 201);
  // A PATCH that removes an indexed attribute.
  BOOST_REQUIRE(
      api.patch_ops("/Users/" + b, {{{"op", "Remove"}, {"path", "displayName"}}}).status == 200);
  BOOST_TEST(total(api, "displayName eq \"Shared\"") == 0);

  // DELETE, then the same name again: a new resource, found by its new id only.
  BOOST_TEST(api.del("/Users/" + a).status == 204);
  BOOST_TEST(total(api, "userName eq \"a3@example.com\"") == 0);
  BOOST_TEST(total(api, "id eq \"" + a + "\"") == 0);
  const std::string a4 = created_id(api.post("/Users", user_body("A3@example.com")));
  auto found = list(api, "/Users", "userName eq \"a3@EXAMPLE.com\"");
  BOOST_TEST(found.ids == std::vector<std::string>{a4});
  BOOST_TEST(api.del("/Users/" + a_again).status == 204);
  BOOST_TEST(total(api, "userName eq \"a@example.com\"") == 0);

  // Groups: displayName is the unique name; renames by PATCH and PUT.
  const std::string g =
      created_id(api.post("/Groups", {{"schemas", {kGroupUrn}}, {"displayName", "Sales"}}));
  BOOST_TEST(total(api, "displayName eq \"SALES\"", "/Groups") == 1);
  BOOST_REQUIRE(
      api.patch_ops("/Groups/" + g, Json::array({replace_op("displayName", "Sales EU")})).status ==
      200);
  BOOST_TEST(total(api, "displayName eq \"sales\"", "/Groups") == 0);
  BOOST_TEST(total(api, "displayName eq \"sales eu\"", "/Groups") == 1);
  BOOST_TEST(api.post("/Groups", {{"schemas", {kGroupUrn}}, {"displayName", "SALES EU"}}).status ==
             409);
  BOOST_REQUIRE(
      api.put("/Groups/" + g, {{"schemas", {kGroupUrn}}, {"displayName", "Sales US"}}).status ==
      200);
  BOOST_TEST(total(api, "displayName eq \"sales eu\"", "/Groups") == 0);
  BOOST_TEST(total(api, "displayName eq \"Sales US\"", "/Groups") == 1);
  BOOST_TEST(api.post("/Groups", {{"schemas", {kGroupUrn}}, {"displayName", "Sales EU"}}).status ==
             201);
  // Users and groups are indexed apart: a group's displayName is not a user's.
  BOOST_TEST(total(api, "displayName eq \"Sales US\"") == 0);
}

BOOST_AUTO_TEST_CASE(results_stay_in_creation_order) {
  Api api(test_options());
  // Three users share a displayName; renames put them into the index in another order.
  std::vector<std::string> ids;
  for (const char* name : {"c@example.com", "d@example.com", "e@example.com"})
    ids.push_back(created_id(api.post("/Users", user_body(name, {{"displayName", "Old"}}))));
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    BOOST_REQUIRE(
        api.patch_ops("/Users/" + *it, Json::array({replace_op("displayName", "Team")})).status ==
        200);
  BOOST_TEST(list(api, "/Users", "displayName eq \"team\"").ids == ids);
  BOOST_TEST(list(api, "/Users", "displayName eq \"team\" or userName eq \"c@example.com\"").ids ==
             ids);
  // Paging over the narrowed list.
  auto page = list(api, "/Users", "displayName eq \"Team\"", "&startIndex=2&count=1");
  BOOST_TEST(page.total == 3);
  BOOST_TEST(page.ids == std::vector<std::string>{ids[1]});
  // sortBy still orders the narrowed list.
  auto sorted =
      list(api, "/Users", "displayName eq \"Team\"", "&sortBy=userName&sortOrder=descending");
  BOOST_TEST(sorted.ids == (std::vector<std::string>{ids[2], ids[1], ids[0]}));
}

BOOST_AUTO_TEST_CASE(values_that_are_not_plain_strings_are_still_found) {
  // The server stores what a client sends for an attribute of the wrong type, and the filter
  // still compares it: a boolean matches "True", an array matches by any element, an object by
  // its "value"; a member named in another case is found by a filter naming it that way.
  Api api(test_options());
  const std::string flag =
      created_id(api.post("/Users", user_body("flag@example.com", {{"externalId", true}})));
  const std::string listed = created_id(api.post(
      "/Users", user_body("list@example.com", {{"displayName", Json::array({"Ann", "Bob"})}})));
  const std::string object = created_id(
      api.post("/Users", user_body("obj@example.com", {{"externalId", {{"value", "ext-obj"}}}})));
  const std::string two_cases = created_id(
      api.post("/Users", user_body("first@example.com", {{"USERNAME", "second@example.com"}})));
  BOOST_TEST(total(api, "externalId eq \"True\"") == 1);
  BOOST_TEST(total(api, "displayName eq \"bob\"") == 1);
  BOOST_TEST(total(api, "externalId eq \"ext-obj\"") == 1);
  BOOST_TEST(total(api, "userName eq \"first@example.com\"") == 1);
  BOOST_TEST(total(api, "USERNAME eq \"second@example.com\"") == 1);
  // The unique name is the one the server reads (userName): taken, and the other is free.
  BOOST_TEST(api.post("/Users", user_body("FIRST@example.com")).status == 409);
  same_as_scan(api, "/Users",
               {"externalId eq \"true\"", "externalId eq \"false\"", "displayName eq \"Ann\"",
                "displayName eq \"Carl\"", "externalId eq \"ext-obj\"",
                "userName eq \"first@example.com\"", "userName eq \"second@example.com\"",
                "USERNAME eq \"second@example.com\"", "username eq \"first@example.com\""});
  // And they leave the index when they change.
  BOOST_REQUIRE(api.put("/Users/" + flag, user_body("flag@example.com")).status == 200);
  BOOST_REQUIRE(api.del("/Users/" + listed).status == 204);
  BOOST_REQUIRE(api.put("/Users/" + two_cases, user_body("third@example.com")).status == 200);
  BOOST_TEST(total(api, "externalId eq \"True\"") == 0);
  BOOST_TEST(total(api, "displayName eq \"bob\"") == 0);
  BOOST_TEST(total(api, "USERNAME eq \"second@example.com\"") == 0);
  BOOST_TEST(api.post("/Users", user_body("first@example.com")).status == 201);
  (void)object;
}

BOOST_AUTO_TEST_CASE(every_answer_is_the_answer_of_a_scan_under_each_defect) {
  // The defects that change filtering, case rules, uniqueness or what a write keeps.
  const std::vector<std::vector<std::string>> defect_sets = {
      {},
      {"username-case-sensitive"},
      {"duplicate-accepted", "group-duplicate-accepted"},
      {"filter-ignored"},
      {"filter-no-match-404"},
      {"invalid-filter-accepted"},
      {"patch-ignored"},
      {"put-ignored"},
      {"delete-leaves-resource"},
      {"username-case-sensitive", "duplicate-accepted", "filter-no-match-404"},
  };
  for (const auto& defects : defect_sets) {
    std::string label;
    for (const auto& d : defects) label += d + " ";
    BOOST_TEST_CONTEXT("defects: " << label) {
      auto options = test_options();
      options.defects = defects;
      options.seed_users = 3;
      Api api(options);
      auto post = [&](const std::string& name, Json extra) {
        auto reply = api.post("/Users", user_body(name, std::move(extra)));
        return reply.status == 201 ? reply.body["id"].get<std::string>() : std::string();
      };
      const std::string a =
          post("a@example.com", {{"externalId", "ext-1"}, {"displayName", "Shared"}});
      const std::string b =
          post("b@example.com", {{"externalId", "ext-2"}, {"displayName", "Shared"}});
      post("A@Example.com", {{"externalId", "EXT-1"}});  // 409 unless duplicates are accepted
      post("c@example.com", {{"active", false}});
      BOOST_REQUIRE(!a.empty());
      BOOST_REQUIRE(!b.empty());
      api.patch_ops("/Users/" + a,
                    {replace_op("userName", "a2@example.com"), replace_op("displayName", "Solo")});
      api.put("/Users/" + b,
              user_body("B2@example.com", {{"externalId", "ext-2b"}, {"displayName", "Shared"}}));
      api.del("/Users/" + b);
      post("b@example.com", {{"externalId", "ext-2"}});
      const std::vector<std::string> names = {
          "a@example.com", "a2@example.com",      "b@example.com",     "b2@example.com",
          "c@example.com", "seed-2@seed.example", "nobody@example.com"};
      same_as_scan(api, "/Users",
                   probe_filters(names, {"ext-1", "ext-2", "ext-2b", "seed-3", "none"},
                                 {"Shared", "Solo", "Seed User 1", "none"}));
      BOOST_TEST(list(api, "/Users", "id eq \"" + a + "\"") ==
                 scanned(api, "/Users", "id eq \"" + a + "\""));
      BOOST_TEST(list(api, "/Users", "id eq \"" + b + "\"") ==
                 scanned(api, "/Users", "id eq \"" + b + "\""));
      // The same through POST /Users/.search and POST /.search (users and groups together).
      for (const std::string endpoint : {"/Users/.search", "/.search"}) {
        for (const std::string filter : {"userName eq \"a2@example.com\"",
                                         "displayName eq \"shared\"", "externalId eq \"ext-2\""}) {
          BOOST_TEST_CONTEXT(endpoint << " " << filter) {
            auto indexed = api.post(endpoint, {{"filter", filter}});
            auto scan = api.post(endpoint, {{"filter", "not (not (" + filter + "))"}});
            BOOST_TEST(indexed.status == scan.status);
            BOOST_TEST(indexed.body.value("Resources", Json()) ==
                       scan.body.value("Resources", Json()));
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(defects_still_decide_the_answers) {
  {
    auto options = test_options();
    options.defects = {"username-case-sensitive"};
    Api api(options);
    created_id(api.post("/Users", user_body("Mixed@Example.com", {{"displayName", "Mixed"}})));
    BOOST_TEST(total(api, "userName eq \"mixed@example.com\"") == 0);
    BOOST_TEST(total(api, "userName eq \"Mixed@Example.com\"") == 1);
    BOOST_TEST(total(api, "displayName eq \"MIXED\"") == 1);  // only userName is affected
    BOOST_TEST(api.post("/Users", user_body("MIXED@example.com")).status == 409);
  }
  {
    auto options = test_options();
    options.defects = {"duplicate-accepted"};
    Api api(options);
    const std::string one = created_id(api.post("/Users", user_body("dup@example.com")));
    const std::string two = created_id(api.post("/Users", user_body("DUP@example.com")));
    BOOST_TEST(list(api, "/Users", "userName eq \"dup@example.com\"").ids ==
               (std::vector<std::string>{one, two}));
    BOOST_REQUIRE(api.del("/Users/" + one).status == 204);
    BOOST_TEST(list(api, "/Users", "userName eq \"dup@example.com\"").ids ==
               std::vector<std::string>{two});
  }
  {
    auto options = test_options();
    options.defects = {"filter-ignored"};
    Api api(options);
    created_id(api.post("/Users", user_body("x@example.com")));
    created_id(api.post("/Users", user_body("y@example.com")));
    BOOST_TEST(total(api, "userName eq \"x@example.com\"") == 2);
  }
  {
    auto options = test_options();
    options.defects = {"filter-no-match-404"};
    Api api(options);
    created_id(api.post("/Users", user_body("x@example.com")));
    BOOST_TEST(list(api, "/Users", "userName eq \"y@example.com\"").status == 404);
    BOOST_TEST(total(api, "userName eq \"X@example.com\"") == 1);
  }
  {
    auto options = test_options();
    options.defects = {"delete-leaves-resource"};
    Api api(options);
    const std::string id = created_id(api.post("/Users", user_body("kept@example.com")));
    BOOST_REQUIRE(api.del("/Users/" + id).status == 204);
    BOOST_TEST(total(api, "userName eq \"kept@example.com\"") == 1);
    BOOST_TEST(api.post("/Users", user_body("kept@example.com")).status == 409);
  }
  {
    auto options = test_options();
    options.defects = {"patch-ignored"};
    Api api(options);
    const std::string id = created_id(api.post("/Users", user_body("still@example.com")));
    BOOST_REQUIRE(
        api.patch_ops("/Users/" + id, Json::array({replace_op("userName", "moved@example.com")}))
            .status == 200);
    BOOST_TEST(total(api, "userName eq \"still@example.com\"") == 1);
    BOOST_TEST(total(api, "userName eq \"moved@example.com\"") == 0);
  }
  {
    auto options = test_options();
    options.defects = {"put-ignored"};
    Api api(options);
    const std::string id = created_id(api.post("/Users", user_body("still@example.com")));
    BOOST_REQUIRE(api.put("/Users/" + id, user_body("moved@example.com")).status == 200);
    BOOST_TEST(total(api, "userName eq \"still@example.com\"") == 1);
    BOOST_TEST(total(api, "userName eq \"moved@example.com\"") == 0);
  }
}

BOOST_AUTO_TEST_CASE(seeded_users_are_indexed) {
  auto options = test_options();
  options.seed_users = 50;
  Api api(options);
  BOOST_TEST(total(api, "userName eq \"SEED-42@seed.example\"") == 1);
  BOOST_TEST(total(api, "externalId eq \"seed-7\"") == 1);
  BOOST_TEST(total(api, "displayName eq \"seed user 50\"") == 1);
  BOOST_TEST(api.post("/Users", user_body("seed-1@SEED.example")).status == 409);
  // Unfiltered and unindexable lists still see every user, in creation order.
  auto all = api.get("/Users?count=200");
  BOOST_TEST(all.body["totalResults"] == 50);
  BOOST_TEST(all.body["Resources"][0]["userName"] == "seed-1@seed.example");
  BOOST_TEST(all.body["Resources"][49]["userName"] == "seed-50@seed.example");
  BOOST_TEST(total(api, "userName sw \"seed-4\"") == 11);
}

BOOST_AUTO_TEST_SUITE_END()
