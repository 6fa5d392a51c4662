#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

#include "run/preflight.hpp"

using namespace scimcheck;
using suite::Json;

namespace {

const std::string kBase = "http://fake/scim";
/// Whether the request being answered carries a filter (set by ScriptedTransport).
thread_local bool filtered = false;
const std::string kSecret = "s3cr3t-preflight-token";

/// Answers each request with what `answer` returns for its path (query removed) and whether
/// it carried credentials; records every request.
class ScriptedTransport : public http::Transport {
 public:
  using Answer = std::function<http::Exchange(const std::string& path, bool authorized)>;
  explicit ScriptedTransport(Answer answer) : answer_(std::move(answer)) {}

  http::Exchange send(const http::Request& request) override {
    sent.push_back(request);
    std::string path = request.url.substr(kBase.size());
    filtered = path.find("filter=") != std::string::npos;
    path = path.substr(0, path.find('?'));
    http::Exchange ex = answer_(path, http::find_header(request.headers, "Authorization") != nullptr);
    ex.request = request;
    ex.elapsed_ms = 2;
    return ex;
  }
  std::vector<http::Request> sent;

 private:
  Answer answer_;
};

http::Exchange answer(int status, const std::string& body,
                      const std::string& type = "application/scim+json") {
  http::Exchange ex;
  ex.response.status = status;
  ex.response.headers = {{"Content-Type", type}};
  ex.response.body = body;
  return ex;
}

http::Exchange no_answer(http::ErrorKind kind, const std::string& message) {
  http::Exchange ex;
  ex.error = http::TransportError{kind, message};
  return ex;
}

const std::string kEmptyList =
    R"({"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]})";
const std::string kConfig = R"({"etag":{"supported":false},"patch":{"supported":true}})";

const std::string kSchemas =
    R"({"Resources":[{"id":"urn:ietf:params:scim:schemas:core:2.0:User",)"
    R"("attributes":[{"name":"userName","type":"string","required":true}]}]})";

/// A server that answers Test Connection and /ServiceProviderConfig as it should.
http::Exchange healthy(const std::string& path, bool authorized) {
  if (!authorized) return answer(401, R"({"status":"401"})");
  if (path == "/Users") return answer(200, kEmptyList);
  if (path == "/ServiceProviderConfig") return answer(200, kConfig);
  if (path == "/Schemas") return answer(200, kSchemas);
  return answer(404, "{}");
}

run::RunContext context() {
  run::RunContext ctx;
  ctx.run_id = "rtest123";
  ctx.base_url = kBase;
  ctx.authorize = [](http::Request& r) -> std::optional<std::string> {
    r.headers.push_back({"Authorization", "Bearer " + kSecret});
    return std::nullopt;
  };
  ctx.redact = [](http::Exchange& ex) {
    for (auto& h : ex.request.headers)
      if (h.name == "Authorization") h.value = "Bearer ****";
  };
  ctx.redact_text = [](const std::string& text) { return text; };
  return ctx;
}

run::Preflight preflight_with(ScriptedTransport::Answer a, ScriptedTransport* seen = nullptr) {
  ScriptedTransport transport(std::move(a));
  run::Preflight out = run::run_preflight(context(), transport);
  if (seen) seen->sent = transport.sent;
  return out;
}

