#include "result/wording.hpp"

#include <boost/test/unit_test.hpp>

using namespace scimcheck::result;

BOOST_AUTO_TEST_SUITE(wording)

BOOST_AUTO_TEST_CASE(an_id_that_is_no_string_fails_with_the_id_cut_short) {
  const CheckResult check = id_not_a_string("12", "userName");
  BOOST_TEST((check.outcome == Outcome::failed));
  BOOST_TEST(check.actual == "12");
  BOOST_TEST(check.message == "the run finds what it created by its userName to delete it");
  const std::string long_id = "[" + std::string(300, '1') + "]";
  BOOST_TEST(id_not_a_string(long_id, "userName").actual == long_id.substr(0, 200) + "...");
}

BOOST_AUTO_TEST_CASE(a_resource_not_the_runs_own_names_what_was_expected) {
  const CheckResult check =
      created_not_own({"/Groups", "displayName", "scim-g-1"}, "g7", "displayName is \"other\"");
  BOOST_TEST((check.outcome == Outcome::failed));
  BOOST_TEST(check.expected == "GET /Groups/{id} answers displayName \"scim-g-1\"");
  BOOST_TEST(check.actual == "displayName is \"other\"");
  BOOST_TEST(check.message == "not the run's own: the run will not modify or delete /Groups/g7");
}

BOOST_AUTO_TEST_CASE(stop_reasons) {
  BOOST_TEST(no_response("timeout", "after 30 s") == "no response (timeout): after 30 s");
  BOOST_TEST(unanswered_stop(3, "connect: refused") ==
             "stopped: 3 requests in a row got no answer from the target (the last: connect: "
             "refused); the rest of the run was skipped");
  BOOST_TEST(fail_fast_skip("users.create") ==
             "not run: --fail-fast stopped the run after users.create");
}

BOOST_AUTO_TEST_SUITE_END()
