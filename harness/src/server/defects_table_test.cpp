#include "server/defects_test_support.hpp"

namespace defect_tests {

DEFECT_CASE("delete-returns-200", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto reply = api.del("/Users/" + id);
  BOOST_TEST(reply.status == (on ? 200 : 204));
  BOOST_TEST(reply.text.empty() == !on);
  BOOST_TEST(api.get("/Users/" + id).status == 404);
});

DEFECT_CASE("active-as-string", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com");
  BOOST_TEST(user["active"] == (on ? Json("true") : Json(true)));
  BOOST_TEST(api.get("/Users").body["Resources"][0]["active"] == (on ? Json("true") : Json(true)));
});

DEFECT_CASE("emails-as-object", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com");
  BOOST_TEST(user["emails"].is_array() == !on);
  BOOST_TEST(user["emails"].is_object() == on);
});

DEFECT_CASE("error-without-schema", {}, [](Api& api, bool on) {
  auto reply = api.get("/Users/missing");
  BOOST_TEST(reply.status == 404);
  BOOST_TEST(reply.body.contains("schemas") == !on);
  BOOST_TEST(reply.body["status"] == "404");
});

DEFECT_CASE("error-status-number", {}, [](Api& api, bool on) {
  auto reply = api.get("/Users/missing");
  BOOST_TEST(reply.status == 404);
  BOOST_TEST(reply.body["status"] == (on ? Json(404) : Json("404")));
  BOOST_TEST(reply.body.contains("schemas"));
});

DEFECT_CASE("start-index-zero", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  api.create_user("b@example.com");
  auto page = api.get("/Users?startIndex=1&count=1");
  BOOST_TEST(page.body["Resources"][0]["userName"] == (on ? "b@example.com" : "a@example.com"));
  BOOST_TEST(api.get("/Users").body["Resources"].size() == 2u);
});

DEFECT_CASE("count-ignored", {}, [](Api& api, bool on) {
  for (const char* name : {"a@example.com", "b@example.com", "c@example.com"})
    api.create_user(name);
  auto page = api.get("/Users?count=1");
  BOOST_TEST(page.body["Resources"].size() == (on ? 3u : 1u));
  BOOST_TEST(page.body["totalResults"] == 3);
});

DEFECT_CASE("no-total-results", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  auto list = api.get("/Users");
  BOOST_TEST(list.body.contains("totalResults") == !on);
  BOOST_TEST(list.body["Resources"].size() == 1u);
});

DEFECT_CASE("items-per-page-wrong", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  api.create_user("b@example.com");
  auto one = api.get("/Users?filter=" + q("userName eq \"a@example.com\""));
  BOOST_TEST(one.body["Resources"].size() == 1u);
  BOOST_TEST(one.body["totalResults"] == 1);
  BOOST_TEST(one.body["itemsPerPage"] == (on ? 20 : 1));
  auto asked = api.get("/Users?count=5");
  BOOST_TEST(asked.body["Resources"].size() == 2u);
  BOOST_TEST(asked.body["itemsPerPage"] == (on ? 5 : 2));
  BOOST_TEST(api.get("/Users?count=1").body["itemsPerPage"] == 1);
});

DEFECT_CASE("invalid-filter-accepted", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  BOOST_TEST(api.get("/Users?filter=" + q("userName eq")).status == (on ? 200 : 400));
  BOOST_TEST(api.get("/Users?filter=" + q("userName eq \"x\"")).body["totalResults"] == 0);
});

DEFECT_CASE("no-auth", {}, [](Api& api, bool on) {
  api.set_authorization("");
  BOOST_TEST(api.get("/Users").status == (on ? 200 : 401));
  api.set_token("wrong");
  BOOST_TEST(api.get("/Users").status == 401);
  api.set_token(kTestToken);
  BOOST_TEST(api.get("/Users").status == 200);
});

DEFECT_CASE("wrong-token-accepted", {}, [](Api& api, bool on) {
  api.set_token("wrong");
  BOOST_TEST(api.get("/Users").status == (on ? 200 : 401));
  api.set_authorization("");
  BOOST_TEST(api.get("/Users").status == 401);
});

DEFECT_CASE("no-www-authenticate", {}, [](Api& api, bool on) {
  api.set_authorization("");
  auto reply = api.get("/Users");
  BOOST_TEST(reply.status == 401);
  BOOST_TEST(reply.header("WWW-Authenticate").empty() == on);
});

