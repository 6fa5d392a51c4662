#include <boost/test/unit_test.hpp>

#include "eval/capture.hpp"
#include "eval/fixture.hpp"
#include "eval/template_render.hpp"
#include "scim/patch.hpp"

using namespace scimcheck;
using eval::Json;

namespace {

suite::ResourceMapping group_mapping() {
  suite::ResourceMapping m;
  m.enabled = true;
  m.matching = "displayName";
  suite::AttributeMapping a;
  a.path = "displayName";
  a.value.value = "{{run.prefix}} group {{unique}}";
  m.attributes.push_back(a);
  return m;
}

suite::ResourceMapping user_mapping() {
  suite::ResourceMapping m;
  m.enabled = true;
  m.matching = "userName";
  auto add = [&](std::string path, Json value, std::string type = "string") {
    suite::AttributeMapping a;
    a.path = std::move(path);
    a.type = std::move(type);
    a.value.value = std::move(value);
    m.attributes.push_back(a);
  };
  add("userName", "scimcheck-{{unique}}@{{profile.domain}}");
  add("active", true, "boolean");
  add("emails[type eq \"work\"].value", "mail-{{unique}}@{{profile.domain}}");
  add("name.givenName", "Given{{unique}}");
  add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Dept{{unique}}");
  add("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", nullptr, "reference");
  return m;
}

struct ScopeFixture {
  std::atomic<std::uint64_t> counter{0};
  eval::Scope scope;
  ScopeFixture() {
    scope.run_id = "rtest01";
    scope.counter = &counter;
    scope.variables = {{"domain", "example.com"}, {"count", 3}};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(templates, ScopeFixture)

BOOST_AUTO_TEST_CASE(whole_templates_keep_their_type_and_text_templates_become_text) {
  std::string error;
  BOOST_TEST(*eval::render(Json("{{profile.count}}"), scope, &error) == Json(3));
  BOOST_TEST(*eval::render(Json("n={{profile.count}}"), scope, &error) == Json("n=3"));
  BOOST_TEST(*eval::render(Json("{{run.prefix}}"), scope, &error) == Json("scimcheck-rtest01"));
  BOOST_TEST(*eval::render(Json("{{profile.domain | upper}}"), scope, &error) == Json("EXAMPLE.COM"));
  BOOST_TEST(*eval::render(Json("{{profile.count | json}}"), scope, &error) == Json("3"));
  BOOST_TEST(*eval::render(Json("{{profile.domain | url}}"), scope, &error) == Json("example.com"));
  BOOST_TEST(*eval::render(Json("a b\"|url"), scope, &error) == Json("a b\"|url"));
}

BOOST_AUTO_TEST_CASE(unique_values_differ_and_carry_the_run_id) {
  std::string error;
  auto a = eval::render(Json("{{unique}}"), scope, &error);
  auto b = eval::render(Json("{{unique}}"), scope, &error);
  BOOST_TEST(*a != *b);
  BOOST_TEST(a->get<std::string>().rfind("rtest01-", 0) == 0u);
  auto u = eval::render(Json("{{uuid}}"), scope, &error)->get<std::string>();
  BOOST_TEST(u.size() == 36u);
  BOOST_TEST(u[14] == '4');
  BOOST_TEST(scope.drawn_uuids.count(u) == 1u);
}

BOOST_AUTO_TEST_CASE(object_keys_and_nested_values_are_rendered) {
  std::string error;
  Json body = {{"{{profile.domain}}", {"x", "{{profile.count}}"}}};
  auto out = eval::render(body, scope, &error);
  BOOST_REQUIRE(out);
  BOOST_TEST(out->dump() == R"({"example.com":["x",3]})");
}

BOOST_AUTO_TEST_CASE(unknown_names_are_errors_that_say_what_is_missing) {
  std::string error;
  BOOST_TEST(!eval::render(Json("{{profile.nope}}"), scope, &error));
  BOOST_TEST(error.find("--var nope=") != std::string::npos);
  BOOST_TEST(!eval::render(Json("{{uid}}"), scope, &error));
  BOOST_TEST(error.find("\"uid\" is not set") != std::string::npos);
  BOOST_TEST(!eval::render(Json("{{profile.domain | upper"), scope, &error));
}

BOOST_AUTO_TEST_CASE(fixtures_follow_entras_create_body_shape) {
  std::string error;
  auto f = eval::make_fixture("user", user_mapping(), scope, &error);
  BOOST_REQUIRE_MESSAGE(f, error);
  const Json& body = (*f)["body"];
  BOOST_TEST(body["schemas"].size() == 2u);
  BOOST_TEST(body["active"] == Json(true));
  BOOST_TEST(body["emails"].size() == 1u);
  BOOST_TEST(body["emails"][0]["type"] == "work");
  BOOST_TEST(body["emails"][0]["primary"] == Json(true));
  BOOST_TEST(body["name"]["givenName"].get<std::string>().rfind("Givenrtest01-", 0) == 0u);
  const Json& ext = body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"];
  BOOST_TEST(ext.contains("department"));
  BOOST_TEST(!ext.contains("manager"));
  BOOST_TEST(body["meta"]["resourceType"] == "User");
  BOOST_TEST((*f)["match"]["attribute"] == "userName");
  BOOST_TEST((*f)["match"]["value"] == body["userName"]);
  // paths: every mapped path as written, the reference (manager) too.
  BOOST_TEST((*f)["paths"].size() == user_mapping().attributes.size());
  BOOST_TEST((*f)["paths"][0] == user_mapping().attributes[0].path);
  scope.fixtures["alice"] = *f;
  auto paths = eval::render(Json("{{alice.paths}}"), scope, &error);
  BOOST_REQUIRE_MESSAGE(paths, error);
  BOOST_TEST(*paths == (*f)["paths"]);
  auto mail = eval::render(Json("{{alice.emails[type eq \"work\"].value}}"), scope, &error);
  BOOST_REQUIRE(mail);
  BOOST_TEST(*mail == body["emails"][0]["value"]);
  auto dept = eval::render(
      Json("{{alice.urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}}"), scope,
      &error);
  BOOST_REQUIRE_MESSAGE(dept, error);
  BOOST_TEST(*dept == ext["department"]);
}

BOOST_AUTO_TEST_CASE(a_fixture_body_can_leave_out_a_path) {
  std::string error;
  auto f = eval::make_fixture("user", user_mapping(), scope, &error);
  BOOST_REQUIRE_MESSAGE(f, error);
  scope.fixtures["alice"] = *f;
  auto body = eval::render(Json("{{alice.body_without.emails[type eq \"work\"]}}"), scope, &error);
  BOOST_REQUIRE_MESSAGE(body, error);
  BOOST_TEST(body->value("emails", Json::array()).empty());
  BOOST_TEST((*body)["userName"] == (*f)["body"]["userName"]);
  BOOST_TEST((*body)["name"] == (*f)["body"]["name"]);
  // The fixture itself keeps its e-mail for the steps that compare with it.
  BOOST_TEST(eval::render(Json("{{alice.emails[type eq \"work\"].value}}"), scope, &error).has_value());
  BOOST_TEST(!eval::render(Json("{{alice.body_without.id}}"), scope, &error));
  BOOST_TEST(error.find("cannot leave out \"id\"") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(filtered_paths_match_as_scim_and_patch_compare) {
  const Json before = {{"emails", Json::array({{{"type", "work"}, {"value", "a@example.com"}}})}};
  const std::string path = "Emails[Type eq \"Work\"].Value";
  Json body = before;
  std::string error;
  // Names in any case (RFC 7643 §2.1); type is caseExact=false, so "Work" selects "work".
  BOOST_REQUIRE_MESSAGE(
      eval::set_at_path(body, path, "b@example.com", &error, scim::ResourceKind::user), error);
  BOOST_TEST(body == Json({{"emails", Json::array({{{"type", "work"}, {"value", "b@example.com"}}})}}));
  // PATCH reads the same path the same way.
  Json patched = before;
  const Json op = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                   {"Operations", {{{"op", "replace"}, {"path", path}, {"value", "b@example.com"}}}}};
  BOOST_TEST(!scim::apply_patch(patched, op, scim::ResourceKind::user).has_value());
  BOOST_TEST(patched == body);
  // A different value selects nothing: a new element, which is not the first, so not primary.
  BOOST_REQUIRE(eval::set_at_path(body, "emails[type eq \"home\"]", "c@example.com", &error,
                                  scim::ResourceKind::user));
  BOOST_TEST(body["emails"].size() == 2u);
  BOOST_TEST(body["emails"][1] == Json({{"type", "home"}, {"value", "c@example.com"}}));
  // A filter that selects nothing and describes no element changes nothing.
  const Json kept = body;
  BOOST_TEST(!eval::set_at_path(body, "emails[type sw \"fax\"].value", "d", &error));
  BOOST_TEST(error.find("only [x eq \"v\"] filters") != std::string::npos, error);
  BOOST_TEST(!eval::set_at_path(body, "phoneNumbers[type sw \"fax\"].value", "d", &error));
  BOOST_TEST(body == kept);
}

BOOST_AUTO_TEST_CASE(groups_carry_the_adscim_schema) {
  const suite::ResourceMapping m = group_mapping();
  std::string error;
  auto g = eval::make_fixture("group", m, scope, &error);
  BOOST_REQUIRE(g);
  BOOST_TEST((*g)["body"]["schemas"][1] ==
             "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group");
  BOOST_TEST(!(*g)["body"].contains("members"));
}

BOOST_AUTO_TEST_CASE(plain_groups_carry_the_core_schema_alone) {
  const suite::ResourceMapping m = group_mapping();
  std::string error;
  auto g = eval::make_fixture("group", m, scope, &error, false);
  BOOST_REQUIRE(g);
  BOOST_TEST((*g)["body"]["schemas"] ==
             Json::array({"urn:ietf:params:scim:schemas:core:2.0:Group"}));
  auto u = eval::make_fixture("user", user_mapping(), scope, &error, false);
  BOOST_REQUIRE(u);
  BOOST_TEST((*u)["body"]["schemas"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(items_get_a_different_update_value) {
  std::string error;
  auto item = eval::make_item({{"path", "name.givenName"}, {"type", "string"}}, user_mapping(), scope, &error);
  BOOST_REQUIRE(item);
  BOOST_TEST((*item)["value"] != (*item)["update"]);
  BOOST_TEST((*item)["leaf"] == "givenName");
  auto flag = eval::make_item({{"path", "active"}, {"type", "boolean"}}, user_mapping(), scope, &error);
  BOOST_REQUIRE(flag);
  BOOST_TEST((*flag)["update"] == Json(false));
  BOOST_TEST((*flag)["update_text"] == Json("False"));
}

BOOST_AUTO_TEST_CASE(captures_take_body_paths_headers_and_status) {
  http::Exchange ex;
  ex.response.status = 201;
  ex.response.headers = {{"Location", "http://x/Users/1"}};
  ex.response.body = R"({"id": "1", "emails": [{"type": "home", "value": "h"}, {"type": "work", "value": "w"}]})";
  std::vector<suite::Capture> caps(4);
  caps[0].name = "uid";
  caps[0].path = "id";
  caps[1].name = "work";
  caps[1].path = "emails[type eq \"work\"].value";
  caps[2].name = "loc";
  caps[2].from = suite::Capture::From::header;
  caps[2].path = "location";
  caps[3].name = "code";
  caps[3].from = suite::Capture::From::status;
  scope.captures["stale"] = 1;
  caps.push_back({});
  caps[4].name = "stale";
  caps[4].path = "nothing.here";
  eval::apply_captures(caps, ex, scope);
  BOOST_TEST(scope.captures["uid"] == "1");
  BOOST_TEST(scope.captures["work"] == "w");
  BOOST_TEST(scope.captures["loc"] == "http://x/Users/1");
  BOOST_TEST(scope.captures["code"] == 201);
  BOOST_TEST(!scope.captures.count("stale"));
}

BOOST_AUTO_TEST_CASE(requests_render_path_query_headers_body_and_auth) {
  suite::RequestTemplate r;
  r.method = "GET";
  r.path.value = "/Users";
  r.query.push_back({"filter", {Json("userName eq \"{{profile.domain}}\""), {}}});
  r.headers.push_back({"X-Run", {Json("{{run.id}}"), {}}});
  r.auth_token = suite::Template{Json("wrong-{{profile.count}}"), {}};
  std::string error;
  auto out = eval::render_request(r, scope, &error);
  BOOST_REQUIRE(out);
  BOOST_TEST(out->query[0].second == "userName eq \"example.com\"");
  BOOST_TEST(out->headers[0].second == "rtest01");
  BOOST_TEST(*out->auth_token == "wrong-3");
  BOOST_TEST(!out->body.has_value());
}

BOOST_AUTO_TEST_CASE(a_captured_id_lands_in_the_path_as_one_segment) {
  suite::RequestTemplate r;
  r.method = "DELETE";
  r.path.value = "/Users/{{uid}}";
  std::string error;
  scope.captures["uid"] = "../Groups/g1";
  auto out = eval::render_request(r, scope, &error);
  BOOST_REQUIRE(out);
  BOOST_TEST(out->path == "/Users/..%2FGroups%2Fg1");
  scope.captures["uid"] = "a?x=1#f";
  BOOST_TEST(eval::render_request(r, scope, &error)->path == "/Users/a%3Fx%3D1%23f");
  scope.captures["uid"] = 42;  // a number is written as its text
  BOOST_TEST(eval::render_request(r, scope, &error)->path == "/Users/42");
  for (const char* dots : {"..", ".", ""}) {
    scope.captures["uid"] = dots;
    BOOST_TEST(!eval::render_request(r, scope, &error));
    BOOST_TEST(error.find("cannot be one segment") != std::string::npos);
  }
  r.path.value = "{{uid}}";  // a whole-template path is one segment too
  scope.captures["uid"] = "/Groups/g1";
  BOOST_TEST(eval::render_request(r, scope, &error)->path == "%2FGroups%2Fg1");
  scope.captures.erase("uid");
}

BOOST_AUTO_TEST_SUITE_END()
