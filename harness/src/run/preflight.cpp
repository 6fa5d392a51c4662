#include "run/preflight.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "http/json_body.hpp"
#include "http/url.hpp"

namespace scimcheck::run {
namespace {

using result::Outcome;
using result::StepResult;

bool is_success(int status) { return status >= 200 && status < 300; }

/// A web page rather than a SCIM answer: an HTML Content-Type, or a body starting with '<'.
bool is_html(const http::Response& response) {
  if (const auto* type = http::find_header(response.headers, "Content-Type"))
    if (source::fold_case(*type).find("text/html") != std::string::npos) return true;
  const auto first = response.body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && response.body[first] == '<';
}

/// The scheme of the Authorization header the request carried ("Bearer", "Basic"), never the
/// credentials; empty when it carried none.
std::string auth_scheme(const http::Request& request) {
  const auto* value = http::find_header(request.headers, "Authorization");
  if (!value) return {};
  return value->substr(0, value->find(' '));
}

class PreflightRun {
 public:
  PreflightRun(const RunContext& ctx, http::Transport& transport)
      : ctx_(ctx), transport_(transport), target_(http::redact_url(ctx.base_url)) {}

  Preflight run() {
    Preflight out;
    out.suite.id = kPreflightSuiteId;
    out.suite.title = "Preflight: the target as Entra's Test Connection meets it";
    kase_.id = kPreflightCaseId;
    kase_.suite = kPreflightSuiteId;
    kase_.title = "The target answers Entra's Test Connection query with the run's credentials";
    kase_.requirement =
        "Entra Test Connection: GET /Users?filter=userName eq \"<random>\" answers 200 with the "
        "configured credentials";
    kase_.capability = "connection";
    out.stop = diagnose();
    if (!out.stop.empty()) {
      kase_.outcome = Outcome::errored;
      kase_.reason = out.stop;
    } else {
      out.discovery = read_service_provider_config();
      out.schemas = read_schemas(&out.schemas_problem);
    }
    out.suite.cases.push_back(std::move(kase_));
    return out;
  }

 private:
  /// Sends one GET and keeps it as a step; the exchange as sent and received (not redacted).
  http::Exchange get(const std::string& name, const std::string& path, const http::QueryParams& query,
                     bool with_credentials) {
    http::Request request;
    request.method = "GET";
    request.url = http::join_url(ctx_.base_url, path, query);
    http::Exchange exchange;
    std::optional<std::string> auth_error;
    if (with_credentials && ctx_.authorize) auth_error = ctx_.authorize(request);
    if (auth_error) {
      auth_failed_ = true;
      exchange.request = request;
      exchange.error = http::TransportError{http::ErrorKind::other, *auth_error};
    } else {
      exchange = transport_.send(request);
    }
    ++kase_.requests;
    kase_.slowest_ms = std::max(kase_.slowest_ms, exchange.elapsed_ms);
    StepResult step;
    step.name = name;
    http::Exchange stored = exchange;
    if (ctx_.redact) ctx_.redact(stored);
    result::keep_evidence(step, std::move(stored));
    kase_.steps.push_back(std::move(step));
    return exchange;
  }

  /// Marks the Test Connection query, whose answer every stop is about, as what stopped the run.
  std::string stop(std::string message) {
    kase_.steps.front().outcome = Outcome::errored;
    message = "preflight: " + message;
    return ctx_.redact_text ? ctx_.redact_text(message) : message;
  }

  std::string wrong_base_path(const std::string& how) {
    return stop("wrong base path: " + target_ + "/Users does not exist (" + how +
                "); the Tenant URL must be the SCIM base (the one that /Users and /Groups hang "
                "from)");
  }

