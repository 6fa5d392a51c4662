#include "source/strings.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck::source;

BOOST_AUTO_TEST_SUITE(strings)

BOOST_AUTO_TEST_CASE(fold_case_lowers_ascii_letters_only) {
  BOOST_TEST(fold_case("UserName-Éa[Z]@") == "username-Éa[z]@");
  BOOST_TEST(fold_case("") == "");
}

BOOST_AUTO_TEST_CASE(iequals_ignores_ascii_case) {
  BOOST_TEST(iequals("Authorization", "aUTHORIZATION"));
  BOOST_TEST(!iequals("abc", "abd"));
  BOOST_TEST(!iequals("abc", "abcd"));
  BOOST_TEST(!iequals("[", "{"));  // '[' + 32 is '{': only letters fold
}

BOOST_AUTO_TEST_CASE(trim_drops_all_whitespace) {
  BOOST_TEST(trim(" \t\r\n a b \v\f") == "a b");
  BOOST_TEST(trim(" \n ") == "");
}

BOOST_AUTO_TEST_CASE(trim_blanks_drops_space_and_tab_only) {
  BOOST_TEST(trim_blanks(" \ta b\t ") == "a b");
  BOOST_TEST(trim_blanks("\r\na\r\n") == "\r\na\r\n");
}

BOOST_AUTO_TEST_CASE(form_decode_decodes_plus_and_percent) {
  BOOST_TEST(form_decode("a%20b%22c%40d") == "a b\"c@d");
  BOOST_TEST(form_decode("a+b") == "a b");
  BOOST_TEST(form_decode("%c3%A9") == "\xc3\xa9");
  BOOST_TEST(form_decode("100%") == "100%");
  BOOST_TEST(form_decode("%zz%4") == "%zz%4");
}

BOOST_AUTO_TEST_SUITE_END()