DEFECT_CASE("no-meta", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com");
  BOOST_TEST(user.contains("meta") == !on);
  BOOST_TEST(user.contains("schemas"));
});

DEFECT_CASE("no-schemas", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com");
  BOOST_TEST(user.contains("schemas") == !on);
  BOOST_TEST(user.contains("meta"));
});

DEFECT_CASE("password-returned", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com", {{"password", "pw"}});
  BOOST_TEST(user.contains("password") == on);
});

DEFECT_CASE("undeclared-attribute", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com");
  BOOST_TEST(user.contains("employeeBadge") == on);
  BOOST_TEST(api.get("/Users").body["Resources"][0].contains("employeeBadge") == on);
});

DEFECT_CASE("schemas-wrong-type", {}, [](Api& api, bool on) {
  const std::string urn = "urn:ietf:params:scim:schemas:core:2.0:User";
  const auto schema = api.get("/Schemas/" + urn).body;
  for (const auto& attribute : schema["attributes"])
    if (attribute["name"] == "active") BOOST_TEST(attribute["type"] == (on ? "string" : "boolean"));
  BOOST_TEST(api.create_user("a@example.com")["active"] == Json(true));
});

DEFECT_CASE("readonly-from-request", {}, [](Api& api, bool on) {
  const std::string sent = "2001-01-01T00:00:00Z";
  auto created =
      api.post("/Users",
               {{"userName", "a@example.com"}, {"id", "client-id"}, {"meta", {{"created", sent}}}});
  BOOST_TEST(created.status == 201);
  BOOST_TEST((created.body["meta"]["created"] == sent) == on);
  BOOST_TEST(created.body["id"] != "client-id");  // the id is the server's either way
  const std::string id = created.body["id"];
  BOOST_TEST((api.get("/Users/" + id).body["meta"]["created"] == sent) == on);
});

DEFECT_CASE("manager-bare-string", {}, [](Api& api, bool on) {
  const std::string urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  std::string boss = api.create_user("boss@example.com")["id"];
  auto user = api.create_user("a@example.com", {{urn, {{"manager", {{"value", boss}}}}}});
  BOOST_TEST(user[urn]["manager"] == (on ? Json(boss) : Json({{"value", boss}})));
});

DEFECT_CASE("patch-drops-other-attributes", {}, [](Api& api, bool on) {
  auto created = api.post("/Users", {{"userName", "a@example.com"},
                                     {"name", {{"givenName", "Ann"}, {"familyName", "Lee"}}}});
  const std::string id = created.body["id"];
  auto reply = api.patch_ops(
      "/Users/" + id, ops({{{"op", "Replace"}, {"path", "name.givenName"}, {"value", "Anna"}}}));
  BOOST_TEST(reply.status == 200);
  const Json name = api.get("/Users/" + id).body["name"];
  BOOST_TEST(name["givenName"] == "Anna");
  BOOST_TEST(name.contains("familyName") == !on);
  // A replace of a whole attribute is not touched.
  reply = api.patch_ops("/Users/" + id,
                        ops({{{"op", "replace"}, {"path", "displayName"}, {"value", "A"}}}));
  BOOST_TEST(reply.body["displayName"] == "A");
});

DEFECT_CASE("put-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto reply = api.put("/Users/" + id, {{"userName", "renamed@example.com"}});
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["userName"] == (on ? "a@example.com" : "renamed@example.com"));
  BOOST_TEST(api.put("/Users/" + id, {{"displayName", "no userName"}}).status == 400);
});

DEFECT_CASE("etag-ignored", {}, [](Api& api, bool on) {
  std::string id = api.create_user("a@example.com")["id"];
  auto reply = api.patch_ops("/Users/" + id,
                             ops({{{"op", "replace"}, {"path", "active"}, {"value", false}}}),
                             {{"If-Match", "W/\"99\""}});
  BOOST_TEST(reply.status == (on ? 200 : 412));
  BOOST_TEST(api.get("/Users/" + id, {{"If-None-Match", "W/\"1\""}}).status == (on ? 200 : 304));
});

DEFECT_CASE("no-service-provider-config", {}, [](Api& api, bool on) {
  BOOST_TEST(api.get("/ServiceProviderConfig").status == (on ? 404 : 200));
  BOOST_TEST(api.get("/Schemas").status == 200);
});

