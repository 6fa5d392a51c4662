#pragma once
/// Helpers shared by the reference server tests (server_test.cpp: resources, queries, PATCH,
/// ETags and credentials; server_apps_test.cpp: tokens, the apps it emulates, discovery, start-up).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <set>
#include <thread>

#include "server/support.hpp"
#include "server/test_client.hpp"

using namespace scimcheck::server;
using namespace scimcheck::server::testing;
using Json = nlohmann::json;

namespace {

constexpr const char* kUserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
constexpr const char* kErrorUrn = "urn:ietf:params:scim:api:messages:2.0:Error";
constexpr const char* kListUrn = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
constexpr const char* kEnterpriseUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

inline bool is_uuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (text[i] == '-')) return false;
  }
  return true;
}

inline void check_error(const Reply& reply, int status, const std::string& scim_type = "") {
  BOOST_TEST(reply.status == status);
  BOOST_TEST(reply.header("Content-Type") == "application/scim+json");
  BOOST_REQUIRE(reply.body.is_object());
  BOOST_TEST(reply.body["schemas"] == Json::array({kErrorUrn}));
  BOOST_TEST(reply.body["status"] == std::to_string(status));
  if (!scim_type.empty()) BOOST_TEST(reply.body.value("scimType", "") == scim_type);
}

inline std::string encode(const std::string& text) { return httplib::detail::encode_query_param(text); }

}  // namespace
