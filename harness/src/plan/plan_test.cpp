#include "plan/plan.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck;

namespace {

suite::Case make_case(const std::string& id) {
  suite::Case c;
  c.id = id;
  c.title = "title of " + id;
  return c;
}

suite::Profile twingate_like() {
  suite::Profile p;
  p.name = "demo";
  p.capabilities = {"users", "create-users"};
  p.users.enabled = true;
  p.users.matching = "externalId";
  for (std::string path : {"externalId", "userName", "emails[type eq \"work\"].value"}) {
    suite::AttributeMapping m;
    m.path = path;
    p.users.attributes.push_back(m);
  }
  suite::AttributeMapping active;
  active.path = "active";
  active.type = "boolean";
  p.users.attributes.push_back(active);
  return p;
}

}  // namespace

/// The plan of one case repeated over the profile's user attributes that meet `where`.
plan::Plan plan_over_attributes(suite::Case c, const suite::Json& where,
                                const suite::Profile& profile) {
  suite::ForEach each;
  each.in = "profile.users.attributes";
  each.where = where;
  c.for_each = each;
  suite::Suite s;
  s.cases = {c};
  std::vector<suite::Suite> suites{s};
  return plan::make_plan(suites, profile, {});
}

BOOST_AUTO_TEST_SUITE(plan_tests)

BOOST_AUTO_TEST_CASE(glob_matches_stars_and_literals) {
  BOOST_TEST(plan::glob_match("users.*", "users.create.returns-201"));
  BOOST_TEST(plan::glob_match("*.returns-201", "users.create.returns-201"));
  BOOST_TEST(plan::glob_match("*create*", "users.create.returns-201"));
  BOOST_TEST(plan::glob_match("users.create.returns-201", "users.create.returns-201"));
  BOOST_TEST(!plan::glob_match("groups.*", "users.create.returns-201"));
  BOOST_TEST(!plan::glob_match("users.create", "users.create.returns-201"));
  BOOST_TEST(plan::glob_match("*", ""));
}

BOOST_AUTO_TEST_CASE(skips_with_reasons) {
  suite::Suite s;
  s.id = "users";
  s.cases = {make_case("users.a"), make_case("users.b"), make_case("users.c"),
             make_case("users.d")};
  s.cases[1].requires_ = {"manager"};
  s.cases[2].mode = suite::EntraMode::flag_on;
  plan::Selection sel;
  sel.skip = {"users.d"};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  auto plan = plan::make_plan(suites, profile, sel);
  BOOST_REQUIRE_EQUAL(plan.suites.size(), 1u);
  const auto& cases = plan.suites[0].cases;
  BOOST_REQUIRE_EQUAL(cases.size(), 3u);
  BOOST_TEST(cases[0].skip_reason.empty());
  BOOST_TEST(cases[1].skip_reason == "profile demo does not have capability 'manager'");
  BOOST_TEST(cases[2].skip_reason.find("flag-on") != std::string::npos);
  // What checks skipped alike need, with what lifts it: the console's grouped line.
  BOOST_TEST(cases[0].skip_group.empty());
  BOOST_TEST(cases[1].skip_group ==
             "capability 'manager', which profile demo does not have: if the app supports it, "
             "add --capability manager");
  BOOST_TEST(cases[2].skip_group ==
             "Entra's flag-on request shapes: add ?aadOptscim062020 to the URL or pass "
             "--entra-mode flag-on; --entra-mode both runs both shapes");
  // Left out by --skip: not in the plan, only counted.
  BOOST_TEST(plan.deselected == std::vector<std::string>{"users.d"});
  BOOST_TEST(plan.runnable() == 1);
}

BOOST_AUTO_TEST_CASE(both_modes_skip_no_check_for_its_mode) {
  suite::Suite s;
  s.cases = {make_case("users.patch.flag-off.a"), make_case("users.patch.flag-on.a"),
             make_case("users.common")};
  s.cases[0].mode = suite::EntraMode::flag_off;
  s.cases[1].mode = suite::EntraMode::flag_on;
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  plan::Selection sel;
  sel.mode = suite::EntraMode::both;
  const auto plan = plan::make_plan(suites, profile, sel);
  BOOST_REQUIRE_EQUAL(plan.suites.size(), 1u);
  BOOST_REQUIRE_EQUAL(plan.suites[0].cases.size(), 3u);
  for (const auto& pc : plan.suites[0].cases) BOOST_TEST(pc.skip_reason.empty(), pc.kase.id);
  BOOST_TEST(plan.runnable() == 3);
  // A single-mode run skips the other mode's check, and only that one.
  sel.mode = suite::EntraMode::flag_on;
  const auto flag_on = plan::make_plan(suites, profile, sel);
  BOOST_TEST(flag_on.suites[0].cases[0].skip_reason.find("flag-off") != std::string::npos);
  BOOST_TEST(flag_on.runnable() == 2);
}

