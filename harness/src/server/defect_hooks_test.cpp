// The defect table and the hooks in isolation: names parse to the enum and back, and with no
// defect on every hook leaves what it is given as it is, while a defect changes its hook.
#include "server/defect_hooks.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "server/defects.hpp"

using namespace scimcheck::server;
using Json = nlohmann::json;
using scimcheck::scim::ResourceKind;

namespace {

DefectHooks hooks_with(const std::vector<std::string>& names) {
  auto set = parse_defects(names, nullptr);
  BOOST_TEST_REQUIRE(set.has_value());
  return DefectHooks(*set, 0);
}

Json user() {
  return {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
          {"id", "1"},
          {"userName", "a@example.com"},
          {"active", true},
          {"name", {{"givenName", "A"}, {"formatted", "A B"}}},
          {"emails", {{{"value", "a@example.com"}}, {{"value", "b@example.com"}}}},
          {"meta", {{"created", "2024-01-01T00:00:00Z"}}}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(defect_hooks)

BOOST_AUTO_TEST_CASE(every_name_parses_to_its_own_defect) {
  for (const auto& info : defects()) {
    std::string error;
    auto set = parse_defects({info.name}, &error);
    BOOST_TEST_REQUIRE(set.has_value(), info.name << ": " << error);
    BOOST_TEST(set->has(info.defect));
    BOOST_TEST(&defect_info(info.defect) == &info);
    for (const auto& other : defects())
      if (other.defect != info.defect) BOOST_TEST(!set->has(other.defect));
  }
  BOOST_TEST(defects().size() == kDefectCount);
}

BOOST_AUTO_TEST_CASE(a_mistyped_name_is_refused_with_its_name) {
  std::string error;
  BOOST_TEST(!parse_defects({"create-returns-200", "create-return-200"}, &error).has_value());
  BOOST_TEST(error.find("'create-return-200'") != std::string::npos);
  BOOST_TEST(parse_defects({}, &error).value().empty());
}

BOOST_AUTO_TEST_CASE(with_no_defect_every_hook_leaves_its_argument_alone) {
  const DefectHooks hooks = hooks_with({});
  HttpRequest request;
  request.method = "GET";
  request.path = "/Schemas/x";
  request.headers["if-match"] = "W/\"1\"";
  Target target{Endpoint::schemas, {}, "", {"Schemas", "x"}};
  BOOST_TEST(!hooks.request(request, target).has_value());
  BOOST_TEST(request.headers.count("if-match") == 1u);
  BOOST_TEST(target.segments.size() == 2u);

  Json operations = {{{"op", "Frobnicate"}, {"path", "name.givenName"}, {"value", nullptr}},
                     {{"op", "remove"}, {"path", "manager"}}};
  const Json sent_operations = operations;
  auto edit = hooks.patch_operations(operations);
  BOOST_TEST(!edit.refusal.has_value());
  BOOST_TEST(!edit.nothing_to_apply);
  BOOST_TEST(operations == sent_operations);

  Json content = user();
  const Json previous = user();
  Write write{Write::Action::patch, ResourceKind::user, "1", &operations, &previous, &content};
  hooks.store(write);
  BOOST_TEST(content == user());
  BOOST_TEST(write.apply);
  BOOST_TEST(write.status == 200);

  Json out = user();
  hooks.representation(out, user(), ResourceKind::user);
  BOOST_TEST(out == user());
  std::vector<std::string> held{"A@example.com"};
  hooks.clashes(ResourceKind::user, "a@example.com", held);
  BOOST_TEST(held.size() == 1u);
  BOOST_TEST((hooks.verdict(Credentials::Verdict::missing) == Credentials::Verdict::missing));
  BOOST_TEST((hooks.verdict(Credentials::Verdict::retired_bearer) ==
              Credentials::Verdict::retired_bearer));
}

BOOST_AUTO_TEST_CASE(a_defect_changes_its_hook) {
  HttpRequest request;
  request.method = "GET";
  request.path = "/Schemas/x";
  Target target{Endpoint::schemas, {}, "", {"Schemas", "x"}};
  BOOST_TEST(!hooks_with({"discovery-by-id-returns-list"}).request(request, target).has_value());
  BOOST_TEST(target.segments.size() == 1u);

  Json content = user();
  Write write{
      Write::Action::create, ResourceKind::user, "", &content, nullptr, &content, true, 201};
  hooks_with({"create-returns-200"}).store(write);
  BOOST_TEST(write.status == 200);

  Json out = user();
  hooks_with({"emails-as-object"}).representation(out, user(), ResourceKind::user);
  BOOST_TEST(out["emails"].is_object());

  std::vector<std::string> held{"A@example.com"};
  hooks_with({"duplicate-case-sensitive"}).clashes(ResourceKind::user, "a@example.com", held);
  BOOST_TEST(held.empty());
  BOOST_TEST((hooks_with({"old-token-valid"}).verdict(Credentials::Verdict::retired_bearer) ==
              Credentials::Verdict::accepted));
  BOOST_TEST((hooks_with({"old-token-valid"}).verdict(Credentials::Verdict::unknown_bearer) ==
              Credentials::Verdict::unknown_bearer));
}

BOOST_AUTO_TEST_SUITE_END()
