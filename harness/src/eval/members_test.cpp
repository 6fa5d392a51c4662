#include "eval/members.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck;

namespace {

/// The made-up app: externalId matching, userName and the work e-mail, no name.
suite::ResourceMapping acme_users() {
  suite::ResourceMapping m;
  m.enabled = true;
  m.matching = "externalId";
  for (std::string path : {"externalId", "userName", "emails[type eq \"work\"].value", "name.displayName"}) {
    suite::AttributeMapping a;
    a.path = path;
    m.attributes.push_back(a);
  }
  suite::AttributeMapping boss;
  boss.path = "manager";
  boss.type = "reference";
  m.attributes.push_back(boss);
  return m;
}

eval::MemberKind kind_of(const std::string& member) {
  return eval::resolve_fixture_member("user", member, acme_users()).kind;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(members)

BOOST_AUTO_TEST_CASE(fields_and_mapped_paths_resolve) {
  for (const char* member : {"body", "match.attribute", "match.value", "kind", "userName", "username",
                             "emails[type eq \"work\"].value", "emails.value", "emails",
                             "body_without.emails[type eq \"work\"]", "name.displayName", "name"})
    BOOST_TEST((kind_of(member) == eval::MemberKind::field), member);
}

BOOST_AUTO_TEST_CASE(attributes_the_mapping_leaves_out_are_unmapped) {
  for (const char* member : {"name.givenName", "displayName", "emails[type eq \"home\"].value",
                             "body_without.name.givenName", "manager",
                             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"})
    BOOST_TEST((kind_of(member) == eval::MemberKind::unmapped), member);
  const auto r = eval::resolve_fixture_member("user", "name.givenName", acme_users());
  BOOST_TEST(r.path == "name.givenName");
}

BOOST_AUTO_TEST_CASE(members_that_cannot_be_anything_are_unknown_with_a_hint) {
  const auto r = eval::resolve_fixture_member("user", "bdy", acme_users());
  BOOST_TEST((r.kind == eval::MemberKind::unknown));
  BOOST_TEST(r.hint == "did you mean \"body\"?");
  BOOST_TEST((kind_of("name.givenNam") == eval::MemberKind::unknown));
  BOOST_TEST((kind_of("userName[") == eval::MemberKind::unknown));
  BOOST_TEST((kind_of("match.valeu") == eval::MemberKind::unknown));
  // A group has no userName.
  BOOST_TEST((eval::resolve_fixture_member("group", "userName", {}).kind == eval::MemberKind::unknown));
}

BOOST_AUTO_TEST_CASE(check_members_reports_unknown_members_and_notes_unmapped_ones) {
  suite::Case c;
  c.id = "acme.one";
  c.fixtures = {{"alice", "user"}};
  c.for_each = suite::ForEach{};
  c.for_each->as = "item";
  c.member_uses = {{"alice", "bdy", 0, false, {"a.suite.json", 9, 17, ""}},
                   {"alice", "name.givenName", 0, false, {"a.suite.json", 10, 3, ""}},
                   {"alice", "name.givenName", 1, false, {"a.suite.json", 12, 3, ""}},
                   {"item", "updat", 0, false, {"a.suite.json", 14, 3, ""}},
                   {"item", "update_text", 0, false, {"a.suite.json", 15, 3, ""}}};
  suite::Suite s;
  s.cases = {c};
  suite::Profile p;
  p.name = "acme";
  p.users = acme_users();
  source::Diagnostics d;
  eval::check_members({s}, p, d, false);
  BOOST_REQUIRE_EQUAL(d.size(), 2u);
  BOOST_TEST(d[0].span.line == 9);
  BOOST_TEST(d[0].hint == "did you mean \"body\"?");
  BOOST_TEST(d[1].span.line == 14);
  BOOST_TEST(d[1].hint == "did you mean \"update\"?");
  d.clear();
  eval::check_members({s}, p, d, true);
  BOOST_REQUIRE_EQUAL(d.size(), 3u);
  BOOST_TEST((d[2].severity == source::Severity::warning));
  BOOST_TEST(d[2].span.line == 10);
  BOOST_TEST(d[2].message == "profile acme maps no name.givenName for users: 1 check reads it and is "
                             "skipped at run time (first use here)");
}

BOOST_AUTO_TEST_SUITE_END()
