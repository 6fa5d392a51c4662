#include "loadtest/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <pugixml.hpp>
#include <sstream>

namespace scimcheck::loadtest {

namespace {

using nlohmann::json;

double round2(double v) { return std::round(v * 100) / 100; }

json latency_json(const Histogram& h) {
  return {{"count", h.count()},
          {"mean_ms", round2(h.mean_ms())},
          {"p50_ms", round2(h.quantile_ms(0.50))},
          {"p95_ms", round2(h.quantile_ms(0.95))},
          {"p99_ms", round2(h.quantile_ms(0.99))},
          {"max_ms", round2(h.max_ms())}};
}

std::string fixed(double v, int digits = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

const OperationSummary* find_op(const LoadResult& r, const std::string& name) {
  for (const auto& op : r.operations)
    if (op.name == name) return &op;
  return nullptr;
}

json cycle_json(const CycleEstimate& e) {
  if (!e.measured) return nullptr;
  return {{"users", e.users},
          {"groups", e.groups},
          {"memberships", e.memberships},
          {"requests", e.requests},
          {"entra_rate_rps", kEntraRate},
          {"endpoint_rate_rps", round2(e.endpoint_rate)},
          {"serial_rate_rps", round2(e.serial_rate)},
          {"seconds_at_entra_pace", round2(e.entra_seconds)},
          {"seconds", round2(e.seconds)},
          {"bottleneck", e.endpoint_is_bottleneck ? "endpoint" : "entra"}};
}

}  // namespace

CycleEstimate estimate_initial_cycle(const LoadResult& r) {
  CycleEstimate e;
  e.users = std::max(0, r.options.users);
  e.groups = r.groups_enabled ? std::max(0, r.options.groups) : 0;
  const auto members = static_cast<std::uint64_t>(std::max(0, std::min(r.options.members, e.users)));
  const auto batch = static_cast<std::uint64_t>(std::max(1, r.options.member_batch));
  e.memberships = members * static_cast<std::uint64_t>(e.groups);
  // A profile without a matching value sends no query before its creates.
  const auto per_user = find_op(r, "query-user") ? 2u : 1u;
  const auto per_group = find_op(r, "query-group") ? 2u : 1u;
  e.requests = per_user * static_cast<std::uint64_t>(e.users) +
               static_cast<std::uint64_t>(e.groups) * (per_group + (members + batch - 1) / batch);
  e.endpoint_rate = r.lowest_10s_rate && *r.lowest_10s_rate > 0 ? *r.lowest_10s_rate : r.throughput;
  double latency_ms = 0;
  std::uint64_t answers = 0;
  for (const char* name : {"query-user", "create-user", "query-group", "create-group", "add-members"})
    if (const auto* op = find_op(r, name)) {
      latency_ms += op->latency.mean_ms() * static_cast<double>(op->latency.count());
      answers += op->latency.count();
    }
  if (answers > 0 && latency_ms > 0) e.serial_rate = 1000.0 * static_cast<double>(answers) / latency_ms;
  e.measured = e.endpoint_rate > 0 && e.requests > 0;
  if (!e.measured) return e;
  const auto requests = static_cast<double>(e.requests);
  e.entra_seconds = requests / kEntraRate;
  e.endpoint_is_bottleneck = e.endpoint_rate < kEntraRate;
  e.seconds = requests / std::min(kEntraRate, e.endpoint_rate);
  return e;
}

std::string duration_text(double seconds) {
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char buf[64];
  if (total >= 3600)
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", total / 3600, total % 3600 / 60);
  else if (total >= 60)
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", total / 60, total % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld s", total);
  return buf;
}

std::string cycle_sentence(const CycleEstimate& e) {
  if (!e.measured) return "not estimated: no successful answer to take the endpoint's rate from";
  std::string s = "Entra's initial cycle of " + std::to_string(e.users) + " users";
  if (e.groups > 0)
    s += " and " + std::to_string(e.groups) + " groups (" + std::to_string(e.memberships) +
         " memberships)";
  s += ": " + std::to_string(e.requests) + " requests, about " + duration_text(e.seconds) + ". ";
  if (e.endpoint_is_bottleneck)
    s += "The endpoint is the bottleneck: it sustained " + fixed(e.endpoint_rate) +
         " answers/s, below Entra's pace of " + fixed(kEntraRate, 0) + " requests/s (" +
         duration_text(e.entra_seconds) + " at that pace).";
  else
    s += "Entra's pace of " + fixed(kEntraRate, 0) + " requests/s sets the time: the endpoint "
         "sustained " + fixed(e.endpoint_rate) + " answers/s.";
  if (e.serial_rate > 0)
    s += " One request at a time, its latency allows " + fixed(e.serial_rate) + " requests/s.";
  return s;
}

const char* status_label(Status status) {
  switch (status) {
    case Status::passed: return "PASS";
    case Status::failed: return "FAIL";
    case Status::not_measured: return "NOT MEASURED";
    case Status::not_applicable: return "NOT APPLICABLE";
  }
  return "FAIL";
}

json to_json(const LoadResult& r) {
  json operations = json::array();
  for (const auto& op : r.operations) {
    json o = latency_json(op.latency);
    o["name"] = op.name;
    o["errors"] = op.errors;
    operations.push_back(o);
  }
  json checks = json::array();
  for (const auto& t : thresholds(r))
    checks.push_back({{"id", t.id}, {"title", t.title}, {"passed", t.status == Status::passed},
                      {"status", to_string(t.status)}, {"expected", t.expected},
                      {"actual", t.actual}});
  json timeline = json::array();
  for (const auto& s : r.timeline)
    timeline.push_back({{"requests", s.requests},
                        {"errors", s.errors},
                        {"p50_ms", round2(s.latency.quantile_ms(0.50, s.max_ms))},
                        {"p95_ms", round2(s.latency.quantile_ms(0.95, s.max_ms))},
                        {"max_ms", round2(s.max_ms)}});
  return {{"run_id", r.run_id},
          {"profile", r.profile},
          {"target", r.target},
          {"options",
           {{"users", r.options.users},
            {"groups", r.groups_enabled ? r.options.groups : 0},
            {"members", r.options.members},
            {"member_batch", r.options.member_batch},
            {"concurrency", r.options.concurrency},
            {"duration_s", r.options.duration_s}}},
          {"counts",
           {{"users_created", r.users_created},
            {"users_updated", r.users_updated},
            {"users_disabled", r.users_disabled},
            {"groups_created", r.groups_created},
            {"memberships", r.memberships},
            {"users_deleted", r.users_deleted},
            {"groups_deleted", r.groups_deleted}}},
          {"wall_ms", round2(r.wall_ms)},
          {"requests", r.requests},
          {"successes", r.successes},
          {"throughput_rps", round2(r.throughput)},
          {"lowest_10s_rps", r.lowest_10s_rate ? json(round2(*r.lowest_10s_rate)) : json(nullptr)},
          {"steady_rps", round2(r.steady_throughput)},
          {"latency", latency_json(r.overall)},
          {"operations", operations},
          {"errors", r.errors},
          {"thresholds", checks},
          {"initial_cycle", cycle_json(estimate_initial_cycle(r))},
          {"cleanup",
           {{"created", r.cleanup.created},
            {"deleted", r.cleanup.deleted},
            {"leftovers", r.cleanup.leftovers}}},
          {"aborted", r.aborted},
          {"fatal", r.fatal},
          {"per_second", timeline}};
}

void write_junit(const LoadResult& r, std::ostream& out) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  const auto checks = thresholds(r);
  int failures = 0, skipped = 0;
  for (const auto& t : checks) {
    failures += t.status == Status::failed ? 1 : 0;
    skipped += t.status == Status::not_measured || t.status == Status::not_applicable ? 1 : 0;
  }
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "scimcheck load";
  suites.append_attribute("tests") = static_cast<int>(checks.size());
  suites.append_attribute("failures") = failures;
  suites.append_attribute("errors") = 0;
  suites.append_attribute("skipped") = skipped;
  suites.append_attribute("time") = fixed(r.wall_ms / 1000.0, 3).c_str();
  auto suite = suites.append_child("testsuite");
  suite.append_attribute("name") = ("load." + r.profile).c_str();
  suite.append_attribute("tests") = static_cast<int>(checks.size());
  suite.append_attribute("failures") = failures;
  suite.append_attribute("errors") = 0;
  suite.append_attribute("skipped") = skipped;
  suite.append_attribute("time") = fixed(r.wall_ms / 1000.0, 3).c_str();
  for (const auto& t : checks) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") = ("load." + r.profile).c_str();
    tc.append_attribute("name") = (t.id + ": " + t.title).c_str();
    tc.append_attribute("time") = "0";
    const std::string text = "expected " + t.expected + ", got " + t.actual;
    if (t.status == Status::failed) {
      auto f = tc.append_child("failure");
      f.append_attribute("message") = text.c_str();
      f.append_attribute("type") = "threshold";
      f.append_child(pugi::node_pcdata).set_value(text.c_str());
    } else if (t.status == Status::passed) {
      tc.append_child("system-out").append_child(pugi::node_pcdata).set_value(text.c_str());
    } else {
      const std::string why = std::string(to_string(t.status)) + ": " + t.actual;
      tc.append_child("skipped").append_attribute("message") = why.c_str();
    }
  }
  doc.save(out, "  ");
}

