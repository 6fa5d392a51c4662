#include "http/redact.hpp"

#include <boost/test/unit_test.hpp>
#include <thread>

using namespace scimcheck::http;

BOOST_AUTO_TEST_SUITE(redact)

BOOST_AUTO_TEST_CASE(known_secrets_in_text) {
  Redactor redactor;
  redactor.add_secret("s3cret-value");
  redactor.add_secret("abc");  // too short to mask safely
  redactor.add_secret("s3cret");
  BOOST_TEST(redactor.text("x s3cret-value y s3cret z s3cret-value") ==
             "x **** y **** z ****");
  BOOST_TEST(redactor.text("abc") == "abc");
  BOOST_TEST(redactor.text("") == "");
  BOOST_TEST(redactor.text("nothing here") == "nothing here");
}

BOOST_AUTO_TEST_CASE(credentials_after_auth_schemes) {
  Redactor redactor;
  BOOST_TEST(redactor.text("Authorization: Bearer eyJhbGciOi.J9x_y-z~") ==
             "Authorization: Bearer ****");
  BOOST_TEST(redactor.text("sent basic dXNlcjpwYSBzcw== then") == "sent basic **** then");
  BOOST_TEST(redactor.text("Bearer ****") == "Bearer ****");
  BOOST_TEST(redactor.text("NotBearer x") == "NotBearer x");
  BOOST_TEST(redactor.text("Bearer") == "Bearer");
}

BOOST_AUTO_TEST_CASE(secret_json_members) {
  Redactor redactor;
  BOOST_TEST(redactor.text(R"({"userName":"a","password" : "p\"w\\d","active":true})") ==
             R"({"userName":"a","password":"****","active":true})");
  BOOST_TEST(redactor.text(R"({"access_token":"t1","Refresh_Token":"t2","token_type":"x"})") ==
             R"({"access_token":"****","Refresh_Token":"****","token_type":"x"})");
  BOOST_TEST(redactor.text(R"({"client_secret":"c","secret":"s","token":"t"})") ==
             R"({"client_secret":"****","secret":"****","token":"****"})");
  // Members with non-string values and names that merely contain a secret word stay.
  BOOST_TEST(redactor.text(R"({"password":null,"passwordHint":"h","x":"password"})") ==
             R"({"password":null,"passwordHint":"h","x":"password"})");
  // A body cut short inside a secret value is masked to its end.
  BOOST_TEST(redactor.text(R"({"password":"abcdef)") == R"({"password":"****")");
}

BOOST_AUTO_TEST_CASE(secret_form_fields) {
  Redactor redactor;
  BOOST_TEST(redactor.text("grant_type=client_credentials&client_id=c&client_secret=x%26y") ==
             "grant_type=client_credentials&client_id=c&client_secret=****");
  BOOST_TEST(redactor.text("grant_type=refresh_token&refresh_token=rt") ==
             "grant_type=refresh_token&refresh_token=****");
}

BOOST_AUTO_TEST_CASE(exchange_headers_url_and_bodies) {
  Redactor redactor;
  redactor.add_secret("tok-123456");
  Exchange ex;
  ex.request = Request{"POST",
                       "https://admin:pw@h/scim/Users?token=zzz&filter=x",
                       {{"Authorization", "Bearer tok-123456"},
                        {"proxy-authorization", "Basic Zm9vOmJhcg=="},
                        {"Cookie", "session=1"},
                        {"X-Trace", "carries tok-123456"},
                        {"Content-Type", "application/scim+json"}},
                       R"({"userName":"a","password":"P@ss"})"};
  ex.response.status = 200;
  ex.response.headers = {{"Set-Cookie", "session=2"}, {"X-Echo", "tok-123456"}};
  ex.response.body = R"({"id":"1","note":"tok-123456"})";
  ex.error = TransportError{ErrorKind::other, "failed with tok-123456"};

  redactor.exchange(ex);
  BOOST_TEST(ex.request.url == "https://****@h/scim/Users?token=****&filter=x");
  BOOST_TEST(*find_header(ex.request.headers, "Authorization") == "Bearer ****");
  BOOST_TEST(*find_header(ex.request.headers, "Proxy-Authorization") == "Basic ****");
  BOOST_TEST(*find_header(ex.request.headers, "Cookie") == "****");
  BOOST_TEST(*find_header(ex.request.headers, "X-Trace") == "carries ****");
  BOOST_TEST(*find_header(ex.request.headers, "Content-Type") == "application/scim+json");
  BOOST_TEST(ex.request.body == R"({"userName":"a","password":"****"})");
  BOOST_TEST(*find_header(ex.response.headers, "Set-Cookie") == "****");
  BOOST_TEST(*find_header(ex.response.headers, "X-Echo") == "****");
  BOOST_TEST(ex.response.body == R"({"id":"1","note":"****"})");
  BOOST_TEST(ex.error->message == "failed with ****");
}

BOOST_AUTO_TEST_CASE(authorization_without_scheme) {
  Redactor redactor;
  Exchange ex;
  ex.request.headers = {{"Authorization", "rawtoken"}};
  redactor.exchange(ex);
  BOOST_TEST(ex.request.headers[0].value == "****");
}

BOOST_AUTO_TEST_CASE(concurrent_use) {
  Redactor redactor;
  std::thread adder([&] {
    for (int i = 0; i < 200; ++i) redactor.add_secret("secret-" + std::to_string(i));
  });
  for (int i = 0; i < 200; ++i) redactor.text("secret-1 and secret-2");
  adder.join();
  BOOST_TEST(redactor.text("secret-199 secret-1") == "**** ****");
}

BOOST_AUTO_TEST_SUITE_END()
