#include "scim/filter.hpp"

#include <boost/test/unit_test.hpp>

namespace scimcheck::scim {
namespace {

using nlohmann::json;

Filter must_parse(std::string_view text) {
  auto parsed = parse_filter(text);
  BOOST_TEST_REQUIRE(parsed.error == "", "filter " << text << " failed at " << parsed.offset);
  BOOST_TEST_REQUIRE(parsed.value.has_value());
  return *parsed.value;
}

json barbara() {
  return json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "Bjensen-EXT",
    "userName": "Bjensen",
    "title": "Tour Guide",
    "userType": "Employee",
    "active": true,
    "loginCount": 42,
    "name": {"familyName": "O'Malley", "givenName": "Barbara"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}],
    "ims": [{"value": "babs@foo.com", "type": "xmpp"}],
    "meta": {"resourceType": "User", "lastModified": "2011-05-13T04:42:34Z"},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984", "manager": {"value": "26118915"}
    }
  })");
}

bool eval(std::string_view text, const json& resource = barbara(),
          ResourceKind kind = ResourceKind::user) {
  return matches(must_parse(text), resource, kind);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(filter)

BOOST_AUTO_TEST_CASE(parses_the_structure) {
  Filter f = must_parse(R"(userName eq "bjensen")");
  BOOST_TEST(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::compare));
  BOOST_TEST(f.path.attr == "userName");
  BOOST_TEST(f.op == "eq");
  BOOST_TEST(f.value == "bjensen");

  f = must_parse("title pr");
  BOOST_TEST(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::present));

  // Precedence: and binds tighter than or.
  f = must_parse(R"(a eq 1 or b eq 2 and c eq 3)");
  BOOST_TEST_REQUIRE(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::logical_or));
  BOOST_TEST(f.children[0]->path.attr == "a");
  BOOST_TEST(static_cast<int>(f.children[1]->kind) == static_cast<int>(Filter::Kind::logical_and));

  // Parentheses override it.
  f = must_parse(R"((a eq 1 or b eq 2) and c eq 3)");
  BOOST_TEST_REQUIRE(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::logical_and));
  BOOST_TEST(static_cast<int>(f.children[0]->kind) == static_cast<int>(Filter::Kind::logical_or));

  f = must_parse(R"(not (a eq 1) and b eq 2)");
  BOOST_TEST_REQUIRE(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::logical_and));
  BOOST_TEST(static_cast<int>(f.children[0]->kind) == static_cast<int>(Filter::Kind::logical_not));

  f = must_parse(R"(emails[type eq "work" and value co "@example.com"])");
  BOOST_TEST_REQUIRE(static_cast<int>(f.kind) == static_cast<int>(Filter::Kind::value_path));
  BOOST_TEST(f.path.attr == "emails");
  BOOST_TEST_REQUIRE(f.children.size() == 1u);
  BOOST_TEST(static_cast<int>(f.children[0]->kind) == static_cast<int>(Filter::Kind::logical_and));
}

BOOST_AUTO_TEST_CASE(comparison_values) {
  BOOST_TEST(must_parse(R"(x eq "a\"b\\c\u00e9")").value == "a\"b\\c\xc3\xa9");
  BOOST_TEST(must_parse("x eq 42").value == 42);
  BOOST_TEST(must_parse("x eq -1.5e2").value == -150.0);
  BOOST_TEST(must_parse("x eq true").value == true);
  BOOST_TEST(must_parse("x eq False").value == false);
  BOOST_TEST(must_parse("x eq null").value.is_null());
}

BOOST_AUTO_TEST_CASE(keywords_and_names_are_case_insensitive) {
  BOOST_TEST(must_parse(R"(userName EQ "x")").op == "eq");
  BOOST_TEST(eval(R"(USERNAME Eq "bjensen")"));
  BOOST_TEST(eval(R"(title PR AND userType eq "Employee")"));
  BOOST_TEST(eval(R"(NOT (userType eq "Intern"))"));
  BOOST_TEST(eval(R"(userType eq "Intern" OR title pr)"));
}