void write_summary(const LoadResult& r, std::ostream& out) {
  out << "load: " << r.profile << ", " << r.users_created << " users created ("
      << r.users_updated << " updated, " << r.users_disabled << " disabled)";
  if (r.groups_enabled)
    out << ", " << r.groups_created << " groups, " << r.memberships << " memberships";
  out << "; deleted " << r.users_deleted << " users, " << r.groups_deleted << " groups\n";
  out << "requests: " << r.requests << " in " << fixed(r.wall_ms / 1000.0, 2) << " s, "
      << r.successes << " answered as expected = " << fixed(r.throughput) << " answers/s";
  if (r.lowest_10s_rate)
    out << " (slowest " << kRateWindowS << " s: " << fixed(*r.lowest_10s_rate) << ")";
  if (r.steady_throughput > 0) out << "; GET-by-id phase " << fixed(r.steady_throughput) << "/s";
  out << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%-14s %9s %8s %9s %9s %9s %9s\n", "operation", "count",
                "errors", "p50 ms", "p95 ms", "p99 ms", "max ms");
  out << line;
  auto row = [&](const std::string& name, const Histogram& h, std::uint64_t errors) {
    std::snprintf(line, sizeof line, "%-14s %9llu %8llu %9.2f %9.2f %9.2f %9.2f\n", name.c_str(),
                  static_cast<unsigned long long>(h.count()),
                  static_cast<unsigned long long>(errors), h.quantile_ms(0.5),
                  h.quantile_ms(0.95), h.quantile_ms(0.99), h.max_ms());
    out << line;
  };
  std::uint64_t errors = 0;
  for (const auto& op : r.operations) {
    row(op.name, op.latency, op.errors);
    errors += op.errors;
  }
  row("all", r.overall, errors);
  for (const auto& [key, count] : r.errors) out << "error: " << key << " x" << count << "\n";
  if (!r.fatal.empty()) out << "stopped: " << r.fatal << "\n";
  for (const auto& leftover : r.cleanup.leftovers) out << "leftover: " << leftover << "\n";
  out << "initial cycle: " << cycle_sentence(estimate_initial_cycle(r)) << "\n";
  for (const auto& t : thresholds(r))
    out << status_label(t.status) << " " << t.id << ": " << t.title << " (" << t.actual << ")\n";
}

}  // namespace scimcheck::loadtest
