#include "http/auth.hpp"

#include <stdlib.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "http/curl_transport.hpp"
#include "http/test_server.hpp"

using namespace scimcheck::http;
using scimcheck::http::testing::TestServer;

namespace {

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

std::string authorization(const Request& request) {
  const std::string* value = find_header(request.headers, "Authorization");
  return value ? *value : "<absent>";
}

/// A temporary file removed at the end of the test.
struct TempFile {
  std::filesystem::path path;
  explicit TempFile(const std::string& content) {
    path = std::filesystem::temp_directory_path() /
           ("scimcheck-auth-test-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::ofstream(path, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

/// An OAuth2 token endpoint counting the grants it serves. Tokens are "at-N" / "rt-N".
struct TokenEndpoint {
  TestServer ts;
  std::mutex mutex;
  std::vector<std::string> grants;  // grant_type of each request
  std::vector<httplib::Params> params;
  int expires_in = 3600;
  bool issue_refresh_token = true;
  int fail_status = 0;     // answer every request with this status when set
  bool refuse_refresh = false;
  int issued = 0;
  std::set<std::string> refresh_tokens{"rt-file"};  // valid once each (rotation)

  TokenEndpoint() {
    ts.server.Post("/token", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      std::string grant = req.get_param_value("grant_type");
      grants.push_back(grant);
      params.push_back(req.params);
      if (req.get_header_value("Content-Type") != "application/x-www-form-urlencoded") {
        res.status = 415;
        return;
      }
      if (fail_status) {
        res.status = fail_status;
        res.set_content(R"({"error":"invalid_client","client_secret":")" +
                            req.get_param_value("client_secret") + "\"}",
                        "application/json");
        return;
      }
      if (grant == "refresh_token" &&
          (refuse_refresh || !refresh_tokens.erase(req.get_param_value("refresh_token")))) {
        res.status = 400;
        res.set_content(R"({"error":"invalid_grant"})", "application/json");
        return;
      }
      if (req.get_param_value("client_id") != "my-client" ||
          req.get_param_value("client_secret") != "s3cr&t=+ x") {
        res.status = 401;
        res.set_content(R"({"error":"invalid_client"})", "application/json");
        return;
      }
      ++issued;
      nlohmann::json answer = {{"access_token", "at-" + std::to_string(issued)},
                               {"token_type", "Bearer"},
                               {"expires_in", expires_in}};
      if (issue_refresh_token) {
        answer["refresh_token"] = "rt-" + std::to_string(issued);
        refresh_tokens.insert("rt-" + std::to_string(issued));
      }
      res.set_content(answer.dump(), "application/json");
    });
    ts.start();
  }

  Authorizer authorizer(const std::string& secret = "my-client:s3cr&t=+ x") {
    AuthConfig config;
    config.type = "oauth2";
    config.secret = secret;
    return with(config);
  }

  /// An Authorizer starting from a token file's grant.
  Authorizer granted(TokenGrant grant) {
    AuthConfig config;
    config.type = "oauth2";
    grant.client_id = "my-client";
    grant.client_secret = "s3cr&t=+ x";
    config.grant = grant;
    return with(config);
  }

  Authorizer with(AuthConfig config) {
    config.token_url = ts.url("/token");
    return Authorizer(config, [] {
      CurlOptions options;
      options.timeout_s = 5;
      return std::make_unique<CurlTransport>(options);
    });
  }
};

}  // namespace

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