BOOST_AUTO_TEST_CASE(the_other_mode_is_the_first_skip_cause) {
  // A flag-on check needing a capability the profile lacks: in a flag-off run it is outside
  // the run for its mode (so the report can say --entra-mode both would run it); a both run
  // names the capability.
  suite::Suite s;
  s.cases = {make_case("users.manager.flag-on")};
  s.cases[0].mode = suite::EntraMode::flag_on;
  s.cases[0].requires_ = {"manager"};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  plan::Selection sel;
  const auto off = plan::make_plan(suites, profile, sel);
  BOOST_TEST(off.suites[0].cases[0].skip_group.rfind("Entra's flag-on request shapes", 0) == 0);
  sel.mode = suite::EntraMode::both;
  const auto both = plan::make_plan(suites, profile, sel);
  BOOST_TEST(both.suites[0].cases[0].skip_reason ==
             "profile demo does not have capability 'manager'");
}

BOOST_AUTO_TEST_CASE(only_selects) {
  suite::Suite s;
  s.cases = {make_case("users.a"), make_case("groups.b")};
  plan::Selection sel;
  sel.only = {"groups.*"};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  auto plan = plan::make_plan(suites, profile, sel);
  BOOST_REQUIRE_EQUAL(plan.suites[0].cases.size(), 1u);
  BOOST_TEST(plan.suites[0].cases[0].kase.id == "groups.b");
  BOOST_TEST(plan.suites[0].cases[0].skip_reason.empty());
  BOOST_TEST(plan.deselected == std::vector<std::string>{"users.a"});
  BOOST_TEST(plan::unmatched_patterns(plan, sel).empty());
}

BOOST_AUTO_TEST_CASE(a_check_left_out_is_not_planned_whatever_else_would_skip_it) {
  suite::Suite users, groups;
  users.cases = {make_case("users.a"), make_case("users.b")};
  users.cases[1].requires_ = {"manager"};  // would be skipped, but is not selected either
  groups.requires_ = {"groups"};
  groups.cases = {make_case("groups.a")};
  plan::Selection sel;
  sel.only = {"users.a"};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{users, groups};
  const auto plan = plan::make_plan(suites, profile, sel);
  // The suite with nothing selected is gone; the other keeps only its selected check.
  BOOST_REQUIRE_EQUAL(plan.suites.size(), 1u);
  BOOST_REQUIRE_EQUAL(plan.suites[0].cases.size(), 1u);
  BOOST_TEST(plan.suites[0].cases[0].kase.id == "users.a");
  BOOST_TEST((plan.deselected == std::vector<std::string>{"users.b", "groups.a"}));
  // A --skip pattern matching only checks --only left out still matches a check.
  sel.skip = {"groups.*"};
  BOOST_TEST(plan::unmatched_patterns(plan::make_plan(suites, profile, sel), sel).empty());
}

BOOST_AUTO_TEST_CASE(patterns_that_match_no_check_are_named) {
  suite::Suite s;
  s.cases = {make_case("users.a"), make_case("groups.b")};
  plan::Selection sel;
  sel.only = {"user.*", "groups.*"};
  sel.skip = {"users.a", "nothing"};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  const auto plan = plan::make_plan(suites, profile, sel);
  BOOST_TEST((plan::unmatched_patterns(plan, sel) == std::vector<std::string>{"user.*", "nothing"}));
}

BOOST_AUTO_TEST_CASE(suite_capability_skips_every_case) {
  suite::Suite s;
  s.requires_ = {"groups"};
  s.cases = {make_case("groups.a"), make_case("groups.b")};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  auto plan = plan::make_plan(suites, profile, {});
  for (const auto& c : plan.suites[0].cases)
    BOOST_TEST(c.skip_reason == "profile demo does not have capability 'groups'");
}

BOOST_AUTO_TEST_CASE(for_each_expands_per_matching_attribute) {
  suite::Case c = make_case("users.patch.{{item.path}}");
  c.title = "Replace {{item.path}} ({{item.type}})";
  auto plan = plan_over_attributes(c, {{"type", "string"}, {"filtered", false}}, twingate_like());
  const auto& cases = plan.suites[0].cases;
  BOOST_REQUIRE_EQUAL(cases.size(), 2u);
  BOOST_TEST(cases[0].kase.id == "users.patch.externalId");
  BOOST_TEST(cases[0].kase.title == "Replace externalId (string)");
  BOOST_TEST(cases[0].item->at("matching") == true);
  BOOST_TEST(cases[1].kase.id == "users.patch.userName");
  BOOST_TEST(cases[1].item->at("index") == 1);
  BOOST_TEST(cases[1].item_kind == "user");
}

