// The readiness record and requirement table as JSON: readiness.json, load.json and the
// "gallery_readiness" member of results.json.
#include <stdexcept>

#include "report/readiness.hpp"
#include "source/positions.hpp"
#include "source/root.hpp"

namespace scimcheck::report {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

const json& member(const json& object, const std::string& where, const char* key) {
  if (!object.is_object()) fail(where, "expected an object");
  const auto it = object.find(key);
  if (it == object.end()) fail(where + "." + key, "missing");
  return *it;
}

std::string text(const json& object, const std::string& where, const char* key) {
  const json& v = member(object, where, key);
  if (!v.is_string()) fail(where + "." + key, "expected a string");
  return v.get<std::string>();
}

std::string optional_text(const json& object, const std::string& where, const char* key) {
  return object.is_object() && object.contains(key) ? text(object, where, key) : "";
}

bool flag(const json& object, const std::string& where, const char* key, bool fallback) {
  if (!object.is_object() || !object.contains(key)) return fallback;
  const json& v = member(object, where, key);
  if (!v.is_boolean()) fail(where + "." + key, "expected true or false");
  return v.get<bool>();
}

const json& list(const json& object, const std::string& where, const char* key) {
  const json& v = member(object, where, key);
  if (!v.is_array()) fail(where + "." + key, "expected an array");
  return v;
}

std::string at(const std::string& where, const char* key, std::size_t i) {
  return where + "." + key + "[" + std::to_string(i) + "]";
}

result::GalleryRequirement read_requirement(const json& v, const std::string& where) {
  result::GalleryRequirement req{text(v, where, "id"),
                                 text(v, where, "title"),
                                 text(v, where, "citation"),
                                 flag(v, where, "optional", false),
                                 {}};
  const json& checks = list(v, where, "checks");
  if (checks.empty()) fail(where + ".checks", "names no check");
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].is_string() || checks[i].get<std::string>().empty())
      fail(at(where, "checks", i), "expected a check id or glob");
    req.checks.push_back(checks[i].get<std::string>());
  }
  return req;
}

result::GalleryLoadRule read_load_rule(const json& v, const std::string& where) {
  const std::string severity = text(v, where, "severity");
  if (severity != "blocker" && severity != "warning")
    fail(where + ".severity", "expected \"blocker\" or \"warning\", got \"" + severity + "\"");
  return {text(v, where, "threshold"), text(v, where, "citation"), severity == "blocker"};
}

RequirementTable read_table(const json& value, const std::string& where) {
  RequirementTable table;
  const json& reqs = list(value, where, "requirements");
  for (std::size_t i = 0; i < reqs.size(); ++i)
    table.requirements.push_back(read_requirement(reqs[i], at(where, "requirements", i)));
  if (value.contains("load")) {
    const json& rules = list(value, where, "load");
    for (std::size_t i = 0; i < rules.size(); ++i)
      table.load_rules.push_back(read_load_rule(rules[i], at(where, "load", i)));
  }
  return table;
}

json attempt_json(const http::TlsAttempt& a) {
  return {{"verdict", http::to_string(a.verdict)},
          {"version", a.version},
          {"cipher", a.cipher},
          {"error", a.error}};
}

http::TlsAttempt read_attempt(const json& v, const std::string& where) {
  http::TlsAttempt a;
  const std::string verdict = text(v, where, "verdict");
  if (!http::parse_tls_verdict(verdict, &a.verdict))
    fail(where + ".verdict", "unknown verdict \"" + verdict + "\"");
  a.version = text(v, where, "version");
  a.cipher = text(v, where, "cipher");
  a.error = text(v, where, "error");
  return a;
}

json table_json(const result::Readiness& r) {
  json reqs = json::array();
  for (const auto& q : r.requirements)
    reqs.push_back({{"id", q.id},
                    {"title", q.title},
                    {"citation", q.citation},
                    {"optional", q.optional},
                    {"checks", q.checks}});
  json rules = json::array();
  for (const auto& l : r.load_rules)
    rules.push_back({{"threshold", l.threshold},
                     {"citation", l.citation},
                     {"severity", l.blocker ? "blocker" : "warning"}});
  return {{"requirements", reqs}, {"load", rules}};
}

}  // namespace

