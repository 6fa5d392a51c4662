#include "report/text.hpp"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

using namespace scimcheck::report;

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(escapes_per_destination) {
  const std::string latin1 = "Jos\xE9 M\xFCller";
  BOOST_TEST(utf8_text(latin1) == "Jos\\xE9 M\\xFCller");
  BOOST_TEST(safe_text(latin1) == "Jos\\xE9 M\\xFCller");
  BOOST_TEST(terminal_text(latin1) == "Jos\\xE9 M\\xFCller");
  BOOST_TEST(utf8_text("Zo\xC3\xAB\t\x1B") == "Zo\xC3\xAB\t\x1B");
  BOOST_TEST(safe_text("Zo\xC3\xAB\t\x1B") == "Zo\xC3\xAB\t\\x1B");
  BOOST_TEST(terminal_text("Zo\xC3\xAB\t\x1B\x7F\xC2\x9B") ==
             "Zo\xC3\xAB\\x09\\x1B\\x7F\\xC2\\x9B");
  // Overlong forms and surrogates are not UTF-8.
  BOOST_TEST(utf8_text("\xC0\xAF\xED\xA0\x80") == "\\xC0\\xAF\\xED\\xA0\\x80");
}

BOOST_AUTO_TEST_CASE(deep_bodies_are_shown_as_sent_quickly) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto started = std::chrono::steady_clock::now();
  const std::string shown = show_body(deep, 8192);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  BOOST_TEST(took.count() < 2.0);
  BOOST_TEST(shown.rfind(std::string(8192, '['), 0) == 0u);  // not indented
  BOOST_TEST(shown.size() < 8300u);
  // Small but deeper than http::kMaxBodyDepth: not parsed, so not indented either.
  const std::string small_deep = std::string(5000, '[') + std::string(5000, ']');
  BOOST_TEST(show_body(small_deep, 100).rfind(std::string(100, '['), 0) == 0u);
}

BOOST_AUTO_TEST_CASE(bodies_within_the_limits_are_indented) {
  BOOST_TEST(show_body(R"({"z":1,"a":[true]})", 1000) ==
             "{\n  \"z\": 1,\n  \"a\": [\n    true\n  ]\n}");
  // Large bodies are not indented, whatever their depth: indenting multiplies their size.
  const std::string wide =
      "[" + std::string(40, '[') + std::string(70000, ' ') + std::string(40, ']') + "]";
  BOOST_TEST(show_body(wide, 100).rfind("[[[[", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(a_cut_body_says_how_large_it_was) {
  const std::string shown = show_body("{\"a\":", 1000, 16u << 20);
  BOOST_TEST(shown == "{\"a\":\n... (16777216 bytes received, the first 5 kept)");
  BOOST_TEST(show_body("abc", 1000, 3) == "abc");
}

BOOST_AUTO_TEST_SUITE_END()
