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

BOOST_AUTO_TEST_CASE(parse_url_reads_the_parts_as_libcurl_does) {
  const auto v6 = parse_url("http://[::1]:8080/scim/v2?aadOptscim062020");
  BOOST_REQUIRE(v6);
  BOOST_TEST(v6->host == "[::1]");
  BOOST_TEST(v6->port == 8080);
  BOOST_TEST(v6->path == "/scim/v2");
  BOOST_TEST(*v6->query == "aadOptscim062020");
  const auto user = parse_url("HTTPS://svc%40corp:p%3Ass@Tenant.Example/scim");
  BOOST_REQUIRE(user);
  BOOST_TEST(user->scheme == "https");
  BOOST_TEST(user->user == "svc%40corp");
  BOOST_TEST(user->password == "p%3Ass");
  BOOST_TEST(user->host == "Tenant.Example");
  BOOST_TEST(user->port == 443);  // the scheme's default
  BOOST_TEST(!user->query);
  const auto plain = parse_url("http://h");
  BOOST_REQUIRE(plain);
  BOOST_TEST(plain->port == 80);
  BOOST_TEST(plain->path == "/");
  BOOST_TEST(parse_url("http://h/Users/a%2Fb/../c")->path == "/Users/a%2Fb/../c");
}

BOOST_AUTO_TEST_CASE(parse_url_rejects_what_is_not_an_http_url) {
  const std::vector<std::string> rejected = {
      "", "not a url", "h:1/scim", "/scim/Users", "http://", "http://h:99999/", "http://h:0x1/",
      "http://[::1/scim", "http://h/a b", "http://h/\r\nHost: evil", "ftp://h/scim",
      "file:///etc/passwd", std::string("http://h/\0x", 11)};
  for (const std::string& bad : rejected) {
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_url(bad)); }
  }
}

BOOST_AUTO_TEST_CASE(join_url_keeps_ipv6_userinfo_and_percent_encoding_as_written) {
  BOOST_TEST(join_url("http://[::1]:8080/scim/", "/Users", {{"count", "1"}}) ==
             "http://[::1]:8080/scim/Users?count=1");
  BOOST_TEST(join_url("http://[fe80::1%25eth0]/scim", "/Users", {}) ==
             "http://[fe80::1%25eth0]/scim/Users");
  BOOST_TEST(join_url("https://u:p@h/scim", "/Users", {}) == "https://u:p@h/scim/Users");
  // Hex digits of percent-encodings keep their case: the server sees what the tenant URL says.
  BOOST_TEST(join_url("http://h/t%2Cx?k=%2Cv", "/Users/a%2Fb", {{"attributes", "id,userName"}}) ==
             "http://h/t%2Cx/Users/a%2Fb?k=%2Cv&attributes=id%2CuserName");
  // The scheme is case-insensitive (RFC 3986 §3.1) and written lowercase; the host as given.
  BOOST_TEST(join_url("HTTPS://Tenant.Example/scim", "/Users", {}) ==
             "https://Tenant.Example/scim/Users");
  // An explicit default port stays; an absent one is not added.
  BOOST_TEST(join_url("https://h:443/scim", "/Users", {}) == "https://h:443/scim/Users");
  BOOST_TEST(join_url("https://h/scim", "/Users", {}) == "https://h/scim/Users");
  // A base that is no URL is a bare path.
  BOOST_TEST(join_url("scim/", "/Users", {{"a", "b"}}) == "scim/Users?a=b");
}

BOOST_AUTO_TEST_CASE(redact_url_reads_userinfo_and_query_through_libcurl) {
  BOOST_TEST(redact_url("http://user@[::1]:8080/x?pwd=1#f") == "http://****@[::1]:8080/x?pwd=****#f");
  BOOST_TEST(redact_url("HTTPS://u:p@h/x?a=%2C") == "https://****@h/x?a=%2C");
  BOOST_TEST(redact_url("https://h/cb?next=https://u:pw@evil/x&token=t") ==
             "https://h/cb?next=https://u:pw@evil/x&token=****");
  BOOST_TEST(has_entra_flag("HTTP://[::1]:9/?aadOptscim062020"));
  // Not a URL: hidden whole when a secret could be in it, else shown.
  BOOST_TEST(redact_url("h:1/scim?token=abc") == "****");
  BOOST_TEST(redact_url("user:pw@h") == "****");
  BOOST_TEST(redact_url("h:1/scim") == "h:1/scim");
}

BOOST_AUTO_TEST_SUITE_END()