const result::CaseResult& the_case(const run::Preflight& p) {
  BOOST_REQUIRE_EQUAL(p.suite.cases.size(), 1u);
  return p.suite.cases.front();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(preflight)

BOOST_AUTO_TEST_CASE(a_healthy_target_passes_and_its_config_is_kept) {
  ScriptedTransport seen(healthy);
  const run::Preflight p = preflight_with(healthy, &seen);
  BOOST_TEST(p.stop.empty());
  BOOST_TEST(p.suite.id == "preflight");
  const auto& kase = the_case(p);
  BOOST_TEST(kase.id == "preflight.target");
  BOOST_TEST((kase.outcome == result::Outcome::passed));
  BOOST_TEST(p.discovery == Json::parse(kConfig));
  // Test Connection with credentials, the same without, /ServiceProviderConfig, /Schemas:
  // all reads.
  BOOST_REQUIRE_EQUAL(seen.sent.size(), 4u);
  for (const auto& r : seen.sent) BOOST_TEST(r.method == "GET");
  BOOST_TEST(contains(seen.sent[0].url, "/Users?filter=userName%20eq%20%22scimcheck-preflight-rtest123%22"));
  BOOST_TEST(http::find_header(seen.sent[0].headers, "Authorization") != nullptr);
  BOOST_TEST(http::find_header(seen.sent[1].headers, "Authorization") == nullptr);
  BOOST_TEST(contains(seen.sent[2].url, "/ServiceProviderConfig"));
  BOOST_TEST(contains(seen.sent[3].url, "/Schemas"));
  // Every exchange is a step, redacted as the runner stores them.
  BOOST_REQUIRE_EQUAL(kase.steps.size(), 4u);
  BOOST_TEST(*http::find_header(kase.steps[0].exchange->request.headers, "Authorization") ==
             "Bearer ****");
  BOOST_TEST(kase.requests == 4);
}

BOOST_AUTO_TEST_CASE(the_servers_schemas_are_kept_or_the_reason_they_are_not) {
  const run::Preflight p = preflight_with(healthy);
  BOOST_TEST_REQUIRE(p.schemas.has_value());
  BOOST_TEST(p.schemas->find("urn:ietf:params:scim:schemas:core:2.0:User") != nullptr);
  const auto schemas_answer = [](http::Exchange schemas) {
    return preflight_with([schemas](const std::string& path, bool authorized) {
      return path == "/Schemas" ? schemas : healthy(path, authorized);
    });
  };
  const run::Preflight missing = schemas_answer(answer(404, R"({"status":"404"})"));
  BOOST_TEST(missing.stop.empty());  // a finding for the drift check, never a reason to stop
  BOOST_TEST(!missing.schemas.has_value());
  BOOST_TEST(contains(missing.schemas_problem, "answered 404"), missing.schemas_problem);
  const run::Preflight deep = schemas_answer(answer(200, std::string(5000, '[')));
  BOOST_TEST(!deep.schemas.has_value());
  BOOST_TEST(contains(deep.schemas_problem, "JSON"), deep.schemas_problem);
  const run::Preflight empty = schemas_answer(answer(200, R"({"Resources":[]})"));
  BOOST_TEST(!empty.schemas.has_value());
  BOOST_TEST(!empty.schemas_problem.empty());
  const run::Preflight silent =
      schemas_answer(no_answer(http::ErrorKind::too_large, "body larger than the limit"));
  BOOST_TEST(!silent.schemas.has_value());
  BOOST_TEST(contains(silent.schemas_problem, "larger than the limit"), silent.schemas_problem);
}

BOOST_AUTO_TEST_CASE(an_unreachable_target_is_told_apart_by_its_transport_error) {
  struct Case {
    http::ErrorKind kind;
    std::string message;
    std::string named;
  };
  const std::vector<Case> cases = {
      {http::ErrorKind::connect, "Couldn't resolve host name: Could not resolve host: nohost", "DNS"},
      {http::ErrorKind::connect, "Couldn't connect to server: Connection refused", "TCP connect"},
      {http::ErrorKind::tls, "SSL connect error: wrong version number", "TLS"},
      {http::ErrorKind::timeout, "Timeout was reached", "timeout"},
  };
  for (const auto& c : cases) {
    ScriptedTransport seen(healthy);
    const run::Preflight p =
        preflight_with([&](const std::string&, bool) { return no_answer(c.kind, c.message); }, &seen);
    BOOST_TEST(contains(p.stop, c.named), p.stop);
    BOOST_TEST(contains(p.stop, c.message), p.stop);
    BOOST_TEST(seen.sent.size() == 1u);  // nothing more is tried
    const auto& kase = the_case(p);
    BOOST_TEST((kase.outcome == result::Outcome::errored));
    BOOST_TEST(kase.reason == p.stop);
    BOOST_TEST(p.discovery.is_null());
  }
}

BOOST_AUTO_TEST_CASE(a_refused_token_names_the_scheme_sent_never_the_secret) {
  for (int status : {401, 403}) {
    const run::Preflight p = preflight_with([&](const std::string&, bool) {
      return answer(status, R"({"status":")" + std::to_string(status) + "\"}");
    });
    BOOST_TEST(contains(p.stop, "the token was refused"), p.stop);
    BOOST_TEST(contains(p.stop, std::to_string(status)), p.stop);
    BOOST_TEST(contains(p.stop, "Bearer"), p.stop);
    BOOST_TEST(!contains(p.stop, kSecret), p.stop);
    // The query without credentials was still recorded; the refused query is the one marked.
    BOOST_REQUIRE_EQUAL(the_case(p).steps.size(), 2u);
    BOOST_TEST((the_case(p).steps[0].outcome == result::Outcome::errored));
    BOOST_TEST((the_case(p).steps[1].outcome == result::Outcome::passed));
  }
}

