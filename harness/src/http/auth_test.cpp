#include "http/auth_test_support.hpp"

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(read_secret_from_environment) {
  ::setenv("SCIMCHECK_TEST_TOKEN", "env-token", 1);
  std::string error;
  auto secret = read_secret({"SCIMCHECK_TEST_TOKEN", ""}, &error);
  BOOST_REQUIRE(secret.has_value());
  BOOST_TEST(*secret == "env-token");

  ::unsetenv("SCIMCHECK_TEST_MISSING");
  secret = read_secret({"SCIMCHECK_TEST_MISSING", ""}, &error);
  BOOST_TEST(!secret.has_value());
  BOOST_TEST(error ==
             "no token: set the environment variable SCIMCHECK_TEST_MISSING (or use "
             "--token-env NAME / --token-file FILE)");

  ::setenv("SCIMCHECK_TEST_EMPTY", "", 1);
  BOOST_TEST(!read_secret({"SCIMCHECK_TEST_EMPTY", ""}, &error).has_value());
  BOOST_TEST(error.find("SCIMCHECK_TEST_EMPTY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_secret_file_wins) {
  ::setenv("SCIMCHECK_TEST_TOKEN", "env-token", 1);
  TempFile file("file-token\n");
  std::string error;
  auto secret = read_secret({"SCIMCHECK_TEST_TOKEN", file.path.string()}, &error);
  BOOST_REQUIRE(secret.has_value());
  BOOST_TEST(*secret == "file-token");
  BOOST_TEST(secret_given({"SCIMCHECK_TEST_UNSET_VARIABLE", file.path.string()}));

  TempFile blank("\n");
  BOOST_TEST(!read_secret({"SCIMCHECK_TEST_TOKEN", blank.path.string()}, &error).has_value());
  BOOST_TEST(error == "token file " + blank.path.string() + " is empty");

  const std::string missing = "/nonexistent/scimcheck/token";
  BOOST_TEST(!read_secret({"SCIMCHECK_TEST_TOKEN", missing}, &error).has_value());
  BOOST_TEST(error == "cannot read token file " + missing);
  BOOST_TEST(!read_secret({"SCIMCHECK_TEST_TOKEN", "/"}, &error).has_value());
  BOOST_TEST(error == "cannot read token file /");
}

BOOST_AUTO_TEST_CASE(read_secret_trims_one_line_ending) {
  std::string error;
  for (std::string content : {"tok-1234\n", "tok-1234\r\n", "tok-1234"}) {
    TempFile file(content);
    auto secret = read_secret({"", file.path.string()}, &error);
    BOOST_TEST((secret && *secret == "tok-1234"), error);
    ::setenv("SCIMCHECK_TEST_TOKEN", content.c_str(), 1);
    secret = read_secret({"SCIMCHECK_TEST_TOKEN", ""}, &error);
    BOOST_TEST((secret && *secret == "tok-1234"), error);
  }
}

BOOST_AUTO_TEST_CASE(read_secret_refuses_control_characters) {
  std::string error;
  const std::string inside[] = {"zq9\r\nX-Injected: 1", "zq9\n\n", "zq9\tx",
                                std::string("zq9\0x", 5), "zq9\x1b[2J!", "\nzq9", "zq9\x7f!"};
  for (const auto& content : inside) {
    TempFile file(content);
    BOOST_TEST(!read_secret({"", file.path.string()}, &error).has_value());
    BOOST_TEST(error.find("control character") != std::string::npos, error);
    BOOST_TEST(error.find("token file " + file.path.string()) == 0, error);
    if (content.find('\0') != std::string::npos) continue;  // a variable cannot hold NUL
    ::setenv("SCIMCHECK_TEST_TOKEN", content.c_str(), 1);
    BOOST_TEST(!read_secret({"SCIMCHECK_TEST_TOKEN", ""}, &error).has_value());
    BOOST_TEST(error.find("the environment variable SCIMCHECK_TEST_TOKEN holds a control "
                          "character") == 0, error);
    BOOST_TEST(error.find("zq9") == std::string::npos, error);  // never shows the secret
  }
}

BOOST_AUTO_TEST_CASE(read_secret_refuses_spaces_at_the_ends) {
  std::string error;
  for (std::string content : {" tok-1234", "tok-1234 ", "tok-1234 \n"}) {
    ::setenv("SCIMCHECK_TEST_TOKEN", content.c_str(), 1);
    BOOST_TEST(!read_secret({"SCIMCHECK_TEST_TOKEN", ""}, &error).has_value());
    BOOST_TEST(error.find("space") != std::string::npos, error);
  }
  ::setenv("SCIMCHECK_TEST_TOKEN", "user:pass word", 1);
  BOOST_TEST(read_secret({"SCIMCHECK_TEST_TOKEN", ""}, &error).value_or("") == "user:pass word");
}

BOOST_AUTO_TEST_CASE(read_secret_caps_the_file_size) {
  std::string error;
  TempFile largest(std::string(kMaxSecretBytes, 'a') + "\r\n");
  BOOST_TEST(read_secret({"", largest.path.string()}, &error).value_or("").size() ==
             kMaxSecretBytes);
  TempFile large(std::string(kMaxSecretBytes + 1, 'a'));
  BOOST_TEST(!read_secret({"", large.path.string()}, &error).has_value());
  BOOST_TEST(error == "token file " + large.path.string() +
                          " is larger than 64 KiB: it should hold the token alone");
  // An endless file stops at the cap.
  BOOST_TEST(!read_secret({"", "/dev/zero"}, &error).has_value());
  BOOST_TEST(error.find("larger than 64 KiB") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(base64) {
  BOOST_TEST(base64_encode("") == "");
  BOOST_TEST(base64_encode("f") == "Zg==");
  BOOST_TEST(base64_encode("fo") == "Zm8=");
  BOOST_TEST(base64_encode("foo") == "Zm9v");
  BOOST_TEST(base64_encode("foobar") == "Zm9vYmFy");
  BOOST_TEST(base64_encode("user:pa ss") == "dXNlcjpwYSBzcw==");
  BOOST_TEST(base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
}

BOOST_AUTO_TEST_CASE(bearer_replaces_authorization) {
  Authorizer authorizer({"bearer", "tok-123456", ""}, nullptr);
  Request request{"GET", "http://127.0.0.1/x", {{"authorization", "Basic old"}, {"A", "b"}}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer tok-123456");
  BOOST_TEST(request.headers.size() == 2u);
  BOOST_TEST(contains(authorizer.secrets(), "tok-123456"));

  Authorizer empty({"bearer", "", ""}, nullptr);
  BOOST_TEST(empty.authorize(request).has_value());
}

BOOST_AUTO_TEST_CASE(basic_and_none) {
  Authorizer basic({"Basic", "alice:pa ss", ""}, nullptr);
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!basic.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Basic YWxpY2U6cGEgc3M=");
  auto secrets = basic.secrets();
  BOOST_TEST(contains(secrets, "alice:pa ss"));
  BOOST_TEST(contains(secrets, "pa ss"));
  BOOST_TEST(contains(secrets, "YWxpY2U6cGEgc3M="));

  Authorizer no_colon({"basic", "alice", ""}, nullptr);
  BOOST_TEST(no_colon.authorize(request).has_value());

  Authorizer none({"none", "", ""}, nullptr);
  Request plain{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!none.authorize(plain).has_value());
  BOOST_TEST(plain.headers.empty());

  Authorizer unknown({"digest", "x:y", ""}, nullptr);
  BOOST_TEST(unknown.authorize(plain).has_value());
}

BOOST_AUTO_TEST_CASE(oauth2_issues_and_reuses_token) {
  TokenEndpoint endpoint;
  Authorizer authorizer = endpoint.authorizer();
  for (int i = 0; i < 3; ++i) {
    Request request{"GET", "http://127.0.0.1/x", {{"Authorization", "Bearer stale"}}, ""};
    auto error = authorizer.authorize(request);
    BOOST_TEST(!error.has_value(), (error ? *error : ""));
    BOOST_TEST(authorization(request) == "Bearer at-1");
    BOOST_TEST(request.headers.size() == 1u);
  }
  BOOST_REQUIRE(endpoint.grants.size() == 1u);
  BOOST_TEST(endpoint.grants[0] == "client_credentials");
  BOOST_TEST(endpoint.params[0].find("client_id")->second == "my-client");
  BOOST_TEST(endpoint.params[0].find("client_secret")->second == "s3cr&t=+ x");
  auto secrets = authorizer.secrets();
  BOOST_TEST(contains(secrets, "my-client:s3cr&t=+ x"));
  BOOST_TEST(contains(secrets, "s3cr&t=+ x"));
  BOOST_TEST(contains(secrets, "at-1"));
  BOOST_TEST(contains(secrets, "rt-1"));
}

BOOST_AUTO_TEST_CASE(oauth2_refreshes_before_expiry) {
  TokenEndpoint endpoint;
  endpoint.expires_in = 4;  // renewed a quarter of its lifetime (1 s) before it expires
  Authorizer authorizer = endpoint.authorizer();
  Request first{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(first).has_value());
  BOOST_TEST(authorization(first) == "Bearer at-1");
  BOOST_TEST(!authorizer.authorize(first).has_value());
  BOOST_TEST(authorization(first) == "Bearer at-1");  // still valid for long enough
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));  // 0.8 s before expiry
  Request second{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(second).has_value());
  BOOST_TEST(authorization(second) == "Bearer at-2");
  BOOST_REQUIRE(endpoint.grants.size() == 2u);
  BOOST_TEST(endpoint.grants[1] == "refresh_token");
  BOOST_TEST(endpoint.params[1].find("refresh_token")->second == "rt-1");
  BOOST_TEST(contains(authorizer.secrets(), "at-2"));
  BOOST_TEST(contains(authorizer.secrets(), "rt-2"));
}

BOOST_AUTO_TEST_CASE(oauth2_without_refresh_token_uses_client_credentials_again) {
  TokenEndpoint endpoint;
  endpoint.expires_in = 0;  // renewed on every use
  endpoint.issue_refresh_token = false;
  Authorizer authorizer = endpoint.authorizer();
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer at-2");
  BOOST_REQUIRE(endpoint.grants.size() == 2u);
  BOOST_TEST(endpoint.grants[1] == "client_credentials");
}

BOOST_AUTO_TEST_CASE(oauth2_refused_refresh_falls_back_to_client_credentials) {
  TokenEndpoint endpoint;
  endpoint.expires_in = 0;
  endpoint.refuse_refresh = true;
  Authorizer authorizer = endpoint.authorizer();
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer at-2");
  BOOST_REQUIRE(endpoint.grants.size() == 3u);
  BOOST_TEST(endpoint.grants[1] == "refresh_token");
  BOOST_TEST(endpoint.grants[2] == "client_credentials");
}

BOOST_AUTO_TEST_CASE(oauth2_invalidate_fetches_a_new_token) {
  TokenEndpoint endpoint;
  Authorizer authorizer = endpoint.authorizer();
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  authorizer.invalidate();
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer at-2");
  BOOST_TEST(endpoint.grants.size() == 2u);
}

BOOST_AUTO_TEST_CASE(oauth2_error_status_never_shows_the_secret) {
  TokenEndpoint endpoint;
  endpoint.fail_status = 401;
  Authorizer authorizer = endpoint.authorizer();
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  auto error = authorizer.authorize(request);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->rfind("token endpoint answered 401: ", 0) == 0u, *error);
  BOOST_TEST(error->find("invalid_client") != std::string::npos);
  BOOST_TEST(error->find("s3cr&t") == std::string::npos, *error);
  BOOST_TEST(authorization(request) == "<absent>");
}

BOOST_AUTO_TEST_CASE(oauth2_wrong_credentials_and_unreachable_endpoint) {
  TokenEndpoint endpoint;
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  std::optional<std::string> error;
  {
    // Scoped so its kept-alive connection is closed before the server stops.
    Authorizer wrong = endpoint.authorizer("my-client:nope-nope");
    error = wrong.authorize(request);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(error->rfind("token endpoint answered 401", 0) == 0u, *error);
  }

  Authorizer malformed = endpoint.authorizer("no-colon");
  BOOST_TEST(malformed.authorize(request).has_value());

  std::string url = endpoint.ts.url("/token");
  endpoint.ts.stop();
  AuthConfig config{"oauth2", "my-client:s3cr&t=+ x", url};
  Authorizer unreachable(config, [] { return std::make_unique<CurlTransport>(CurlOptions{}); });
  error = unreachable.authorize(request);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->find("unreachable") != std::string::npos, *error);
}

BOOST_AUTO_TEST_SUITE_END()