BOOST_AUTO_TEST_CASE(every_operator) {
  BOOST_TEST(eval(R"(userName eq "bjensen")"));
  BOOST_TEST(!eval(R"(userName eq "jsmith")"));
  BOOST_TEST(eval(R"(userName ne "jsmith")"));
  BOOST_TEST(!eval(R"(userName ne "BJENSEN")"));
  BOOST_TEST(eval(R"(userName co "JENS")"));
  BOOST_TEST(!eval(R"(userName co "xyz")"));
  BOOST_TEST(eval(R"(userName sw "bj")"));
  BOOST_TEST(!eval(R"(userName sw "jensen")"));
  BOOST_TEST(eval(R"(userName ew "SEN")"));
  BOOST_TEST(!eval(R"(userName ew "bj")"));
  BOOST_TEST(eval("title pr"));
  BOOST_TEST(!eval("nickName pr"));
  BOOST_TEST(eval(R"(userName gt "A")"));
  BOOST_TEST(!eval(R"(userName gt "c")"));
  BOOST_TEST(eval(R"(userName ge "BJENSEN")"));
  BOOST_TEST(eval(R"(userName lt "c")"));
  BOOST_TEST(!eval(R"(userName lt "bjensen")"));
  BOOST_TEST(eval(R"(userName le "bjensen")"));
  BOOST_TEST(eval("loginCount gt 41"));
  BOOST_TEST(!eval("loginCount gt 42"));
  BOOST_TEST(eval("loginCount ge 42"));
  BOOST_TEST(eval("loginCount lt 42.5"));
  BOOST_TEST(eval("loginCount le 42"));
  BOOST_TEST(eval("loginCount eq 42.0"));
  BOOST_TEST(eval("active eq true"));
  BOOST_TEST(!eval("active eq false"));
  BOOST_TEST(eval("active ne false"));
  // eq null asks for an unassigned attribute.
  BOOST_TEST(eval("nickName eq null"));
  BOOST_TEST(!eval("title eq null"));
  BOOST_TEST(eval("title ne null"));
}

