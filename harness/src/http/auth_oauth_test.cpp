#include "http/auth_test_support.hpp"

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(oauth2_concurrent_callers_share_one_token) {
  TokenEndpoint endpoint;
  Authorizer authorizer = endpoint.authorizer();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      Request request{"GET", "http://127.0.0.1/x", {}, ""};
      if (!authorizer.authorize(request) && authorization(request) == "Bearer at-1") ++ok;
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(ok.load() == 4);
  BOOST_TEST(endpoint.grants.size() == 1u);
}

/// Answers 200 to requests carrying `accepted` as bearer token, 401 to the others.
struct Gate : Transport {
  std::string accepted;
  std::vector<std::string> seen;
  explicit Gate(std::string token) : accepted(std::move(token)) {}
  Exchange send(const Request& request) override {
    seen.push_back(authorization(request));
    Exchange exchange;
    exchange.request = request;
    exchange.response.status = authorization(request) == "Bearer " + accepted ? 200 : 401;
    return exchange;
  }
};

long long now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

BOOST_AUTO_TEST_CASE(oauth2_stats_count_renewals) {
  TokenEndpoint endpoint;
  Authorizer authorizer = endpoint.authorizer();
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  auto stats = authorizer.stats();
  BOOST_TEST(stats.method == "oauth2 client credentials");
  BOOST_TEST(stats.token_lifetime_s.value_or(-1) == 3600);
  BOOST_TEST(stats.refreshes == 0);
  authorizer.invalidate();
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorizer.stats().refreshes == 1);
  BOOST_TEST(Authorizer({"basic", "a:b", ""}, nullptr).stats().method == "basic");
}