std::optional<RequirementTable> parse_requirement_table(const json& value, const std::string& where,
                                                        std::string* error) {
  try {
    return read_table(value, where);
  } catch (const std::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
}

std::optional<RequirementTable> load_requirement_table(const std::filesystem::path& file,
                                                       std::string* error) {
  constexpr std::size_t kMaxTableBytes = 1u << 20;
  const auto value = source::read_json_value(file.string(), kMaxTableBytes, error);
  if (!value) return std::nullopt;
  return parse_requirement_table(*value, file.string(), error);
}

std::optional<RequirementTable> load_shipped_requirement_table(std::string* error) {
  const auto root = source::find_root();
  if (!root) {
    *error = "cannot find the suites/ folder; set SCIMCHECK_ROOT";
    return std::nullopt;
  }
  return load_requirement_table(requirement_table_file(*root), error);
}

namespace {

/// A threshold's status; a load.json written before thresholds had one says only `passed`.
std::string threshold_status(const json& t, const std::string& where) {
  if (t.contains("status")) {
    std::string status = text(t, where, "status");
    if (status != "passed" && status != "failed" && status != "not measured" &&
        status != "not applicable")
      fail(where + ".status", "expected passed, failed, not measured or not applicable");
    return status;
  }
  const json& passed = member(t, where, "passed");
  if (!passed.is_boolean()) fail(where + ".passed", "expected true or false");
  return passed.get<bool>() ? "passed" : "failed";
}

}  // namespace

bool is_load_result(const json& value) {
  return value.is_object() && value.contains("thresholds") && value["thresholds"].is_array() &&
         value.contains("throughput_rps");
}

bool merge_load_result(const json& value, result::Readiness& readiness, std::string* error) {
  try {
    std::vector<result::LoadThreshold> load;
    const json& thresholds = list(value, "load", "thresholds");
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
      const json& t = thresholds[i];
      const std::string where = at("load", "thresholds", i);
      load.push_back({text(t, where, "id"), text(t, where, "title"), threshold_status(t, where),
                      text(t, where, "expected"), text(t, where, "actual")});
    }
    readiness.load = std::move(load);
    readiness.load_run_id = optional_text(value, "load", "run_id");
    return true;
  } catch (const std::exception& e) {
    *error = e.what();
    return false;
  }
}

json readiness_json(const result::RunResult& run) {
  const result::Readiness& r = *run.readiness;
  json out = table_json(r);
  out["scheme"] = r.scheme;
  if (r.tls)
    out["tls"] = {{"legacy", attempt_json(r.tls->legacy)}, {"tls12", attempt_json(r.tls->tls12)}};
  json load = json::array();
  for (const auto& t : r.load)
    load.push_back({{"id", t.id},
                    {"title", t.title},
                    {"status", t.status},
                    {"expected", t.expected},
                    {"actual", t.actual}});
  out["load_thresholds"] = load;
  out["load_run_id"] = r.load_run_id;
  json lines = json::array();
  for (const auto& line : readiness_lines(run))
    lines.push_back({{"key", line.key},
                     {"requirement", line.requirement},
                     {"status", to_string(line.status)},
                     {"why", line.why},
                     {"citation", line.citation}});
  out["lines"] = lines;
  return out;
}

result::Readiness readiness_from_json(const json& value) {
  const std::string where = "gallery_readiness";
  RequirementTable table = read_table(value, where);
  result::Readiness r;
  r.requirements = std::move(table.requirements);
  r.load_rules = std::move(table.load_rules);
  r.scheme = text(value, where, "scheme");
  if (value.contains("tls")) {
    const json& tls = value["tls"];
    r.tls =
        http::TlsProbe{read_attempt(member(tls, where + ".tls", "legacy"), where + ".tls.legacy"),
                       read_attempt(member(tls, where + ".tls", "tls12"), where + ".tls.tls12")};
  }
  json load = {{"thresholds", list(value, where, "load_thresholds")},
               {"run_id", text(value, where, "load_run_id")}};
  std::string error;
  if (!merge_load_result(load, r, &error)) fail(where, error);
  return r;
}

}  // namespace scimcheck::report