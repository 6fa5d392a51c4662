#pragma once
/// Test helper: a reference server started on a free port with a small HTTP client bound to
/// its base URL (header-only, used by the server's *_test.cpp files).
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "server/server.hpp"

namespace scimcheck::server::testing {

inline constexpr const char* kTestToken = "test-token-0123456789";

struct Reply {
  int status = 0;
  std::string text;
  nlohmann::json body;  ///< parsed body, null when empty or not JSON
  httplib::Headers headers;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
  std::size_t header_count(const std::string& name) const { return headers.count(name); }
};

inline ServerOptions test_options() {
  ServerOptions options;
  options.tokens = {kTestToken};
  options.slow_ms = 300;
  return options;
}

class Api {
 public:
  explicit Api(ServerOptions options) : server_(std::move(options)) {
    std::string error;
    if (!server_.start(&error)) throw std::runtime_error("server did not start: " + error);
    auto url = server_.base_url();
    auto after_host = url.find('/', std::string("http://").size());
    prefix_ = after_host == std::string::npos ? "" : url.substr(after_host);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    client_->set_read_timeout(20, 0);
  }

  ReferenceServer& server() { return server_; }
  const std::string& prefix() const { return prefix_; }
  /// The Authorization header sent with every request ("" sends none).
  void set_authorization(std::string value) { authorization_ = std::move(value); }
  void set_token(const std::string& token) { authorization_ = "Bearer " + token; }

  Reply get(const std::string& path, httplib::Headers extra = {}) {
    return wrap(client_->Get((prefix_ + path).c_str(), headers(extra)));
  }
  Reply del(const std::string& path, httplib::Headers extra = {}) {
    return wrap(client_->Delete((prefix_ + path).c_str(), headers(extra)));
  }
  Reply post(const std::string& path, const nlohmann::json& body, httplib::Headers extra = {}) {
    return post_text(path, body.dump(), extra);
  }
  Reply post_text(const std::string& path, const std::string& body, httplib::Headers extra = {},
                  const char* type = "application/scim+json") {
    return wrap(client_->Post((prefix_ + path).c_str(), headers(extra), body, type));
  }
  Reply put(const std::string& path, const nlohmann::json& body, httplib::Headers extra = {}) {
    return wrap(client_->Put((prefix_ + path).c_str(), headers(extra), body.dump(),
                             "application/scim+json"));
  }
  Reply patch(const std::string& path, const nlohmann::json& body, httplib::Headers extra = {}) {
    return wrap(client_->Patch((prefix_ + path).c_str(), headers(extra), body.dump(),
                               "application/scim+json"));
  }
  /// PATCH with a PatchOp body made of the given operations.
  Reply patch_ops(const std::string& path, const nlohmann::json& operations,
                  httplib::Headers extra = {}) {
    return patch(path,
                 {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:PatchOp"}},
                  {"Operations", operations}},
                 extra);
  }

  /// Creates a user with Entra's default attribute set; returns the created resource.
  nlohmann::json create_user(const std::string& user_name, nlohmann::json extra = {}) {
    nlohmann::json body = {
        {"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
        {"userName", user_name},
        {"active", true},
        {"displayName", "Display " + user_name},
        {"name", {{"givenName", "Given"}, {"familyName", "Family"}}},
        {"emails", {{{"primary", true}, {"type", "work"}, {"value", "mail-" + user_name}}}}};
    if (extra.is_object()) body.merge_patch(extra);
    auto reply = post("/Users", body);
    if (reply.status != 201) throw std::runtime_error("create user: " + reply.text);
    return reply.body;
  }
  nlohmann::json create_group(const std::string& name, nlohmann::json extra = {}) {
    nlohmann::json body = {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                           {"displayName", name}};
    if (extra.is_object()) body.merge_patch(extra);
    auto reply = post("/Groups", body);
    if (reply.status != 201) throw std::runtime_error("create group: " + reply.text);
    return reply.body;
  }

 private:
  httplib::Headers headers(const httplib::Headers& extra) const {
    httplib::Headers all = extra;
    if (!authorization_.empty() && !all.count("Authorization"))
      all.emplace("Authorization", authorization_);
    return all;
  }
  static Reply wrap(const httplib::Result& result) {
    if (!result)
      throw std::runtime_error("no HTTP response: " + httplib::to_string(result.error()));
    Reply reply;
    reply.status = result->status;
    reply.text = result->body;
    reply.headers = result->headers;
    if (!reply.text.empty()) reply.body = nlohmann::json::parse(reply.text, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
    return reply;
  }

  ReferenceServer server_;
  std::string prefix_;
  std::unique_ptr<httplib::Client> client_;
  std::string authorization_ = std::string("Bearer ") + kTestToken;
};

}  // namespace scimcheck::server::testing