BOOST_AUTO_TEST_CASE(parse_iso8601_dates) {
  BOOST_TEST(parse_iso8601("1970-01-01T00:00:00Z").value_or(-1) == 0);
  BOOST_TEST(parse_iso8601("2026-11-30T11:00:00Z").value_or(-1) == 1796036400);
  BOOST_TEST(parse_iso8601("2026-11-30T12:00:00.250+01:00").value_or(-1) == 1796036400);
  BOOST_TEST(parse_iso8601("2026-11-30T06:30:00-04:30").value_or(-1) == 1796036400);
  for (std::string bad : {"", "2026-11-30", "2026-11-30T11:00:00", "2026-02-30T11:00:00Z",
                          "2026-11-30T25:00:00Z", "2026-11-30T11:00:00+0100", "2026-11-30T11:00:00Zx",
                          "2026-11-30T11:00:00.Z", "2026-11-30T11:00:00+01:", "tomorrow at noon!!"})
    BOOST_TEST(!parse_iso8601(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(read_credential_reads_a_json_token_file) {
  std::string error;
  TempFile file("{\n  \"access_token\": \"at-file\",\n  \"refresh_token\": \"rt-file\",\n"
                "  \"expires_at\": \"2026-11-30T11:00:00Z\", \"token_type\": \"Bearer\",\n"
                "  \"token_url\": \"http://127.0.0.1:1/token\", \"client_id\": \"c\",\n"
                "  \"client_secret\": \"cs\"}\n");
  auto credential = read_credential({"", file.path.string()}, &error);
  BOOST_REQUIRE_MESSAGE(credential.has_value(), error);
  BOOST_REQUIRE(credential->grant.has_value());
  BOOST_TEST(credential->secret == "at-file");
  BOOST_TEST(credential->grant->refresh_token == "rt-file");
  BOOST_TEST(credential->grant->expires_at_s.value_or(-1) == 1796036400);
  BOOST_TEST(credential->grant->token_url == "http://127.0.0.1:1/token");
  BOOST_TEST(credential->grant->client_secret == "cs");

  TempFile relative(R"({"access_token": "at-file", "expires_in": 120})");
  credential = read_credential({"", relative.path.string()}, &error);
  BOOST_REQUIRE_MESSAGE(credential.has_value(), error);
  long long expires = credential->grant->expires_at_s.value_or(0);
  BOOST_TEST((expires >= now_s() + 110 && expires <= now_s() + 120), expires);

  TempFile plain("plain-token\n");
  credential = read_credential({"", plain.path.string()}, &error);
  BOOST_REQUIRE(credential.has_value());
  BOOST_TEST(credential->secret == "plain-token");
  BOOST_TEST(!credential->grant.has_value());
}

BOOST_AUTO_TEST_CASE(target_auth_by_profile_type_and_token_file) {
  std::string error;
  TempFile set(R"({"access_token": "at-file", "refresh_token": "rt-file"})");
  TempFile plain("plain-token\n");
  // A token set is renewed with the refresh-token grant at the profile's token URL, whatever
  // the profile's type (bearer, or oauth2 without a URL), but never for basic.
  for (const char* type : {"", "bearer", "oauth2"}) {
    auto auth = target_auth({type, "http://127.0.0.1:1/token"}, {"", set.path.string()}, &error);
    BOOST_REQUIRE_MESSAGE(auth.has_value(), error);
    BOOST_TEST(auth->type == "oauth2");
    BOOST_TEST(auth->secret == "at-file");
    BOOST_REQUIRE(auth->grant.has_value());
    BOOST_TEST(auth->grant->refresh_token == "rt-file");
    BOOST_TEST(auth->token_url == "http://127.0.0.1:1/token");
  }
  BOOST_TEST(!target_auth({"basic", ""}, {"", set.path.string()}, &error).has_value());
  BOOST_TEST(error.find("holds an OAuth token set") != std::string::npos);
  BOOST_TEST(error.find("at-file") == std::string::npos);
  // A plain secret: oauth2 with a token URL is client credentials, without one a bearer token.
  auto auth = target_auth({"oauth2", "http://127.0.0.1:1/token"}, {"", plain.path.string()}, &error);
  BOOST_REQUIRE(auth.has_value());
  BOOST_TEST(auth->type == "oauth2");
  BOOST_TEST(!auth->grant.has_value());
  auth = target_auth({"oauth2", ""}, {"", plain.path.string()}, &error);
  BOOST_REQUIRE(auth.has_value());
  BOOST_TEST(auth->type == "bearer");
  BOOST_TEST(auth->secret == "plain-token");
  // none reads nothing; a missing secret is an error.
  auth = target_auth({"none", ""}, {"SCIMCHECK_TEST_UNSET_VARIABLE", ""}, &error);
  BOOST_REQUIRE(auth.has_value());
  BOOST_TEST(auth->type == "none");
  BOOST_TEST(!target_auth({"bearer", ""}, {"SCIMCHECK_TEST_UNSET_VARIABLE", ""}, &error));
}

BOOST_AUTO_TEST_CASE(read_credential_refuses_malformed_token_files) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"access_token": "zq9-secret", )", "is not a JSON object"},
      {R"({"refresh_token": "zq9-secret"})", "has no \"access_token\""},
      {R"({"access_token": 42})", "member \"access_token\" is not a string"},
      {"{\"access_token\": \"zq9-secret\\r\\nX: 1\"}", "member \"access_token\" holds a control"},
      {R"({"access_token": "zq9-secret", "refresh_token": ["zq9-secret"]})",
       "member \"refresh_token\" is not a string"},
      {R"({"access_token": "zq9-secret", "expires_at": "zq9-secret"})",
       "member \"expires_at\" is not an ISO 8601"},
      {R"({"access_token": "zq9-secret", "expires_in": "soon zq9-secret"})",
       "member \"expires_in\" is not a number"},
      {R"({"access_token": "zq9-secret", "token_url": "ftp://zq9-secret"})",
       "member \"token_url\" does not start with http"},
      {"{" + std::string(100, '[') + "\"zq9-secret\"" + std::string(100, ']') + "}",
       "is not a JSON object"},
  };
  for (const auto& [content, expected] : cases) {
    TempFile file(content);
    std::string error;
    BOOST_TEST(!read_credential({"", file.path.string()}, &error).has_value(), content);
    BOOST_TEST(error.find("token file " + file.path.string() + " ") == 0u, error);
    BOOST_TEST(error.find(expected) != std::string::npos, error);
    BOOST_TEST(error.find("zq9") == std::string::npos, error);  // never shows a value
  }
}

BOOST_AUTO_TEST_CASE(grant_is_used_until_it_expires) {
  TokenEndpoint endpoint;
  Authorizer authorizer = endpoint.granted({"at-file", "rt-file", now_s() + 3600, "", "", ""});
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer at-file");
  BOOST_TEST(endpoint.grants.empty());
  auto secrets = authorizer.secrets();
  BOOST_TEST(contains(secrets, "at-file"));
  BOOST_TEST(contains(secrets, "rt-file"));
  BOOST_TEST(contains(secrets, "s3cr&t=+ x"));
  BOOST_TEST(authorizer.stats().method == "oauth2 refresh token");
  BOOST_TEST(!authorizer.stats().token_lifetime_s.has_value());
}

