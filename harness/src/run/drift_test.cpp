#include <boost/test/unit_test.hpp>

#include "run/drift.hpp"
#include "run/rules.hpp"

using namespace scimcheck;
using nlohmann::json;
using result::Outcome;

namespace {

check::ServerSchemas declared() {
  const json body = json::parse(R"({"Resources": [
    {"id": "urn:ietf:params:scim:schemas:core:2.0:User", "attributes": [
      {"name": "userName", "type": "string", "required": true},
      {"name": "active", "type": "boolean"},
      {"name": "password", "type": "string", "returned": "never"}]}]})");
  return *check::read_server_schemas(body, nullptr);
}

http::Exchange answer(const json& body, const std::string& url = "https://x/scim/Users/1") {
  http::Exchange ex;
  ex.request.method = "GET";
  ex.request.url = url;
  ex.response.status = 200;
  ex.response.body = body.dump();
  return ex;
}

json user(json extra = json::object()) {
  json u = {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
            {"id", "1"},
            {"userName", "bjensen"},
            {"active", true}};
  for (const auto& [k, v] : extra.items()) u[k] = v;
  return u;
}

suite::Case drift_case() {
  suite::Case kase;
  kase.id = "protocol.responses.schema-drift";
  kase.title = "drift";
  return kase;
}

run::ExchangeOrigin origin(std::size_t order) {
  return {order, "case." + std::to_string(order), "step", "GET", "/Users/1"};
}

}  // namespace

