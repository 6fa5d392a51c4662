#pragma once
/// The off/on test of each reference-server defect: one DEFECT_CASE per defect, spread over
/// defects_test.cpp and defects_table_test.cpp, and the helpers the cases use.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "server/defects.hpp"
#include "server/test_client.hpp"

using namespace scimcheck::server;
using namespace scimcheck::server::testing;
using Json = nlohmann::json;

namespace defect_tests {

struct DefectCase {
  std::function<void(ServerOptions&)> setup;  ///< settings the defect needs, or empty
  std::function<void(Api&, bool on)> check;
};

inline std::string q(const std::string& text) { return httplib::detail::encode_query_param(text); }

inline Json ops(const Json& operations) { return operations; }

/// Every DEFECT_CASE of the test program, by defect name.
inline std::map<std::string, DefectCase>& registered_cases() {
  static std::map<std::string, DefectCase> cases;
  return cases;
}
/// Names given to DEFECT_CASE more than once (the catalogue test requires none).
inline std::vector<std::string>& repeated_case_names() {
  static std::vector<std::string> names;
  return names;
}

/// Adds one case to registered_cases() while the program starts.
struct RegisteredCase {
  RegisteredCase(const std::string& name, DefectCase c) {
    if (!registered_cases().emplace(name, std::move(c)).second)
      repeated_case_names().push_back(name);
  }
};

}  // namespace defect_tests

/// DEFECT_CASE("name", setup, check): the off/on test of defect "name"; setup (or {}) adjusts
/// the server's options, check(api, on) runs against a server with the defect off, then on.
#define DEFECT_CASE(name, ...)                                                     \
  static const ::defect_tests::RegisteredCase BOOST_JOIN(defect_case_, __LINE__) { \
    name, ::defect_tests::DefectCase { __VA_ARGS__ }                               \
  }
