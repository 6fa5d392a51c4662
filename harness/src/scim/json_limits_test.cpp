#include "scim/json_limits.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

namespace scimcheck::scim {
namespace {

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_limits)

BOOST_AUTO_TEST_CASE(nesting_scan_counts_brackets_outside_strings) {
  BOOST_TEST(!nesting_exceeded_at(R"({"a": [1, {"b": 2}]})", 3).has_value());
  BOOST_TEST(nesting_exceeded_at(R"({"a": [1, {"b": 2}]})", 2).value() == 10u);
  // Brackets and escaped quotes inside strings do not count.
  BOOST_TEST(!nesting_exceeded_at(R"(["[[[{{{", "\"[[[", "\\"])", 1).has_value());
  BOOST_TEST(nesting_exceeded_at(R"(["\\", [1]])", 1).value() == 7u);
  // Closing brackets never take the depth below zero.
  BOOST_TEST(nesting_exceeded_at("]]]][[", 1).value() == 5u);
  BOOST_TEST(!nesting_exceeded_at(nested_arrays(kMaxJsonNesting)).has_value());
  BOOST_TEST(nesting_exceeded_at(nested_arrays(kMaxJsonNesting + 1)).value() == kMaxJsonNesting);
  BOOST_TEST(nesting_exceeded_at(nested_arrays(100000)).value() == kMaxJsonNesting);
}

BOOST_AUTO_TEST_CASE(nesting_of_a_value_is_measured_without_recursion) {
  BOOST_TEST(!nesting_exceeds(nlohmann::json(42), 0));
  BOOST_TEST(nesting_exceeds(nlohmann::json::array(), 0));
  BOOST_TEST(!nesting_exceeds(nlohmann::json::parse(R"({"a": [1, {"b": 2}]})"), 3));
  BOOST_TEST(nesting_exceeds(nlohmann::json::parse(R"({"a": [1, {"b": 2}]})"), 2));
  // nlohmann's parser and destructor are iterative: a deep value can exist in memory.
  const auto deep = nlohmann::json::parse(nested_arrays(100000));
  BOOST_TEST(nesting_exceeds(deep));
  BOOST_TEST(!nesting_exceeds(nlohmann::json::parse(nested_arrays(kMaxJsonNesting))));
}

BOOST_AUTO_TEST_CASE(utf8_is_checked_byte_by_byte) {
  BOOST_TEST(
      !invalid_utf8_at("Jos\xc3\xa9 M\xc3\xbcller \xe2\x82\xac \xf0\x9f\x99\x82").has_value());
  BOOST_TEST(invalid_utf8_at("Jos\xe9 M\xfcller").value() == 3u);  // Latin-1
  BOOST_TEST(invalid_utf8_at("\xc0\xaf").value() == 0u);           // overlong '/'
  BOOST_TEST(invalid_utf8_at("a\xe0\x80\xaf").value() == 1u);      // overlong, 3 bytes
  BOOST_TEST(invalid_utf8_at("\xed\xa0\x80").value() == 0u);       // a surrogate
  BOOST_TEST(invalid_utf8_at("\xf4\x90\x80\x80").value() == 0u);   // above U+10FFFF
  BOOST_TEST(invalid_utf8_at("ab\xe2\x82").value() == 2u);         // cut short
  BOOST_TEST(invalid_utf8_at("\xe2\x28\xa1").value() == 0u);       // bad continuation
  BOOST_TEST(invalid_utf8_at("\x80").value() == 0u);               // a lone continuation
}

BOOST_AUTO_TEST_CASE(bounded_parse_refuses_with_400_and_never_throws) {
  nlohmann::json out;
  BOOST_TEST(!parse_bounded_json(R"({"userName": "Jos\u00e9", "n": 1e308})", &out).has_value());
  BOOST_TEST(out["userName"] == "Jos\xc3\xa9");

  auto bad_utf8 = parse_bounded_json("{\"userName\": \"Jos\xe9\"}", &out);
  BOOST_TEST_REQUIRE(bad_utf8.has_value());
  BOOST_TEST(bad_utf8->status == 400);
  BOOST_TEST(bad_utf8->scim_type == "invalidSyntax");
  BOOST_TEST(!invalid_utf8_at(bad_utf8->detail).has_value());

  auto huge = parse_bounded_json(R"({"n": 1e999})", &out);
  BOOST_TEST_REQUIRE(huge.has_value());
  BOOST_TEST(huge->status == 400);
  BOOST_TEST(huge->scim_type == "invalidValue");

  auto deep = parse_bounded_json(nested_arrays(100000), &out);
  BOOST_TEST_REQUIRE(deep.has_value());
  BOOST_TEST(deep->scim_type == "invalidSyntax");
  BOOST_TEST(deep->detail.find("deeper than 64") != std::string::npos);

  auto malformed = parse_bounded_json(R"({"a": )", &out);
  BOOST_TEST_REQUIRE(malformed.has_value());
  BOOST_TEST(malformed->scim_type == "invalidSyntax");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace scimcheck::scim
