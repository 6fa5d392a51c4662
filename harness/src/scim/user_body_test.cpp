#include "scim/user_body.hpp"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "scim/attributes.hpp"

namespace scimcheck::scim {
namespace {

constexpr std::size_t kDepth = 64;

/// A user body with `extra` inserted before its closing brace.
std::string user(const std::string& extra = "", const std::string& id = "u1") {
  return R"({"schemas":[")" + std::string(kUserUrn) + R"("],"id":")" + id + R"(","userName":"a")" +
         extra + "}";
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

struct Case {
  std::string name, body;
  bool verdict;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(user_body)

// Both readers give every verdict: the fast one answers for bodies simdjson reads, the SAX one
// for the others, so a difference would make a read's verdict depend on the body's size.
BOOST_AUTO_TEST_CASE(both_readers_agree_on_what_is_the_user_asked_for) {
  const std::string urn = kUserUrn;
  const std::vector<Case> cases = {
      {"the user", user(), true},
      {"members in any order, spaces around",
       " \n{ \"id\" : \"u1\", \"schemas\" : [ \"x\", \"" + urn + "\" ] }\t", true},
      {"another id", user("", "u2"), false},
      {"cut short", user().substr(0, user().size() - 1), false},
      {"trailing text", user() + "x", false},
      {"two documents", user() + user(), false},
      {"empty", "", false},
      {"the user in an array", "[" + user() + "]", false},
      {"a string", "\"u1\"", false},
      {"schemas a string", R"({"id":"u1","schemas":")" + urn + R"("})", false},
      {"schemas without the User URN", R"({"id":"u1","schemas":["urn:x"]})", false},
      {"the URN one level too deep", R"({"id":"u1","schemas":[[")" + urn + R"("]]})", false},
      {"the URN as an object member", R"({"id":"u1","schemas":[{"a":")" + urn + R"("}]})", false},
      {"the id nested", R"({"schemas":[")" + urn + R"("],"x":{"id":"u1"}})", false},
      {"no id", R"({"schemas":[")" + urn + R"("]})", false},
      {"escaped key and value", R"({"\u0069d":"\u00751","schemas":[")" + urn + R"("]})", true},
      {"the last string id counts", user(R"(,"id":"u2")"), false},
      {"a later id that is no string", user(R"(,"id":5)"), true},
      {"a number id", R"({"id":1,"schemas":[")" + urn + R"("]})", false},
      {"nesting at the limit", user(",\"x\":" + nested(kDepth - 1)), true},
      {"nesting over the limit", user(",\"x\":" + nested(kDepth)), false},
      {"an integer over 64 bits", user(R"(,"n":123456789012345678901234567890)"), true},
      {"a number out of double's range", user(R"(,"n":1e400)"), false},
      {"a malformed number", user(R"(,"n":01)"), false},
      {"invalid UTF-8 in a string", user(",\"x\":\"\xC3\x28\""), false},
      {"a raw control character in a string", user(",\"x\":\"a\tb\""), false},
      {"an escaped NUL", user(R"(,"x":"\u0000")"), true},
      {"a lone surrogate escape", user(R"(,"x":"\ud800")"), false},
      {"a body over the fast reader's limit",
       user(",\"pad\":\"" + std::string(kFastUserBodyLimit, 'p') + "\""), true},
      {"a long body that is not the user",
       user(",\"pad\":\"" + std::string(kFastUserBodyLimit, 'p') + "\"", "u2"), false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      BOOST_TEST(is_user_body(c.body, "u1", kDepth) == c.verdict);
      BOOST_TEST(is_user_body_sax(c.body, "u1", kDepth) == c.verdict);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_depth_limit_is_the_callers) {
  const std::string body = user(",\"x\":" + nested(3));  // 4 levels: the user, then 3 arrays
  for (std::size_t depth : {1u, 3u, 4u, 5u}) {
    BOOST_TEST_CONTEXT("limit " << depth) {
      BOOST_TEST(is_user_body(body, "u1", depth) == (depth >= 4));
      BOOST_TEST(is_user_body_sax(body, "u1", depth) == (depth >= 4));
    }
  }
  // A thread that used one limit and then another gets the second.
  BOOST_TEST(is_user_body(body, "u1", 64));
  BOOST_TEST(!is_user_body(body, "u1", 3));
  BOOST_TEST(is_user_body(body, "u1", 64));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