DEFECT_CASE("schemas-endpoint-missing", {}, [](Api& api, bool on) {
  BOOST_TEST(api.get("/Schemas").status == (on ? 404 : 200));
  BOOST_TEST(api.get("/ResourceTypes").status == (on ? 404 : 200));
  BOOST_TEST(api.get("/ServiceProviderConfig").status == 200);
});

DEFECT_CASE("discovery-by-id-returns-list", {}, [](Api& api, bool on) {
  const std::string urn = "urn:ietf:params:scim:schemas:core:2.0:User";
  auto type = api.get("/ResourceTypes/User");
  BOOST_TEST(type.status == 200);
  BOOST_TEST(type.body.contains("Resources") == on);
  BOOST_TEST(type.body.value("id", "") == (on ? "" : "User"));
  auto schema = api.get("/Schemas/" + urn);
  BOOST_TEST(schema.status == 200);
  BOOST_TEST(schema.body.contains("Resources") == on);
  BOOST_TEST(schema.body.value("id", "") == (on ? "" : urn));
  BOOST_TEST(api.get("/ResourceTypes").body["Resources"].size() == 2u);
  BOOST_TEST(api.get("/Schemas").body.contains("Resources"));
});

DEFECT_CASE("search-unsupported", {}, [](Api& api, bool on) {
  api.create_user("a@example.com");
  BOOST_TEST(api.post("/.search", {{"filter", "userName pr"}}).status == (on ? 404 : 200));
  BOOST_TEST(api.post("/Users/.search", Json::object()).status == (on ? 404 : 200));
  BOOST_TEST(api.get("/Users?filter=" + q("userName pr")).body["totalResults"] == 1);
});

DEFECT_CASE(
    "slow", [](ServerOptions& o) { o.slow_ms = 1000; },
    [](Api& api, bool on) {
      auto begin = std::chrono::steady_clock::now();
      BOOST_TEST(api.get("/Users").status == 200);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - begin)
                    .count();
      BOOST_TEST((ms >= 1000) == on);
    });

DEFECT_CASE(
    "truncated-json",
    [](ServerOptions& o) {
      o.client_id = "client";
      o.client_secret = "secret";
    },
    [](Api& api, bool on) {
      auto reply = api.get("/ServiceProviderConfig");
      BOOST_TEST(reply.status == 200);
      BOOST_TEST(reply.body.is_object() == !on);
      BOOST_TEST(reply.header("Content-Type") == "application/scim+json");
      // The token endpoint is not SCIM: it stays whole so that clients can still sign in.
      auto token = api.post_text(
          "/oauth/token", "grant_type=client_credentials&client_id=client&client_secret=secret", {},
          "application/x-www-form-urlencoded");
      BOOST_TEST(token.body.contains("access_token"));
    });

DEFECT_CASE(
    "old-token-valid", [](ServerOptions& o) { o.rules.rotate_tokens = true; },
    [](Api& api, bool on) {
      std::string fresh = api.server().rotate_token();
      BOOST_TEST(api.get("/Users").status == (on ? 200 : 401));
      api.set_token(fresh);
      BOOST_TEST(api.get("/Users").status == 200);
      api.set_token("never-issued");
      BOOST_TEST(api.get("/Users").status == 401);
    });

DEFECT_CASE(
    "names-optional",
    [](ServerOptions& o) {
      AppSettings settings;
      settings.required_user_attributes = {"name.givenName", "name.familyName",
                                             "emails[type eq \"work\"].value"};
      o.rules = read_app_rules(settings, nullptr).value();
    },
    [](Api& api, bool on) {
      BOOST_TEST(api.post("/Users", {{"userName", "bare@example.com"}}).status == (on ? 201 : 400));
      api.create_user("complete@example.com");
    });

DEFECT_CASE(
    "domain-unchecked", [](ServerOptions& o) { o.rules.user_name_domains = {"example.com"}; },
    [](Api& api, bool on) {
      BOOST_TEST(api.post("/Users", {{"userName", "x@elsewhere.org"}}).status == (on ? 201 : 400));
      api.create_user("in@example.com");
    });

DEFECT_CASE("name-parts-dropped", {}, [](Api& api, bool on) {
  auto user = api.create_user("a@example.com",
                              {{"name", {{"formatted", "Given Family"}, {"displayName", "GF"}}}});
  BOOST_TEST(user["name"].contains("formatted") == !on);
  BOOST_TEST(user["name"].contains("displayName") == !on);
  BOOST_TEST(user["name"]["givenName"] == "Given");
});

}  // namespace defect_tests
