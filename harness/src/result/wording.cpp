#include "result/wording.hpp"

namespace scimcheck::result {

CheckResult id_not_a_string(const std::string& id_json, const std::string& marker_attribute) {
  CheckResult check;
  check.outcome = Outcome::failed;
  check.description = "id is a JSON string (RFC 7643 §3.1)";
  check.expected = "a string";
  check.actual = id_json.size() > kMaxQuotedValue ? id_json.substr(0, kMaxQuotedValue) + "..."
                                                  : id_json;
  check.message = "the run finds what it created by its " + marker_attribute + " to delete it";
  return check;
}

CheckResult created_not_own(const MarkerClaim& claim, const std::string& id,
                            const std::string& detail) {
  CheckResult check;
  check.outcome = Outcome::failed;
  check.description =
      "the created resource reads back by its id with the " + claim.attribute + " the run sent";
  check.expected = "GET " + claim.endpoint + "/{id} answers " + claim.attribute + " \"" +
                   claim.value + "\"";
  check.actual = detail;
  check.message =
      "not the run's own: the run will not modify or delete " + claim.endpoint + "/" + id;
  return check;
}

std::string no_response(const std::string& kind, const std::string& message) {
  return "no response (" + kind + "): " + message;
}

std::string unanswered_stop(int in_a_row, const std::string& last) {
  return "stopped: " + std::to_string(in_a_row) +
         " requests in a row got no answer from the target (the last: " + last +
         "); the rest of the run was skipped";
}

std::string fail_fast_skip(const std::string& first) {
  return "not run: --fail-fast stopped the run after " + first;
}

}  // namespace scimcheck::result
