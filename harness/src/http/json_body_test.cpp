#include "http/json_body.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace scimcheck::http;

namespace {

std::string nested(int depth, const std::string& inner = "1") {
  return std::string(static_cast<std::size_t>(depth), '[') + inner +
         std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_body)

BOOST_AUTO_TEST_CASE(depth_is_counted_outside_strings) {
  BOOST_TEST(within_depth(nested(64)));
  BOOST_TEST(!within_depth(nested(65)));
  BOOST_TEST(within_depth(R"({"a":{"b":[{"c":1}]}})", 4));
  BOOST_TEST(!within_depth(R"({"a":{"b":[{"c":1}]}})", 3));
  // Brackets inside strings, escaped quotes included, do not nest.
  BOOST_TEST(within_depth(R"({"a":"[[[[{{{{","b":"\"[[[[[["})", 1));
  BOOST_TEST(within_depth("", 0));
}

BOOST_AUTO_TEST_CASE(too_deep_bodies_are_refused_before_parsing) {
  BOOST_TEST(parse_body(nested(64)).has_value());
  BOOST_TEST(!parse_body(nested(65)).has_value());
  BOOST_TEST(!parse_body(nested(100000)).has_value());
  BOOST_TEST(!parse_body_ordered(nested(100000)).has_value());
  BOOST_TEST(!parse_body(std::string(100000, '{')).has_value());
}

BOOST_AUTO_TEST_CASE(bodies_with_too_many_values_are_refused) {
  std::string many = "[0";
  for (std::size_t i = 1; i < kMaxBodyValues; ++i) many += ",0";
  BOOST_TEST(parse_body(many + "]").has_value());
  BOOST_TEST(!parse_body(many + ",0]").has_value());
  std::string objects = "[";
  for (std::size_t i = 0; i < kMaxBodyValues / 2; ++i) objects += "{},";
  BOOST_TEST(!parse_body(objects + "{}]").has_value());
  // Commas inside strings are not values.
  BOOST_TEST(parse_body("[\"" + std::string(2 * kMaxBodyValues, ',') + "\"]").has_value());
}

BOOST_AUTO_TEST_CASE(parse_never_throws) {
  BOOST_TEST(!parse_body("").has_value());
  BOOST_TEST(!parse_body("{").has_value());
  BOOST_TEST(!parse_body("\"Jos\xE9\"").has_value());  // Latin-1, not UTF-8
  BOOST_TEST(!parse_body("1e999").has_value());
  const auto ok = parse_body(R"({"id":"42","emails":[{"value":"a@b"}]})");
  BOOST_REQUIRE(ok.has_value());
  BOOST_TEST((*ok)["id"] == "42");
  const auto ordered = parse_body_ordered(R"({"z":1,"a":2})");
  BOOST_REQUIRE(ordered.has_value());
  BOOST_TEST(ordered->dump() == R"({"z":1,"a":2})");
}

BOOST_AUTO_TEST_CASE(lenient_parse_reads_latin1_bytes_as_replacement_characters) {
  const std::string latin1 = "{\"id\":\"7\",\"displayName\":\"Jos\xE9 M\xFCller\"}";
  BOOST_TEST(!parse_body(latin1).has_value());
  const auto lenient = parse_body_lenient(latin1);
  BOOST_REQUIRE(lenient.has_value());
  BOOST_TEST((*lenient)["id"] == "7");
  BOOST_TEST((*lenient)["displayName"] == "Jos\xEF\xBF\xBD M\xEF\xBF\xBDller");
  // Only the encoding is forgiven: broken JSON and hostile depth stay refused.
  BOOST_TEST(!parse_body_lenient("{\"a\":\"\xE9\"").has_value());
  BOOST_TEST(!parse_body_lenient(std::string(100, '[') + "\xE9" + std::string(100, ']')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
