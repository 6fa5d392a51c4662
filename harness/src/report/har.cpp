#include "report/har.hpp"
#include "source/strings.hpp"

#include <map>
#include <string>
#include <string_view>

#include "http/url.hpp"
#include "report/text.hpp"

namespace scimcheck::report {

using nlohmann::json;

namespace {

/// Reason phrases of the statuses a SCIM server commonly answers with.
const char* status_text(int status) {
  static const std::map<int, const char*> kPhrases = {{200, "OK"},
                                                      {201, "Created"},
                                                      {202, "Accepted"},
                                                      {204, "No Content"},
                                                      {301, "Moved Permanently"},
                                                      {302, "Found"},
                                                      {304, "Not Modified"},
                                                      {307, "Temporary Redirect"},
                                                      {308, "Permanent Redirect"},
                                                      {400, "Bad Request"},
                                                      {401, "Unauthorized"},
                                                      {403, "Forbidden"},
                                                      {404, "Not Found"},
                                                      {405, "Method Not Allowed"},
                                                      {409, "Conflict"},
                                                      {412, "Precondition Failed"},
                                                      {413, "Payload Too Large"},
                                                      {415, "Unsupported Media Type"},
                                                      {429, "Too Many Requests"},
                                                      {500, "Internal Server Error"},
                                                      {501, "Not Implemented"},
                                                      {502, "Bad Gateway"},
                                                      {503, "Service Unavailable"},
                                                      {504, "Gateway Timeout"}};
  const auto it = kPhrases.find(status);
  return it == kPhrases.end() ? "" : it->second;
}

std::string text_of(std::string_view text) { return utf8_text(text); }

json headers_json(const http::Headers& headers) {
  json out = json::array();
  for (const auto& h : headers)
    out.push_back({{"name", text_of(h.name)}, {"value", text_of(h.value)}});
  return out;
}

/// name=value pairs of the URL's query, decoded.
json query_json(const std::string& url) {
  json out = json::array();
  const std::size_t q = url.find('?');
  if (q == std::string::npos) return out;
  const std::size_t end = url.find('#', q);
  const std::string_view query = std::string_view(url).substr(
      q + 1, end == std::string::npos ? std::string::npos : end - q - 1);
  std::size_t at = 0;
  while (at <= query.size()) {
    std::size_t amp = query.find('&', at);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view pair = query.substr(at, amp - at);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string name(pair.substr(0, eq));
      const std::string value(eq == std::string_view::npos ? std::string_view()
                                                           : pair.substr(eq + 1));
      out.push_back(
          {{"name", text_of(source::form_decode(name))}, {"value", text_of(source::form_decode(value))}});
    }
    at = amp + 1;
  }
  return out;
}

std::string mime_type(const http::Headers& headers) {
  const std::string* type = http::find_header(headers, "Content-Type");
  return type ? text_of(*type) : "x-unknown";
}

std::string cut_note(std::size_t kept, std::size_t whole) {
  return "body kept up to " + std::to_string(kept) + " of its " + std::to_string(whole) + " bytes";
}

json request_json(const result::StepResult& step) {
  const http::Request& req = step.exchange->request;
  json out = {{"method", text_of(req.method)},
              {"url", text_of(req.url)},
              {"httpVersion", "HTTP/1.1"},
              {"cookies", json::array()},
              {"headers", headers_json(req.headers)},
              {"queryString", query_json(req.url)},
              {"headersSize", -1},
              {"bodySize", std::max(step.request_body_bytes, req.body.size())}};
  if (!req.body.empty()) {
    out["postData"] = {{"mimeType", mime_type(req.headers)}, {"text", text_of(req.body)}};
    if (step.request_body_bytes > req.body.size())
      out["postData"]["comment"] = cut_note(req.body.size(), step.request_body_bytes);
  }
  return out;
}

json response_json(const result::StepResult& step) {
  const http::Exchange& ex = *step.exchange;
  const http::Response& res = ex.response;
  const bool failed = ex.error && ex.error->kind != http::ErrorKind::none;
  const std::size_t size = std::max(step.response_body_bytes, res.body.size());
  json content = {
      {"size", size}, {"mimeType", mime_type(res.headers)}, {"text", text_of(res.body)}};
  if (step.response_body_bytes > res.body.size())
    content["comment"] = cut_note(res.body.size(), step.response_body_bytes);
  const std::string* location = http::find_header(res.headers, "Location");
  json out = {{"status", failed ? 0 : res.status},
              {"statusText", failed ? "" : status_text(res.status)},
              {"httpVersion", failed ? "" : "HTTP/1.1"},
              {"cookies", json::array()},
              {"headers", headers_json(res.headers)},
              {"content", content},
              {"redirectURL", location ? text_of(*location) : ""},
              {"headersSize", -1},
              {"bodySize", failed ? -1 : static_cast<long long>(size)}};
  if (failed)
    out["_error"] = text_of(std::string(http::to_string(ex.error->kind)) + " error" +
                            (ex.error->message.empty() ? "" : ": " + ex.error->message));
  return out;
}

json entry_json(const result::RunResult& run, const result::CaseResult& kase,
                const result::StepResult& step) {
  std::string comment = "check " + kase.id + ", step " + step.name;
  if (!step.setup.empty()) comment += " (setup for " + step.setup + ")";
  const double ms = step.exchange->elapsed_ms > 0 ? step.exchange->elapsed_ms : 0;
  const std::string& started = step.exchange->started_at;
  return {{"pageref", "run"},
          {"startedDateTime", started.empty() ? run.started_at : started},
          {"time", ms},
          {"request", request_json(step)},
          {"response", response_json(step)},
          {"cache", json::object()},
          {"timings", {{"send", 0}, {"wait", ms}, {"receive", 0}}},
          {"comment", text_of(comment)}};
}

}  // namespace

json to_har(const result::RunResult& run) {
  json entries = json::array();
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      for (const auto& step : kase.steps)
        if (step.exchange) entries.push_back(entry_json(run, kase, step));
  const std::string title = "scimcheck " + run.profile + " against " + run.target;
  json page = {{"startedDateTime", run.started_at},
               {"id", "run"},
               {"title", text_of(title)},
               {"pageTimings", {{"onContentLoad", -1}, {"onLoad", -1}}}};
  return {{"log",
           {{"version", "1.2"},
            {"creator", {{"name", "scimcheck"}, {"version", text_of(run.tool_version)}}},
            {"pages", json::array({page})},
            {"entries", entries},
            {"comment", text_of("run " + run.run_id + "; secrets masked")}}}};
}

void write_har(const result::RunResult& run, std::ostream& out) {
  out << to_har(run).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace scimcheck::report
