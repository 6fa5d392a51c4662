#include "load/report.hpp"

#include <cstdio>
#include <ostream>
#include <pugixml.hpp>
#include <sstream>

namespace scimcheck::load {

namespace {

using nlohmann::json;

double round2(double v) { return static_cast<double>(static_cast<long long>(v * 100 + 0.5)) / 100; }

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

}  // namespace

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
  for (const auto& t : thresholds(r))
    out << status_label(t.status) << " " << t.id << ": " << t.title << " (" << t.actual << ")\n";
}

}  // namespace scimcheck::load
