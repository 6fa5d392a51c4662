// Fuzz target: the response checks. The bytes are a response (the text form of
// fuzz_support.hpp: status line, headers, body) and every expectation below, a few of each
// subject and operator the suites use, is evaluated against it.
#include <charconv>

#include "check/expect.hpp"
#include "fuzz_support.hpp"
#include "source/root.hpp"

using namespace scimcheck;
using suite::Json;
using suite::Operator;
using suite::Subject;

namespace {

suite::Expectation make(Subject subject, std::string name, Operator op = Operator::none,
                        Json operand = nullptr, suite::Compare compare = suite::Compare::scim) {
  suite::Expectation x;
  x.subject = subject;
  x.name = std::move(name);
  x.op = op;
  x.operand.value = std::move(operand);
  x.compare = compare;
  return x;
}

std::vector<suite::Expectation> expectations() {
  std::vector<suite::Expectation> all;
  auto status = make(Subject::status, "");
  status.statuses = {200, 201, 204};
  all.push_back(status);
  all.push_back(make(Subject::header, "Location", Operator::present));
  all.push_back(make(Subject::header, "ETag", Operator::absent));
  all.push_back(make(Subject::header, "Content-Type", Operator::matches, "^application/scim\\+json"));
  all.push_back(make(Subject::header, "Location", Operator::matches, "/Users/[^/]+$"));
  all.push_back(make(Subject::header, "Location", Operator::equals, "http://h/Users/{{aid}}"));
  all.push_back(make(Subject::header, "{{header}}", Operator::differs, "x"));
  for (const char* schema : {"scim/user", "scim/group", "scim/list-response", "scim/error"})
    all.push_back(make(Subject::schema, schema));
  all.push_back(make(Subject::path, "id", Operator::equals, "{{aid}}"));
  all.push_back(make(Subject::path, "userName", Operator::equals, "bjensen@example.com"));
  all.push_back(make(Subject::path, "userName", Operator::matches, "@example\\.com$"));
  all.push_back(make(Subject::path, "emails[type eq \"work\"].value", Operator::present));
  all.push_back(make(Subject::path, "name.givenName", Operator::absent));
  all.push_back(make(Subject::path, "emails", Operator::count, 2));
  all.push_back(make(Subject::path, "Resources", Operator::count, "1"));
  all.push_back(make(Subject::path, "members.value", Operator::contains, "{{aid}}"));
  all.push_back(make(Subject::path, "displayName", Operator::contains, "Jen", suite::Compare::insensitive));
  all.push_back(make(Subject::path, "active", Operator::differs, false));
  all.push_back(make(Subject::path, "phoneNumbers", Operator::equals,
                     Json::parse(R"([{"value": "555", "type": "work"}])"), suite::Compare::exact));
  all.push_back(make(Subject::path,
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
                     Operator::equals, "{{bid}}"));
  all.push_back(make(Subject::path, "meta.location", Operator::matches, "/Users/[^/]+$"));
  all.push_back(make(Subject::body, "", Operator::none, "empty"));
  all.push_back(make(Subject::body, "", Operator::none, "json"));
  all.push_back(make(Subject::max_ms, "", Operator::none, 1000));
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<suite::Expectation> all = expectations();
  static const check::SchemaRegistry schemas(source::find_root().value_or("."));
  static std::atomic<std::uint64_t> counter{0};
  const fuzz::Message m = fuzz::parse_message(fuzz::input_text(data, size));
  http::Exchange ex;
  std::from_chars(m.first_line.data(), m.first_line.data() + m.first_line.size(), ex.response.status);
  ex.response.headers = m.headers;
  ex.response.body = m.body;
  ex.elapsed_ms = 42;
  eval::Scope scope;
  scope.run_id = "fuzz";
  scope.counter = &counter;
  scope.captures["aid"] = "2819c223-7f76-453a-919d-413861904646";
  scope.captures["bid"] = "26118915-6090-4610-87e4-49d8ca9f808d";
  scope.captures["header"] = "ETag";
  const check::ResponseView view(ex);  // one parse shared by every expectation, as in a step
  for (const auto& x : all) (void)check::evaluate(x, view, scope, schemas, suite::Level::must);
  return 0;
}