BOOST_AUTO_TEST_CASE(grant_expired_is_refreshed_and_the_refresh_token_rotates) {
  TokenEndpoint endpoint;
  endpoint.expires_in = 0;  // renewed on every use
  // Expired one second ago: renewed before the first request.
  Authorizer authorizer = endpoint.granted({"at-file", "rt-file", now_s() - 1, "", "", ""});
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  auto error = authorizer.authorize(request);
  BOOST_TEST(!error.has_value(), error.value_or(""));
  BOOST_TEST(authorization(request) == "Bearer at-1");
  BOOST_TEST(!authorizer.authorize(request).has_value());
  BOOST_TEST(authorization(request) == "Bearer at-2");
  BOOST_REQUIRE(endpoint.grants.size() == 2u);
  BOOST_TEST(endpoint.grants[0] == "refresh_token");
  BOOST_TEST(endpoint.params[0].find("refresh_token")->second == "rt-file");
  BOOST_TEST(endpoint.params[1].find("refresh_token")->second == "rt-1");  // the new one
  BOOST_TEST(endpoint.params[1].find("client_secret")->second == "s3cr&t=+ x");
  auto stats = authorizer.stats();
  BOOST_TEST(stats.refreshes == 2);
  BOOST_TEST(stats.token_lifetime_s.value_or(-1) == 0);
  BOOST_TEST(contains(authorizer.secrets(), "rt-2"));
}

BOOST_AUTO_TEST_CASE(grant_refused_refresh_is_an_error_without_secrets) {
  TokenEndpoint endpoint;
  endpoint.fail_status = 400;  // echoes the client secret in its answer
  Authorizer authorizer = endpoint.granted({"at-file", "rt-file", now_s() - 1, "", "", ""});
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  auto error = authorizer.authorize(request);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->find("renewing the access token failed: token endpoint answered 400") == 0u,
             *error);
  BOOST_TEST(error->find("s3cr&t") == std::string::npos, *error);
  BOOST_TEST(error->find("rt-file") == std::string::npos, *error);
  // Not retried on every request.
  BOOST_TEST(authorizer.authorize(request).has_value());
  BOOST_TEST(endpoint.grants.size() == 1u);
}

BOOST_AUTO_TEST_CASE(refused_access_token_is_renewed_and_the_request_sent_again) {
  TokenEndpoint endpoint;
  auto authorizer = std::make_shared<Authorizer>(
      endpoint.granted({"at-file", "rt-file", std::nullopt, "", "", ""}));
  auto gate = std::make_unique<Gate>("at-1");
  Gate* seen = gate.get();
  int renewed = 0;
  RenewingTransport transport(std::move(gate), authorizer, [&] { ++renewed; });
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer->authorize(request).has_value());
  Exchange exchange = transport.send(request);
  BOOST_TEST(exchange.response.status == 200);
  BOOST_TEST(authorization(exchange.request) == "Bearer at-1");
  BOOST_TEST(seen->seen == std::vector<std::string>({"Bearer at-file", "Bearer at-1"}));
  BOOST_TEST(endpoint.grants == std::vector<std::string>({"refresh_token"}));
  BOOST_TEST(renewed == 1);

  // A check's own token is refused as it is: no renewal, no second request.
  Request own{"GET", "http://127.0.0.1/x", {{"Authorization", "Bearer wrong-on-purpose"}}, ""};
  BOOST_TEST(transport.send(own).response.status == 401);
  BOOST_TEST(seen->seen.size() == 3u);
  BOOST_TEST(endpoint.grants.size() == 1u);
}

BOOST_AUTO_TEST_CASE(refused_client_credentials_token_is_renewed) {
  TokenEndpoint endpoint;
  auto authorizer = std::make_shared<Authorizer>(endpoint.authorizer());
  RenewingTransport transport(std::make_unique<Gate>("at-2"), authorizer);
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer->authorize(request).has_value());
  BOOST_TEST(transport.send(request).response.status == 200);
  BOOST_TEST(endpoint.grants == std::vector<std::string>({"client_credentials", "refresh_token"}));
}

BOOST_AUTO_TEST_CASE(refused_grant_without_refresh_token_is_not_retried) {
  TokenEndpoint endpoint;
  auto authorizer =
      std::make_shared<Authorizer>(endpoint.granted({"at-file", "", std::nullopt, "", "", ""}));
  RenewingTransport transport(std::make_unique<Gate>("at-1"), authorizer);
  Request request{"GET", "http://127.0.0.1/x", {}, ""};
  BOOST_TEST(!authorizer->authorize(request).has_value());
  BOOST_TEST(transport.send(request).response.status == 401);
  auto error = authorizer->authorize(request);
  BOOST_REQUIRE(error.has_value());
  BOOST_TEST(error->find("has no refresh_token") != std::string::npos, *error);
  BOOST_TEST(endpoint.grants.empty());
}

BOOST_AUTO_TEST_SUITE_END()