BOOST_AUTO_TEST_CASE(case_exactness_follows_the_schema) {
  // id and externalId are caseExact; userName is not.
  BOOST_TEST(eval(R"(externalId eq "Bjensen-EXT")"));
  BOOST_TEST(!eval(R"(externalId eq "bjensen-ext")"));
  BOOST_TEST(!eval(R"(id eq "2819C223-7F76-453A-919D-413861904646")"));
  BOOST_TEST(eval(R"(id eq "2819c223-7f76-453a-919d-413861904646")"));
  BOOST_TEST(!eval(R"(externalId sw "bj")"));
  BOOST_TEST(eval(R"(externalId sw "Bj")"));
  BOOST_TEST(eval(R"(name.familyName eq "o'malley")"));
  // Case-folded ordering unless caseExact: "a" < "B" when folded, "B" < "a" in bytes.
  BOOST_TEST(eval(R"(userName lt "C")"));
  BOOST_TEST(!eval(R"(externalId gt "a")"));
  BOOST_TEST(eval(R"(externalId lt "a")"));
}

BOOST_AUTO_TEST_CASE(rfc_7644_examples) {
  const json user = barbara();
  BOOST_TEST(eval(R"(userName Eq "john")") == false);
  BOOST_TEST(eval(R"(name.familyName co "O'Malley")"));
  BOOST_TEST(eval(R"(userName sw "J")") == false);
  BOOST_TEST(eval(R"(urn:ietf:params:scim:schemas:core:2.0:User:userName sw "B")"));
  BOOST_TEST(eval("title pr"));
  BOOST_TEST(eval(R"(meta.lastModified gt "2011-05-13T04:42:34Z")") == false);
  BOOST_TEST(eval(R"(meta.lastModified ge "2011-05-13T04:42:34Z")"));
  BOOST_TEST(eval(R"(meta.lastModified lt "2011-05-13T04:42:35Z")"));
  BOOST_TEST(eval(R"(meta.lastModified le "2011-05-13T04:42:34Z")"));
  BOOST_TEST(eval(R"(title pr and userType eq "Employee")"));
  BOOST_TEST(eval(R"(title pr or userType eq "Intern")"));
  BOOST_TEST(eval(R"(schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")"));
  BOOST_TEST(eval(
      R"(userType eq "Employee" and (emails co "example.com" or emails.value co "example.org"))"));
  BOOST_TEST(!eval(
      R"(userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org"))"));
  BOOST_TEST(eval(R"(userType eq "Employee" and (emails.type eq "work"))"));
  BOOST_TEST(
      eval(R"(userType eq "Employee" and emails[type eq "work" and value co "@example.com"])"));
  BOOST_TEST(eval(
      R"(emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"])"));
  // The value filter must hold for one element: no element is both home and @example.com.
  BOOST_TEST(!eval(R"(emails[type eq "home" and value co "@example.com"])"));
}

BOOST_AUTO_TEST_CASE(entra_queries) {
  BOOST_TEST(eval(R"(userName eq "BJENSEN")"));
  BOOST_TEST(eval(R"(emails[type eq "work"].value eq "bjensen@example.com")"));
  BOOST_TEST(!eval(R"(emails[type eq "home"].value eq "bjensen@example.com")"));
  BOOST_TEST(eval(R"(id eq "2819c223-7f76-453a-919d-413861904646" and manager eq "26118915")"));
  BOOST_TEST(!eval(R"(manager eq "other")"));
  BOOST_TEST(eval(
      R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984")"));
  BOOST_TEST(eval(
      R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915")"));
  const json group = {{"displayName", "Sales Reps"},
                      {"members", json::array({{{"value", "u1"}}, {{"value", "u2"}}})}};
  BOOST_TEST(eval(R"(displayName eq "sales reps")", group, ResourceKind::group));
  BOOST_TEST(eval(R"(members[value eq "u2"])", group, ResourceKind::group));
  BOOST_TEST(eval(R"(members.value eq "u1")", group, ResourceKind::group));
  BOOST_TEST(!eval(R"(members[value eq "u3"])", group, ResourceKind::group));
}

BOOST_AUTO_TEST_CASE(multi_valued_and_presence) {
  BOOST_TEST(eval(R"(emails.value eq "babs@jensen.org")"));
  BOOST_TEST(eval(R"(emails co "jensen.org")"));
  BOOST_TEST(eval("emails pr"));
  BOOST_TEST(eval("emails[primary eq true]"));
  BOOST_TEST(!eval("ims[primary eq true]"));
  const json sparse = {
      {"title", ""}, {"emails", json::array()}, {"name", json::object()}, {"nickName", nullptr}};
  BOOST_TEST(!eval("title pr", sparse));
  BOOST_TEST(!eval("emails pr", sparse));
  BOOST_TEST(!eval("name pr", sparse));
  BOOST_TEST(!eval("nickName pr", sparse));
  BOOST_TEST(eval("nickName eq null", sparse));
}

BOOST_AUTO_TEST_CASE(invalid_filters_report_offsets) {
  struct Case {
    const char* text;
    std::size_t offset;
  };
  const Case cases[] = {
      {"", 0},
      {"   ", 3},
      {"userName", 8},                         // no operator
      {"userName xx \"a\"", 9},                // unknown operator
      {"userName eq", 11},                     // no value
      {"userName eq bjensen", 12},             // unquoted value
      {"userName eq \"bjensen", 12},           // unterminated string
      {"userName eq \"a\" and", 19},           // dangling and
      {"(userName eq \"a\"", 16},              // missing ')'
      {"userName eq \"a\")", 15},              // stray ')'
      {"not userName eq \"a\"", 4},            // not without parentheses
      {"emails[type eq \"work\"", 21},         // unclosed value filter
      {"emails[type eq \"w\"] eq", 22},        // no value after eq
      {"userName eq 1.2.3", 12},               // bad number
      {"userName eq \"a\" xor b pr", 16},      // unknown logical operator
      {"emails[type[value eq 1] eq 1]", 11},   // nested value filter
      {"userName eq \"bad \\q escape\"", 12},  // invalid JSON escape
  };
  for (const auto& c : cases) {
    auto parsed = parse_filter(c.text);
    BOOST_TEST_CONTEXT("filter " << c.text) {
      BOOST_TEST(!parsed);
      BOOST_TEST(!parsed.error.empty());
      BOOST_TEST(parsed.offset == c.offset);
    }
  }
  BOOST_TEST(parse_filter("userName xx \"a\"").error == "unknown operator 'xx'");
}

BOOST_AUTO_TEST_CASE(validation_refuses_ordering_on_booleans) {
  auto error = validate_filter(must_parse("active gt true"), ResourceKind::user);
  BOOST_TEST_REQUIRE(error.has_value());
  BOOST_TEST(error->status == 400);
  BOOST_TEST(error->scim_type == "invalidFilter");
  BOOST_TEST(
      validate_filter(must_parse(R"(emails[primary le false])"), ResourceKind::user).has_value());
  BOOST_TEST(validate_filter(must_parse(R"(x509Certificates.value gt "a")"), ResourceKind::user)
                 .has_value());
  BOOST_TEST(validate_filter(must_parse("title pr and not (active lt true)"), ResourceKind::user)
                 .has_value());
  BOOST_TEST(!validate_filter(must_parse("active eq true"), ResourceKind::user).has_value());
  BOOST_TEST(!validate_filter(must_parse(R"(userName gt "a")"), ResourceKind::user).has_value());
  BOOST_TEST(
      !validate_filter(must_parse(R"(meta.created gt "2020")"), ResourceKind::group).has_value());
}

BOOST_AUTO_TEST_CASE(renders_back_to_text) {
  BOOST_TEST(to_string(must_parse(R"(userName EQ "a\"b")")) == R"(userName eq "a\"b")");
  BOOST_TEST(to_string(must_parse("title  PR")) == "title pr");
  BOOST_TEST(to_string(must_parse(R"((a eq 1 or b eq 2) and not (c eq true))")) ==
             "(a eq 1 or b eq 2) and not (c eq true)");
  BOOST_TEST(to_string(must_parse(R"(a eq 1 or b eq 2 and c eq null)")) ==
             "a eq 1 or b eq 2 and c eq null");
  BOOST_TEST(to_string(must_parse(R"(emails[type eq "work"].value eq "x")")) ==
             R"(emails[type eq "work"].value eq "x")");
  BOOST_TEST(to_string(must_parse(R"(emails[Type Eq "work" and primary eq true])")) ==
             R"(emails[Type eq "work" and primary eq true])");
  BOOST_TEST(
      to_string(must_parse(
          R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "1")")) ==
      R"(urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "1")");
  // Rendering and re-parsing gives the same text.
  const char* text = R"(not (emails[type eq "work"] or userName sw "a") and title pr)";
  BOOST_TEST(to_string(must_parse(to_string(must_parse(text)))) == to_string(must_parse(text)));
}

BOOST_AUTO_TEST_CASE(nesting_is_limited_without_recursing_past_it) {
  const std::string compare = R"(userName eq "a")";
  auto nested = [&](std::size_t depth, const std::string& open) {
    std::string text;
    for (std::size_t i = 0; i < depth; ++i) text += open;
    return text + compare + std::string(depth, ')');
  };
  must_parse(nested(kMaxFilterNesting, "("));
  must_parse(nested(kMaxFilterNesting, "not ("));
  for (const auto& text : {nested(kMaxFilterNesting + 1, "("), nested(10000, "("),
                           nested(50000, "not ("), nested(100000, "not (")}) {
    auto parsed = parse_filter(text);
    BOOST_TEST(!parsed);
    BOOST_TEST(parsed.error.find("nests deeper than 64") != std::string::npos, parsed.error);
  }
  // A value filter's '[' is one level more.
  std::string in_brackets = std::string(kMaxFilterNesting - 1, '(') + R"(emails[(type eq "w")])" +
                            std::string(kMaxFilterNesting - 1, ')');
  BOOST_TEST(!parse_filter(in_brackets));
  BOOST_TEST(parse_filter(in_brackets.substr(1, in_brackets.size() - 2)).error == "");
}

BOOST_AUTO_TEST_CASE(operators_are_limited_so_the_tree_stays_shallow) {
  // Without parentheses the tree still grows one level per and/or: 100,000 of them would
  // overflow the stack when the tree is matched, printed or destroyed.
  auto chain = [](std::size_t operators, const char* op) {
    std::string text = "a eq 1";
    for (std::size_t i = 0; i < operators; ++i) text += std::string(" ") + op + " a eq 1";
    return text;
  };
  BOOST_TEST(to_string(must_parse(chain(kMaxFilterOperators, "or"))).size() > 0u);
  BOOST_TEST(eval(chain(kMaxFilterOperators, "and")) == false);
  for (const auto& text : {chain(kMaxFilterOperators + 1, "or"), chain(100000, "and"),
                           "emails[" + chain(100000, "or") + "]"}) {
    auto parsed = parse_filter(text);
    BOOST_TEST(!parsed);
    BOOST_TEST(parsed.error.find("more than 256") != std::string::npos, parsed.error);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