  /// Empty when the target can be tested; else the one message that stops the run.
  std::string diagnose() {
    const std::string value = "scimcheck-preflight-" + ctx_.run_id;
    const http::QueryParams query{{"filter", "userName eq \"" + value + "\""}};
    const http::Exchange with =
        get("Test Connection query with the run's credentials", "/Users", query, true);
    if (auth_failed_) return stop("could not obtain credentials: " + with.error->message);
    // An answer too large to keep is still an answer: the checks judge it.
    if (with.error && with.error->kind != http::ErrorKind::too_large)
      return stop(diagnose_unanswered(*with.error, target_));
    const std::string scheme = auth_scheme(with.request);
    // The same query with no credentials: its answer is a finding for
    // connection.auth.missing-token-401, never a reason to stop.
    if (!scheme.empty())
      get("the same query without credentials (recorded for connection.auth.missing-token-401)",
          "/Users", query, false);
    const int status = with.response.status;
    if (status == 401 || status == 403) {
      const std::string sent = scheme.empty() ? "no credentials (the profile's auth is none)"
                                              : "Authorization: " + scheme + " <secret not shown>";
      return stop("the token was refused: GET " + target_ + "/Users answered " +
                  std::to_string(status) + " to a request with " + sent +
                  "; check the secret (--token-env, --token-file or SCIM_TOKEN) and the "
                  "profile's auth type");
    }
    if (is_success(status) && is_html(with.response))
      return wrong_base_path("it answered with an HTML page, not SCIM");
    if (status == 404) {
      // A 404 may also be a server answering an empty filter result that way (a finding for
      // the query checks): /Users without a filter tells the two apart.
      const http::Exchange plain = get("/Users without a filter (is the base path right?)", "/Users",
                                       {{"startIndex", "1"}, {"count", "1"}}, true);
      if (plain.error || !is_success(plain.response.status) || is_html(plain.response))
        return wrong_base_path("404");
      return {};
    }
    if (!is_success(status))
      return stop("GET " + target_ + "/Users?filter=... answered " + std::to_string(status) +
                  (is_html(with.response) ? " with an HTML page" : "") +
                  ", where Entra's Test Connection needs 200 with an empty ListResponse; the "
                  "answer is in the report's preflight.target");
    return {};
  }

  suite::Json read_service_provider_config() {
    const http::Exchange ex =
        get("GET /ServiceProviderConfig (kept for the run)", "/ServiceProviderConfig", {}, true);
    if (ex.error || !is_success(ex.response.status)) return nullptr;
    auto body = http::parse_body(ex.response.body);
    if (!body || !body->is_object()) return nullptr;
    return std::move(*body);
  }

  std::optional<check::ServerSchemas> read_schemas(std::string* problem) {
    const http::Exchange ex = get("GET /Schemas (kept for the run: responses are held to it)",
                                  "/Schemas", {}, true);
    if (ex.error) {
      *problem = "GET /Schemas got no usable answer (" + ex.error->message + ")";
      return std::nullopt;
    }
    if (!is_success(ex.response.status)) {
      *problem = "GET /Schemas answered " + std::to_string(ex.response.status);
      return std::nullopt;
    }
    const auto body = http::parse_body(ex.response.body);
    if (!body) {
      *problem = "GET /Schemas did not answer JSON (or nested it too deep)";
      return std::nullopt;
    }
    return check::read_server_schemas(*body, problem);
  }

  const RunContext& ctx_;
  http::Transport& transport_;
  const std::string target_;
  result::CaseResult kase_;
  bool auth_failed_ = false;  ///< the credentials could not be obtained (OAuth2 token endpoint)
};

}  // namespace

std::string diagnose_unanswered(const http::TransportError& error, const std::string& target) {
  const std::string detail = " (" + error.message + ")";
  switch (error.kind) {
    case http::ErrorKind::connect:
      if (source::fold_case(error.message).find("resolve") != std::string::npos)
        return "DNS: the host of " + target + " could not be resolved" + detail +
               "; check the host name in --url, and the DNS or proxy settings";
      return "TCP connect to " + target + " failed" + detail +
             "; check that the server is running and that the host and port in --url are "
             "right (and that no firewall or proxy is in the way)";
    case http::ErrorKind::tls:
      return "TLS: the secure connection to " + target + " failed" + detail +
             "; check that the URL's scheme (https or http) is the server's, and trust the "
             "server's certificate (--cacert with its CA bundle)";
    case http::ErrorKind::timeout:
      return "timeout: " + target + " did not answer in time" + detail +
             "; check the host and port in --url and that the server is reachable from here";
    case http::ErrorKind::aborted:
      return "interrupted before the target answered";
    case http::ErrorKind::too_large:
    case http::ErrorKind::other:
    case http::ErrorKind::none:
      break;
  }
  return "no usable answer from " + target + detail;
}

Preflight run_preflight(const RunContext& ctx, http::Transport& transport) {
  return PreflightRun(ctx, transport).run();
}

}  // namespace scimcheck::run
