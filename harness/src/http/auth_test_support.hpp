#pragma once
/// Helpers shared by the authentication tests (auth_test.cpp: secrets, bearer, Basic and the
/// OAuth 2.0 client; auth_oauth_test.cpp: token files, grants, refresh and renewal).
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

inline bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

inline std::string authorization(const Request& request) {
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
