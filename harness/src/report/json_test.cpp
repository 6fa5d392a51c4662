#include "report/json.hpp"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <stdexcept>
#include <string>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "report/sample_run_test.hpp"

using namespace scimcheck;
using namespace scimcheck::report;
using nlohmann::json;
using testing::sample_run;

namespace {

/// Validates a document against schemas/harness/results.schema.json; returns the problems.
std::string schema_problems(const json& document) {
  std::ifstream in(testing::source_root() / "schemas" / "harness" / "results.schema.json");
  if (!in) return "schema file not found";
  const json schema_json = json::parse(in);
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(schema_json);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(schema, target, &results)) return "";
  std::string problems;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    for (const auto& part : error.context) problems += part;
    problems += ": " + error.description + "\n";
  }
  return problems;
}

/// from_json's error message for a document, or "" when it was accepted.
std::string rejection(const json& document) {
  try {
    from_json(document);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(json_report)

BOOST_AUTO_TEST_CASE(malformed_utf8_is_escaped_and_the_document_serialises) {
  auto run = sample_run();
  auto& step = run.suites[0].cases[1].steps[1];
  step.exchange->response.body = "{\"userName\":\"Jos\xE9 M\xFCller\"}";  // Latin-1
  step.exchange->response.headers.push_back({"X-Name", "Jos\xE9"});
  step.checks[0].actual = "\xFF\x1B[2J";
  const json document = to_json(run);
  const std::string text = document.dump(2);  // threw type_error.316 before
  const json back = json::parse(text);
  const auto& response = back["suites"][0]["cases"][1]["steps"][1]["exchange"]["response"];
  BOOST_TEST(response["body"].get<std::string>() == "{\"userName\":\"Jos\\xE9 M\\xFCller\"}");
  BOOST_TEST(response["headers"].back()["value"].get<std::string>() == "Jos\\xE9");
  BOOST_TEST(back["suites"][0]["cases"][1]["steps"][1]["checks"][0]["actual"].get<std::string>() ==
             "\\xFF\x1B[2J");  // control characters are JSON-escaped, not rewritten
  BOOST_TEST(schema_problems(back) == "");
}

BOOST_AUTO_TEST_CASE(cut_bodies_keep_their_whole_size) {
  auto run = sample_run();
  auto& step = run.suites[0].cases[1].steps[1];
  http::Exchange ex = *step.exchange;
  ex.response.body = std::string(16u << 20, 'x');
  result::keep_evidence(step, ex);
  const std::string text = to_json(run).dump(2);
  BOOST_TEST(text.size() < (1u << 20));
  const json back = json::parse(text);
  const auto& response = back["suites"][0]["cases"][1]["steps"][1]["exchange"]["response"];
  BOOST_TEST(response["body_bytes"].get<std::size_t>() == (16u << 20));
  BOOST_TEST(response["body"].get<std::string>().size() == result::kEvidenceBodyBytes);
  BOOST_TEST(schema_problems(back) == "");
  const result::RunResult read = from_json(back);
  BOOST_TEST(read.suites[0].cases[1].steps[1].response_body_bytes == (16u << 20));
  // Files written before the size existed read it as the body's length.
  json old = back;
  old["suites"][0]["cases"][1]["steps"][1]["exchange"]["response"].erase("body_bytes");
  BOOST_TEST(from_json(old).suites[0].cases[1].steps[1].response_body_bytes ==
             result::kEvidenceBodyBytes);
}

BOOST_AUTO_TEST_CASE(golden) {
  testing::check_golden("results.json", to_json(sample_run()).dump(2) + "\n");
}

BOOST_AUTO_TEST_CASE(keys_and_totals) {
  const json j = to_json(sample_run());
  BOOST_TEST(j["schema_version"] == 1);
  BOOST_TEST(j["profile"] == "twingate");
  BOOST_TEST(j["insecure"] == true);
  BOOST_TEST(j["totals"] == json({{"passed", 1},
                                  {"failed", 1},
                                  {"errored", 1},
                                  {"skipped", 1},
                                  {"blocked", 0},
                                  {"warning", 1},
                                  {"total", 5},
                                  {"known", 0},
                                  {"fixed", 0}}));
  BOOST_TEST(j["suites"].size() == 2u);
  BOOST_TEST(j["suites"][0]["totals"]["total"] == 3);
  const json& fail = j["suites"][0]["cases"][1];
  BOOST_TEST(fail["outcome"] == "failed");
  BOOST_TEST(fail["level"] == "MUST");
  BOOST_TEST(fail["impact"] == "entra");
  BOOST_TEST(!fail["steps"][1]["checks"][0].contains("impact"));
  BOOST_TEST(j["suites"][1]["cases"][1]["impact"] == "rfc");
  BOOST_TEST(j["suites"][1]["cases"][1]["level"] == "SHOULD");
  BOOST_TEST(fail["steps"][1]["checks"][0]["expected"] == "200");
  BOOST_TEST(fail["steps"][1]["exchange"]["response"]["status"] == 404);
  BOOST_TEST(fail["steps"][1]["exchange"]["error"].is_null());
  BOOST_TEST(fail["steps"][1]["exchange"]["request"]["headers"][0] ==
             json({{"name", "Authorization"}, {"value", "Bearer ****"}}));
  BOOST_TEST(j["suites"][0]["cases"][2]["steps"].empty());
  const json& timeout = j["suites"][1]["cases"][0]["steps"][0]["exchange"]["error"];
  BOOST_TEST(timeout == json({{"kind", "timeout"}, {"message", "no response within 30000 ms"}}));
  BOOST_TEST(j["cleanup"]["leftovers"][0] == "/Users/u-2: DELETE answered 500");
}

BOOST_AUTO_TEST_CASE(matches_the_schema) {
  const std::string problems = schema_problems(to_json(sample_run()));
  BOOST_TEST(problems.empty(), problems);
  json extra = to_json(sample_run());
  extra["suites"][0]["cases"][0]["steps"][0]["surprise"] = 1;
  BOOST_TEST(!schema_problems(extra).empty());
}

BOOST_AUTO_TEST_CASE(round_trip_is_lossless) {
  const result::RunResult original = sample_run();
  const json first = to_json(original);
  // through text, as a saved results.json would be read back
  const result::RunResult back = from_json(json::parse(first.dump(2)));
  BOOST_TEST(to_json(back) == first);
  BOOST_TEST(back.duration_ms == original.duration_ms);
  BOOST_TEST(back.suites[0].cases[0].slowest_ms == 85.25);
  BOOST_TEST(back.suites[0].cases[0].requests == 2);
  BOOST_TEST(back.suites[0].cases[2].steps.empty());
  const auto& errored = back.suites[1].cases[0].steps[0];
  BOOST_REQUIRE(errored.exchange.has_value());
  BOOST_REQUIRE(errored.exchange->error.has_value());
  BOOST_TEST(std::string(http::to_string(errored.exchange->error->kind)) == "timeout");
  const auto& warned = back.suites[1].cases[1];
  BOOST_TEST(std::string(suite::to_string(warned.level)) == "SHOULD");
  BOOST_TEST((warned.impact == suite::Impact::rfc));
  BOOST_TEST(std::string(result::to_string(warned.steps[0].checks[1].outcome)) == "warning");
  BOOST_TEST(back.cleanup.leftovers == original.cleanup.leftovers);
  BOOST_TEST(back.suites[0].cases[1].steps[1].checks[0].fix ==
             original.suites[0].cases[1].steps[1].checks[0].fix);
  BOOST_TEST(!back.suites[0].cases[1].steps[1].checks[0].fix.empty());
  BOOST_TEST(result::exit_code(back) == result::exit_code(original));

  // a step without an exchange and an exchange whose error is set but "none" survive too
  result::RunResult odd = sample_run();
  odd.suites[0].cases[0].steps[0].exchange.reset();
  odd.suites[0].cases[1].steps[0].exchange->error = http::TransportError{};
  const result::RunResult odd_back = from_json(to_json(odd));
  BOOST_TEST(!odd_back.suites[0].cases[0].steps[0].exchange.has_value());
  BOOST_TEST(odd_back.suites[0].cases[1].steps[0].exchange->error.has_value());
  BOOST_TEST(to_json(odd_back) == to_json(odd));
}

BOOST_AUTO_TEST_CASE(case_modes_round_trip) {
  result::RunResult run = sample_run();
  run.entra_mode = "both";
  run.suites[0].cases[0].entra_mode = suite::EntraMode::flag_off;
  run.suites[0].cases[1].entra_mode = suite::EntraMode::flag_on;
  const json j = to_json(run);
  BOOST_TEST(j["entra_mode"] == "both");
  BOOST_TEST(j["suites"][0]["cases"][0]["entra_mode"] == "flag-off");
  BOOST_TEST(j["suites"][0]["cases"][1]["entra_mode"] == "flag-on");
  BOOST_TEST(j["suites"][0]["cases"][2]["entra_mode"] == "any");
  const std::string problems = schema_problems(j);
  BOOST_TEST(problems.empty(), problems);
  const result::RunResult back = from_json(json::parse(j.dump()));
  BOOST_TEST(back.entra_mode == "both");
  BOOST_TEST((back.suites[0].cases[0].entra_mode == suite::EntraMode::flag_off));
  BOOST_TEST((back.suites[0].cases[1].entra_mode == suite::EntraMode::flag_on));
  BOOST_TEST((back.suites[0].cases[2].entra_mode == suite::EntraMode::any));
  BOOST_TEST(to_json(back) == j);
  // files written before cases carried a mode read as any; unknown modes do not read
  json old = j;
  old["suites"][0]["cases"][1].erase("entra_mode");
  BOOST_TEST((from_json(old).suites[0].cases[1].entra_mode == suite::EntraMode::any));
  json odd = j;
  odd["suites"][0]["cases"][1]["entra_mode"] = "both";
  BOOST_TEST(rejection(odd).find("unknown case mode \"both\"") != std::string::npos);
  BOOST_TEST(!schema_problems(odd).empty());
}

BOOST_AUTO_TEST_CASE(baseline_fields_round_trip) {
  result::RunResult run = sample_run();
  run.suites[0].cases[1].baseline = result::BaselineState::known;
  run.suites[0].cases[1].baseline_reason = "ticket 7";
  run.suites[0].cases[0].baseline = result::BaselineState::fixed;
  const json j = to_json(run);
  BOOST_TEST(j["suites"][0]["cases"][1]["baseline"] == "known");
  BOOST_TEST(j["suites"][0]["cases"][1]["baseline_reason"] == "ticket 7");
  BOOST_TEST(j["suites"][0]["cases"][2]["baseline"] == "");
  BOOST_TEST(j["totals"]["known"] == 1);
  BOOST_TEST(j["totals"]["fixed"] == 1);
  BOOST_TEST(j["suites"][0]["totals"]["known"] == 1);
  const std::string problems = schema_problems(j);
  BOOST_TEST(problems.empty(), problems);
  const result::RunResult back = from_json(j);
  BOOST_TEST((back.suites[0].cases[1].baseline == result::BaselineState::known));
  BOOST_TEST(back.suites[0].cases[1].baseline_reason == "ticket 7");
  BOOST_TEST(result::exit_code(back) == result::exit_code(run));
  BOOST_TEST(to_json(back) == j);

  // files written before the baseline existed still read; unknown states do not
  json old = j;
  old["suites"][0]["cases"][1].erase("baseline");
  old["suites"][0]["cases"][1].erase("baseline_reason");
  BOOST_TEST((from_json(old).suites[0].cases[1].baseline == result::BaselineState::none));
  json bad = j;
  bad["suites"][0]["cases"][1]["baseline"] = "forgiven";
  BOOST_TEST(rejection(bad).find("suites[0].cases[1].baseline: unknown baseline state") !=
             std::string::npos);
  bad["suites"][0]["cases"][1]["baseline"] = "forgiven";
  BOOST_TEST(!schema_problems(bad).empty());
}

BOOST_AUTO_TEST_CASE(impacts_round_trip_and_older_files_still_read) {
  result::RunResult run = sample_run();
  auto& header = run.suites[0].cases[1].steps[1].checks[0];
  header.impact = suite::Impact::rfc;
  run.suites[0].cases[0].impact = suite::Impact::app;
  const json j = to_json(run);
  BOOST_TEST(j["suites"][0]["cases"][1]["steps"][1]["checks"][0]["impact"] == "rfc");
  BOOST_TEST(j["suites"][0]["cases"][0]["impact"] == "app");
  const std::string problems = schema_problems(j);
  BOOST_TEST(problems.empty(), problems);
  const result::RunResult back = from_json(json::parse(j.dump()));
  BOOST_TEST((back.suites[0].cases[1].steps[1].checks[0].impact == suite::Impact::rfc));
  BOOST_TEST((back.suites[0].cases[0].impact == suite::Impact::app));
  BOOST_TEST(to_json(back) == j);

  // written before impacts existed: level ENTRA, no impact keys
  json old = j;
  old["suites"][0]["cases"][0].erase("impact");
  old["suites"][0]["cases"][0]["level"] = "ENTRA";
  old["suites"][0]["cases"][1]["steps"][1]["checks"][0].erase("impact");
  const result::RunResult old_back = from_json(old);
  BOOST_TEST((old_back.suites[0].cases[0].level == suite::Level::must));
  BOOST_TEST((old_back.suites[0].cases[0].impact == suite::Impact::entra));
  BOOST_TEST(!old_back.suites[0].cases[1].steps[1].checks[0].impact.has_value());
}

BOOST_AUTO_TEST_CASE(auth_round_trips_and_older_files_still_read) {
  result::RunResult run = sample_run();
  run.auth = result::AuthRecord{"oauth2 client credentials", 120, 2};
  const json j = to_json(run);
  BOOST_TEST(j["auth"] == json::parse(R"({"type": "oauth2 client credentials", "refreshes": 2,
      "token_lifetime_s": 120, "token_lifetime_in_gallery_range": false})"));
  const std::string problems = schema_problems(j);
  BOOST_TEST(problems.empty(), problems);
  const result::RunResult back = from_json(json::parse(j.dump()));
  BOOST_REQUIRE(back.auth.has_value());
  BOOST_TEST(back.auth->token_lifetime_s.value_or(0) == 120);
  BOOST_TEST(back.auth->refreshes == 2);
  BOOST_TEST(to_json(back) == j);

  run.auth = result::AuthRecord{"bearer", std::nullopt, 0};
  const json bearer = to_json(run);
  BOOST_TEST(!bearer["auth"].contains("token_lifetime_s"));
  BOOST_TEST(!bearer["auth"].contains("token_lifetime_in_gallery_range"));
  BOOST_TEST(schema_problems(bearer).empty());
  BOOST_TEST(!from_json(bearer).auth->token_lifetime_s.has_value());

  json old = j;
  old.erase("auth");
  BOOST_TEST(!from_json(old).auth.has_value());
  json bad = j;
  bad["auth"]["token_lifetime_s"] = "120";
  BOOST_TEST(!schema_problems(bad).empty());
  BOOST_CHECK_THROW(from_json(bad), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(malformed_documents_are_rejected_with_their_location) {
  const json good = to_json(sample_run());
  BOOST_TEST(rejection(good).empty());
  BOOST_TEST(!rejection(json::array()).empty());

  json missing = good;
  missing.erase("run_id");
  BOOST_TEST(rejection(missing).find("run_id: missing") != std::string::npos);

  json outcome = good;
  outcome["suites"][1]["cases"][0]["outcome"] = "exploded";
  BOOST_TEST(rejection(outcome).find("suites[1].cases[0].outcome: unknown outcome") !=
             std::string::npos);

  json level = good;
  level["suites"][0]["cases"][1]["steps"][1]["checks"][0]["level"] = "COULD";
  BOOST_TEST(rejection(level).find("suites[0].cases[1].steps[1].checks[0].level") !=
             std::string::npos);

  json impact = good;
  impact["suites"][0]["cases"][1]["impact"] = "cosmetic";
  BOOST_TEST(rejection(impact).find("suites[0].cases[1].impact: unknown impact") !=
             std::string::npos);
  BOOST_TEST(!schema_problems(impact).empty());

  json status = good;
  status["suites"][0]["cases"][0]["steps"][0]["exchange"]["response"]["status"] = "201";
  BOOST_TEST(rejection(status).find("exchange.response.status: expected an integer") !=
             std::string::npos);

  json header = good;
  header["suites"][0]["cases"][0]["steps"][0]["exchange"]["request"]["headers"][1] = "Accept";
  BOOST_TEST(rejection(header).find("exchange.request.headers[1]: expected an object") !=
             std::string::npos);

  json version = good;
  version["schema_version"] = 2;
  BOOST_TEST(rejection(version).find("schema_version") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gallery_readiness_matches_the_schema) {
  auto run = sample_run();
  result::Readiness r;
  r.scheme = "https";
  r.tls = http::TlsProbe{
      {http::TlsVerdict::refused, "", "", "tlsv1 alert protocol version"},
      {http::TlsVerdict::accepted, "TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256", ""}};
  r.requirements = {{"users.create", "Create user", "§2.6", false, {"users.create.*"}}};
  r.load_rules = {{"load.rate", "§2.3", true}};
  r.load = {{"load.rate", "rate", "failed", "at least 25 requests/s", "3.0 requests/s"}};
  run.readiness = r;
  const json document = to_json(run);
  BOOST_TEST(schema_problems(document) == "");
  json extra = document;
  extra["gallery_readiness"]["tls"]["tls12"]["verdict"] = "perhaps";
  BOOST_TEST(schema_problems(extra) != "");
}

BOOST_AUTO_TEST_SUITE_END()