BOOST_AUTO_TEST_CASE(drift_book_one_finding_per_root_cause_with_its_count) {
  run::DriftBook book(declared(), "", nullptr);
  // 40 responses with the same drift (in reverse plan order), one with another.
  for (std::size_t i = 40; i > 0; --i) {
    const auto ex = answer(user({{"active", "true"}}));
    book.examine(origin(i), ex, ex);
  }
  const auto ex = answer(json{{"schemas", {"urn:ietf:params:scim:api:messages:2.0:ListResponse"}},
                              {"Resources", {user(), user({{"nickName", "x"}})}}});
  book.examine(origin(50), ex, ex);
  const auto r = book.result_of(drift_case());
  BOOST_TEST((r.outcome == Outcome::warning));
  BOOST_TEST_REQUIRE(r.steps.size() == 2u);
  BOOST_TEST(r.steps[0].name == "case.1 / step");  // the earliest in plan order
  BOOST_TEST(r.steps[0].checks[0].expected.find("type boolean") != std::string::npos);
  BOOST_TEST(r.steps[0].checks[0].actual == "\"true\" (in 40 responses)");
  BOOST_TEST(r.steps[0].exchange.has_value());
  BOOST_TEST(r.reason.find("2 attributes drift") == 0u);
  BOOST_TEST(r.reason.find("41 of 41 responses") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(drift_book_returned_never_fails_and_hides_the_value) {
  run::DriftBook book(declared(), "", nullptr);
  const auto ex = answer(user({{"password", "Secret-123"}}));
  book.examine(origin(1), ex, ex);
  const auto r = book.result_of(drift_case());
  BOOST_TEST((r.outcome == Outcome::failed));
  BOOST_TEST_REQUIRE(r.steps.size() == 1u);
  BOOST_TEST((r.steps[0].checks[0].level == suite::Level::must));
  BOOST_TEST(r.steps[0].checks[0].actual.find("Secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(drift_book_passes_skips_and_leaves_projections_alone) {
  run::DriftBook clean(declared(), "", nullptr);
  const auto ok = answer(user());
  clean.examine(origin(1), ok, ok);
  // Required attributes may be left out when the request excludes attributes.
  json partial = user();
  partial.erase("userName");
  const auto excluded = answer(partial, "https://x/scim/Users/1?excludedAttributes=userName");
  clean.examine(origin(2), excluded, excluded);
  BOOST_TEST((clean.result_of(drift_case()).outcome == Outcome::passed));

  run::DriftBook unread(std::nullopt, "GET /Schemas answered 404", nullptr);
  unread.examine(origin(1), ok, ok);
  const auto r = unread.result_of(drift_case());
  BOOST_TEST((r.outcome == Outcome::skipped));
  BOOST_TEST(r.reason.find("GET /Schemas answered 404") != std::string::npos);

  run::DriftBook nothing(declared(), "", nullptr);
  const auto schema_list = answer(json{{"Resources", json::array()}});
  nothing.examine(origin(1), schema_list, schema_list);
  BOOST_TEST((nothing.result_of(drift_case()).outcome == Outcome::skipped));
}

BOOST_AUTO_TEST_CASE(drift_book_keeps_a_bounded_number_of_findings) {
  run::DriftBook book(declared(), "", nullptr);
  json u = user();
  for (std::size_t i = 0; i < run::kMaxDriftFindings + 10; ++i) u["extra" + std::to_string(i)] = 1;
  const auto ex = answer(u);
  book.examine(origin(1), ex, ex);
  const auto r = book.result_of(drift_case());
  BOOST_TEST(r.steps.size() == run::kMaxDriftFindings);
  BOOST_TEST(r.reason.find("not kept") != std::string::npos);
}

namespace {

http::Exchange sent(const std::string& method, const json& request, const json& response) {
  http::Exchange ex = answer(response);
  ex.request.method = method;
  ex.request.body = request.dump();
  ex.response.status = method == "POST" ? 201 : 200;
  return ex;
}

}  // namespace

BOOST_AUTO_TEST_CASE(drift_book_read_only_taken_from_a_create_is_a_must) {
  run::DriftBook book(declared(), "", nullptr);
  const json meta = {{"created", "2001-01-01T00:00:00Z"}};
  const auto create = sent("POST", {{"userName", "bjensen"}, {"meta", meta}},
                           user({{"meta", meta}}));
  book.examine(origin(1), create, create);
  // The PUT sends back what the create answered: no second finding.
  const auto put = sent("PUT", user({{"meta", meta}}), user({{"meta", meta}}));
  book.examine(origin(1), put, put);
  const auto r = book.result_of(drift_case());
  BOOST_TEST((r.outcome == Outcome::failed));
  BOOST_TEST_REQUIRE(r.steps.size() == 1u);
  const auto& c = r.steps[0].checks[0];
  BOOST_TEST((c.level == suite::Level::must));
  BOOST_TEST(c.description.find("meta.created") != std::string::npos);
  BOOST_TEST(c.description.find("readOnly taken from the request") != std::string::npos);
  BOOST_TEST(c.actual == "\"2001-01-01T00:00:00Z\", as the request sent it (in 1 response)");
  BOOST_TEST(c.message.find("SHALL NOT be modified") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(drift_book_put_and_patch_judged_against_the_earlier_answer) {
  const json old_meta = {{"created", "2026-01-01T00:00:00Z"}};
  const json new_meta = {{"created", "2001-01-01T00:00:00Z"}};
  // Not seen before: a PUT's readOnly values may be the resource's own, not judged.
  run::DriftBook unseen(declared(), "", nullptr);
  const auto put = sent("PUT", user({{"meta", new_meta}}), user({{"meta", new_meta}}));
  unseen.examine(origin(1), put, put);
  BOOST_TEST((unseen.result_of(drift_case()).outcome == Outcome::passed));
  // Seen with another value: the PUT's, and a PATCH's, are taken from the request.
  for (const char* method : {"PUT", "PATCH"}) {
    run::DriftBook book(declared(), "", nullptr);
    const auto read = answer(user({{"meta", old_meta}}));
    book.examine(origin(1), read, read);
    const json body = std::string(method) == "PUT"
                          ? user({{"meta", new_meta}})
                          : json{{"Operations", {{{"op", "replace"}, {"path", "meta.created"},
                                                  {"value", "2001-01-01T00:00:00Z"}}}}};
    const auto change = sent(method, body, user({{"meta", new_meta}}));
    book.examine(origin(2), change, change);
    const auto r = book.result_of(drift_case());
    BOOST_TEST((r.outcome == Outcome::failed), method);
    BOOST_TEST(r.steps.size() == 1u, method);
  }
}

BOOST_AUTO_TEST_CASE(drift_book_remembers_only_small_answers) {
  // An answer larger than kMaxRememberedBytes is not kept: a later PUT is then not judged.
  run::DriftBook book(declared(), "", nullptr);
  const json big = user({{"userName", std::string(run::kMaxRememberedBytes, 'b')},
                         {"meta", {{"created", "2026-01-01T00:00:00Z"}}}});
  const auto read = answer(big);
  book.examine(origin(1), read, read);
  const json meta = {{"created", "2001-01-01T00:00:00Z"}};
  const auto put = sent("PUT", user({{"meta", meta}}), user({{"meta", meta}}));
  book.examine(origin(2), put, put);
  BOOST_TEST((book.result_of(drift_case()).outcome == Outcome::passed));
}
