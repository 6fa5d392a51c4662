#pragma once
/// The off/on test of each reference-server defect, as a table split over two files
/// (defects_test.cpp and defects_table_test.cpp), and the helpers its rows use.
#include "server/defects.hpp"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <functional>
#include <map>

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

/// The rows of the first and second half of the defect table, by defect name.
const std::map<std::string, DefectCase>& request_and_answer_cases();
const std::map<std::string, DefectCase>& resource_and_app_cases();

}  // namespace defect_tests
