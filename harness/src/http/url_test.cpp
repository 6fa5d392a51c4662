#include "http/url.hpp"
#include "source/strings.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck::http;

BOOST_AUTO_TEST_SUITE(url)

BOOST_AUTO_TEST_CASE(join_url_base_forms) {
  struct Row {
    std::string base, path, expected;
  };
  const std::vector<Row> rows = {
      {"http://h:1/scim", "/Users", "http://h:1/scim/Users"},
      {"http://h:1/scim/", "/Users", "http://h:1/scim/Users"},
      {"http://h:1/scim/", "Users", "http://h:1/scim/Users"},
      {"http://h:1/scim", "Users/abc", "http://h:1/scim/Users/abc"},
      {"https://h/moservices/scim/v1", "/Users/abc", "https://h/moservices/scim/v1/Users/abc"},
      {"http://h:1/scim?aadOptscim062020", "/Users", "http://h:1/scim/Users?aadOptscim062020"},
      {"http://h:1/?aadOptscim062020", "/Users", "http://h:1/Users?aadOptscim062020"},
      {"http://h:1", "/Users", "http://h:1/Users"},
      {"http://h:1/scim#frag", "/Groups", "http://h:1/scim/Groups"},
      {"http://h:1/scim?a=1#frag", "/Groups", "http://h:1/scim/Groups?a=1"},
      {"http://h:1/scim", "", "http://h:1/scim"},
      {"http://h:1", "", "http://h:1/"},
  };
  for (const auto& row : rows) {
    BOOST_TEST_CONTEXT(row.base << " + " << row.path) {
      BOOST_TEST(join_url(row.base, row.path, {}) == row.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(join_url_query_after_base_query) {
  BOOST_TEST(join_url("http://h:1/scim?aadOptscim062020", "/Users",
                      {{"filter", "userName eq \"a@b\""}}) ==
             "http://h:1/scim/Users?aadOptscim062020&filter=userName%20eq%20%22a%40b%22");
  BOOST_TEST(join_url("http://h:1/scim", "/Users", {{"filter", "userName eq \"a@b.com\""}}) ==
             "http://h:1/scim/Users?filter=userName%20eq%20%22a%40b.com%22");
  BOOST_TEST(join_url("http://h:1/scim/", "/Users",
                      {{"startIndex", "1"}, {"count", "10"}, {"attributes", "id,userName"}}) ==
             "http://h:1/scim/Users?startIndex=1&count=10&attributes=id%2CuserName");
  BOOST_TEST(join_url("http://h:1/?aadOptscim062020", "Groups", {{"excluded Attributes", "x"}}) ==
             "http://h:1/Groups?aadOptscim062020&excluded%20Attributes=x");
  BOOST_TEST(join_url("http://h:1/scim", "/Users?x=1", {{"y", "2"}}) ==
             "http://h:1/scim/Users?x=1&y=2");
}

BOOST_AUTO_TEST_CASE(url_encode_and_decode) {
  BOOST_TEST(url_encode("AZaz09-._~") == "AZaz09-._~");
  BOOST_TEST(url_encode("a b\"c@d/e+f&g=h") == "a%20b%22c%40d%2Fe%2Bf%26g%3Dh");
  BOOST_TEST(url_encode("\xc3\xa9") == "%C3%A9");
  BOOST_TEST(url_encode("") == "");
  const std::string all = "x y\"z@!*'();:@&=+$,/?#[]%";
  BOOST_TEST(scimcheck::source::form_decode(url_encode(all)) == all);
}

BOOST_AUTO_TEST_CASE(redact_url_masks_userinfo_and_secret_parameters) {
  BOOST_TEST(redact_url("https://user:pw@h/x?token=abc&x=1") == "https://****@h/x?token=****&x=1");
  BOOST_TEST(redact_url("https://h/x?Access_Token=abc&API_KEY=k&sig=s&filter=a") ==
             "https://h/x?Access_Token=****&API_KEY=****&sig=****&filter=a");
  BOOST_TEST(redact_url("https://h/x?code=1&signature=2&password=3&secret=4&apikey=5&key=6") ==
             "https://h/x?code=****&signature=****&password=****&secret=****&apikey=****"
             "&key=****");
  BOOST_TEST(redact_url("http://h:1/scim/Users?aadOptscim062020&filter=x") ==
             "http://h:1/scim/Users?aadOptscim062020&filter=x");
  BOOST_TEST(redact_url("http://h:1/scim") == "http://h:1/scim");
  BOOST_TEST(redact_url("http://h/x?tokens=a#frag") == "http://h/x?tokens=a#frag");
}

BOOST_AUTO_TEST_CASE(has_entra_flag_in_query) {
  BOOST_TEST(has_entra_flag("http://h:1/scim?aadOptscim062020"));
  BOOST_TEST(has_entra_flag("http://h:1/?a=1&AADOPTSCIM062020"));
  BOOST_TEST(has_entra_flag("http://h:1/?aadOptscim062020=true"));
  BOOST_TEST(!has_entra_flag("http://h:1/scim"));
  BOOST_TEST(!has_entra_flag("http://h:1/aadOptscim062020"));
  BOOST_TEST(!has_entra_flag("http://h:1/scim?x=aadOptscim062020"));
  BOOST_TEST(!has_entra_flag("http://h:1/scim#aadOptscim062020"));
}

BOOST_AUTO_TEST_CASE(an_id_is_one_opaque_path_segment) {
  BOOST_TEST(*path_segment("2819c223-7f76") == "2819c223-7f76");
  BOOST_TEST(*path_segment("../Groups/g1") == "..%2FGroups%2Fg1");
  BOOST_TEST(*path_segment("a?b#c%d e") == "a%3Fb%23c%25d%20e");
  BOOST_TEST(*path_segment(std::string("a\r\nb\0c", 6)) == "a%0D%0Ab%00c");
  BOOST_TEST(!path_segment(""));
  BOOST_TEST(!path_segment("."));
  BOOST_TEST(!path_segment(".."));
  BOOST_TEST(*path_segment("...") == "...");
  // Whatever the id, the URL built from it names one resource of the collection.
  for (const std::string id : {"../Groups/g1", "a/b", "%2e%2e", "x?y", "x#y", "..%2F.."}) {
    BOOST_TEST_CONTEXT(id) {
      const std::string url = join_url("http://h:1/scim", "/Users/" + *path_segment(id), {});
      const auto segments = path_segments(url.substr(std::string("http://h:1").size()));
      BOOST_REQUIRE(segments);
      BOOST_TEST(segments->size() == 3u);
      BOOST_TEST(segments->at(1) == "Users");
      BOOST_TEST(segments->at(2) == id);
    }
  }
}

BOOST_AUTO_TEST_CASE(path_segments_refuse_dot_segments_in_any_spelling) {
  BOOST_TEST(!path_segments("/Users/../Groups/g1"));
  BOOST_TEST(!path_segments("/Users/%2E%2E/Groups/g1"));
  BOOST_TEST(!path_segments("/Users/%2e"));
  BOOST_TEST(!path_segments("./Users"));
  const auto plain = path_segments("//Users/a%2Fb+c?x=/../#..");
  BOOST_REQUIRE(plain);
  BOOST_TEST(plain->size() == 2u);
  BOOST_TEST(plain->at(1) == "a/b+c");
  BOOST_TEST(path_segments("")->empty());
}

BOOST_AUTO_TEST_SUITE_END()