BOOST_AUTO_TEST_CASE(for_each_leaves_out_add_only_attributes) {
  auto profile = twingate_like();
  profile.users.attributes[1].add_only = true;  // userName
  auto plan = plan_over_attributes(make_case("users.patch.{{item.path}}"), {{"type", "string"}},
                                   profile);
  const auto& cases = plan.suites[0].cases;
  BOOST_REQUIRE_EQUAL(cases.size(), 2u);
  BOOST_TEST(cases[0].kase.id == "users.patch.externalId");
  BOOST_TEST(cases[1].kase.id == "users.patch.emails[type eq \"work\"].value");
  BOOST_TEST(cases[1].item->at("index") == 2);
}

BOOST_AUTO_TEST_CASE(for_each_with_nothing_to_do_is_skipped_not_dropped) {
  auto plan = plan_over_attributes(make_case("users.x.{{item.path}}"), {{"type", "reference"}},
                                   twingate_like());
  BOOST_REQUIRE_EQUAL(plan.suites[0].cases.size(), 1u);
  BOOST_TEST(!plan.suites[0].cases[0].skip_reason.empty());
}

/// A case with fixture alice (a user) reading `member` in its first step.
suite::Case reading(const std::string& id, const std::string& member) {
  suite::Case c = make_case(id);
  c.fixtures = {{"alice", "user"}};
  c.steps.resize(1);
  c.member_uses.push_back({"alice", member, 0, false, {"x.suite.json", 7, 21, ""}});
  return c;
}

BOOST_AUTO_TEST_CASE(skips_checks_reading_what_the_profile_does_not_map) {
  suite::Suite s;
  s.cases = {reading("a", "name.givenName"), reading("b", "emails[type eq \"work\"].value"),
             reading("c", "body"), reading("d", "body_without.name"), reading("e", "emails.value"),
             reading("f", "emails[type eq \"home\"].value")};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  const auto plan = plan::make_plan(suites, profile, plan::Selection{});
  const auto& cases = plan.suites[0].cases;
  BOOST_TEST(cases[0].skip_reason ==
             "profile demo maps no name.givenName for users (used at x.suite.json:7:21)");
  BOOST_TEST(cases[1].skip_reason.empty());
  BOOST_TEST(cases[2].skip_reason.empty());
  BOOST_TEST(cases[3].skip_reason == "profile demo maps no name for users (used at x.suite.json:7:21)");
  // The location is the check's own; the shared cause leaves it out, so such checks group.
  BOOST_TEST(cases[0].skip_group ==
             "name.givenName of users, which profile demo does not map: add it to the mapping if "
             "the app keeps it");
  BOOST_TEST(cases[4].skip_reason.empty());
  BOOST_TEST(cases[5].skip_reason.find("maps no emails[type eq \"home\"].value") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_only_if_the_profile_decides_leaves_its_step_out) {
  suite::Case c = reading("a", "name.givenName");
  c.member_uses.front().step = 0;
  suite::Condition on_matching;
  on_matching.value.value = "{{alice.match.attribute}}";
  on_matching.equals = "userName";
  c.steps[0].only_if = on_matching;
  suite::Suite s;
  s.cases = {c};
  on_matching.equals = "externalId";  // the profile's: the step runs and reads the attribute
  s.cases.push_back(c);
  s.cases.back().steps[0].only_if = on_matching;
  suite::Case in_condition = reading("c", "name.givenName");
  in_condition.member_uses.front().condition = true;
  s.cases.push_back(in_condition);
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  const auto plan = plan::make_plan(suites, profile, plan::Selection{});
  const auto& cases = plan.suites[0].cases;
  BOOST_TEST(cases[0].skip_reason.empty());
  BOOST_TEST(cases[1].skip_reason.find("maps no name.givenName") != std::string::npos);
  BOOST_TEST(cases[2].skip_reason.empty());
}

BOOST_AUTO_TEST_CASE(skips_checks_whose_fixture_kind_is_not_mapped) {
  suite::Case c = make_case("g");
  c.fixtures = {{"team", "group"}};
  c.span = {"g.suite.json", 3, 5, ""};
  suite::Suite s;
  s.cases = {c};
  auto profile = twingate_like();
  std::vector<suite::Suite> suites{s};
  const auto plan = plan::make_plan(suites, profile, plan::Selection{});
  BOOST_TEST(plan.suites[0].cases[0].skip_reason ==
             "profile demo maps no groups (fixture team at g.suite.json:3:5)");
}

BOOST_AUTO_TEST_SUITE_END()