BOOST_AUTO_TEST_CASE(a_404_on_users_is_a_wrong_base_path) {
  const run::Preflight p = preflight_with([](const std::string&, bool) {
    return answer(404, "<html>Not Found</html>", "text/html");
  });
  BOOST_TEST(contains(p.stop, "wrong base path: " + kBase + "/Users does not exist"), p.stop);
  BOOST_TEST(contains(p.stop, "the Tenant URL must be the SCIM base"), p.stop);
}

BOOST_AUTO_TEST_CASE(a_404_for_an_empty_filter_result_is_not_a_wrong_base_path) {
  // Some servers answer an empty filter result with 404: /Users without a filter tells that
  // apart from a wrong base path.
  ScriptedTransport seen(healthy);
  const run::Preflight p = preflight_with(
      [](const std::string& path, bool authorized) {
        return path == "/Users" && authorized && filtered ? answer(404, R"({"status":"404"})")
                                                          : healthy(path, authorized);
      },
      &seen);
  BOOST_TEST(p.stop.empty(), p.stop);
  BOOST_TEST(p.discovery.is_object());
  BOOST_REQUIRE_EQUAL(seen.sent.size(), 5u);
  BOOST_TEST(!contains(seen.sent[2].url, "filter="));
  BOOST_TEST(seen.sent[2].method == "GET");
}

BOOST_AUTO_TEST_CASE(an_html_page_with_200_is_a_wrong_base_path) {
  const run::Preflight p = preflight_with([](const std::string&, bool) {
    return answer(200, "<!doctype html><title>Welcome</title>", "text/html; charset=utf-8");
  });
  BOOST_TEST(contains(p.stop, "wrong base path"), p.stop);
  BOOST_TEST(contains(p.stop, "HTML"), p.stop);
}

BOOST_AUTO_TEST_CASE(another_refusal_stops_the_run_naming_the_status) {
  const run::Preflight p =
      preflight_with([](const std::string&, bool) { return answer(500, R"({"status":"500"})"); });
  BOOST_TEST(contains(p.stop, "answered 500"), p.stop);
  // A proxy's error page is not a wrong base path.
  const run::Preflight q = preflight_with([](const std::string&, bool) {
    return answer(502, "<html><body>Bad Gateway</body></html>", "text/html");
  });
  BOOST_TEST(contains(q.stop, "answered 502 with an HTML page"), q.stop);
  BOOST_TEST(!contains(q.stop, "wrong base path"), q.stop);
}

BOOST_AUTO_TEST_CASE(a_target_open_without_credentials_is_recorded_not_stopped) {
  const run::Preflight p = preflight_with([](const std::string& path, bool) {
    return healthy(path, true);
  });
  BOOST_TEST(p.stop.empty());
  BOOST_TEST(the_case(p).steps.at(1).exchange->response.status == 200);
}

BOOST_AUTO_TEST_CASE(an_unreadable_config_is_null_and_does_not_stop) {
  for (const auto& body : std::vector<std::string>{"not json", "[1]"}) {
    const run::Preflight p = preflight_with([&](const std::string& path, bool authorized) {
      return path == "/ServiceProviderConfig" ? answer(200, body) : healthy(path, authorized);
    });
    BOOST_TEST(p.stop.empty());
    BOOST_TEST(p.discovery.is_null());
  }
  const run::Preflight p = preflight_with([](const std::string& path, bool authorized) {
    return path == "/ServiceProviderConfig" ? answer(404, "{}") : healthy(path, authorized);
  });
  BOOST_TEST(p.stop.empty());
  BOOST_TEST(p.discovery.is_null());
}

BOOST_AUTO_TEST_CASE(credentials_that_cannot_be_obtained_stop_the_run) {
  run::RunContext ctx = context();
  ctx.authorize = [](http::Request&) -> std::optional<std::string> {
    return std::string("the token endpoint answered 400");
  };
  ScriptedTransport transport(healthy);
  const run::Preflight p = run::run_preflight(ctx, transport);
  BOOST_TEST(contains(p.stop, "could not obtain credentials: the token endpoint answered 400"),
             p.stop);
  BOOST_TEST(transport.sent.empty());
}

BOOST_AUTO_TEST_SUITE_END()
