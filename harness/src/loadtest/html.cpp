#include "loadtest/html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "loadtest/report.hpp"
#include "report/html.hpp"

namespace scimcheck::loadtest {
namespace {

using report::html_escape;

std::string num(double v, int digits = 1) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

/// A latency in ms as a short axis label: 0.1 ms, 1 ms, 10 ms, 1 s, 10 s.
std::string ms_label(double ms) {
  if (ms >= 1000) return num(ms / 1000, ms >= 10000 ? 0 : 1) + " s";
  if (ms >= 1) return num(ms, 0) + " ms";
  return num(ms, ms >= 0.1 ? 1 : 2) + " ms";
}

constexpr const char* kStyle = R"(
:root{--pass:#1a7f37;--fail:#cf222e;--p50:#0969da;--p95:#bc4c00;--max:#6e7781;--bar:#8c959f;--ink:#1f2328;--line:#d0d7de}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0 auto;max-width:1000px;padding:16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}h3{font-size:14px;margin:16px 0 4px}
.meta{color:#57606a}.verdict{display:inline-block;color:#fff;font-weight:700;padding:2px 10px;border-radius:4px}
.v-pass{background:var(--pass)}.v-fail{background:var(--fail)}
table{border-collapse:collapse;width:100%;margin:4px 0}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.pass{color:var(--pass);font-weight:700}.fail{color:var(--fail);font-weight:700}.skip{color:#777;font-weight:700}
.scroll{overflow-x:auto;max-width:100%}p,h1,li{overflow-wrap:anywhere}td.n,th.n{white-space:nowrap}
svg{display:block;width:100%;height:auto}svg text{font:14px system-ui,sans-serif;fill:#57606a}
@media (max-width:800px){.chart svg{min-width:480px}svg text{font-size:22px}}
.grid{stroke:var(--line);stroke-width:1}.axis{stroke:#8c959f;stroke-width:1}
.l-p50{stroke:var(--p50);fill:none;stroke-width:1.5}.l-p95{stroke:var(--p95);fill:none;stroke-width:1.5}
.l-max{stroke:var(--max);fill:none;stroke-width:1;stroke-dasharray:3 2}
.b-req{fill:var(--bar)}.b-err{fill:var(--fail)}.b-hist{fill:#a8c8f0}
.k-p50,.k-p95,.k-p99{stroke-width:2}.k-p50{stroke:var(--p50)}.k-p95{stroke:var(--p95)}.k-p99{stroke:var(--fail)}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
@media print{body{max-width:none}}
)";

/// Charts are drawn on a 960-unit wide canvas scaled to the page: labels are 14 units (at least
/// 11 px down to a 768 px wide chart) and, on narrow screens, 22 units on a chart at least 480 px
/// wide that scrolls in its own box (at least 11 px). Tables scroll in their own box too.
constexpr double kChartWidth = 960, kChartLeft = 100;

/// Log-scale mapping of latency onto [bottom, top] pixels, decade-aligned.
struct LogAxis {
  double lo_ms = 0.1, hi_ms = 1000;
  double top = 0, bottom = 0;
  double y(double ms) const {
    const double v = std::clamp(ms, lo_ms, hi_ms);
    const double f = (std::log10(v) - std::log10(lo_ms)) / (std::log10(hi_ms) - std::log10(lo_ms));
    return bottom - f * (bottom - top);
  }
};

LogAxis decade_axis(double smallest, double largest, double top, double bottom) {
  LogAxis a;
  a.top = top;
  a.bottom = bottom;
  a.lo_ms = std::pow(10.0, std::floor(std::log10(std::max(smallest, 0.01))));
  a.hi_ms = std::pow(10.0, std::ceil(std::log10(std::max(largest, a.lo_ms * 10))));
  if (a.hi_ms <= a.lo_ms) a.hi_ms = a.lo_ms * 10;
  return a;
}

/// Tick step (in seconds) so that a run of `n` seconds gets at most about ten labels.
std::size_t tick_step(std::size_t n) {
  for (std::size_t step : {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600})
    if (n / step <= 10) return step;
  return n / 10 + 1;
}

void timeline_svg(const LoadResult& r, std::ostream& out) {
  const auto& t = r.timeline;
  const std::size_t n = t.size();
  constexpr double W = kChartWidth, left = kChartLeft, right = 12, lat_top = 16,
                   lat_bottom = 232, req_top = 262, req_bottom = 352, H = 384;
  const double plot_w = W - left - right;
  double smallest = 1e18, largest = 0;
  std::uint32_t most = 0;
  for (const auto& s : t) {
    if (s.latency.count() > 0) {
      smallest = std::min(smallest, s.latency.quantile_ms(0.5, s.max_ms));
      largest = std::max(largest, s.max_ms);
    }
    most = std::max(most, s.requests);
  }
  if (largest == 0) smallest = 1, largest = 10;
  const LogAxis axis = decade_axis(smallest, largest, lat_top, lat_bottom);
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  auto x = [&](std::size_t i) { return left + (static_cast<double>(i) + 0.5) * slot; };

  out << "<div class=\"scroll chart\"><svg id=\"timeline\" viewBox=\"0 0 " << num(W, 0) << ' ' << num(H, 0)
      << "\" role=\"img\" aria-labelledby=\"timeline-title\">\n"
      << "<title id=\"timeline-title\">Latency per second (p50, p95, slowest; log scale) and "
         "requests and errors per second over "
      << n << " s</title>\n";
  // Latency panel: decade grid lines.
  for (double d = axis.lo_ms; d <= axis.hi_ms * 1.0001; d *= 10) {
    const double y = axis.y(d);
    out << "<line class=\"grid\" x1=\"" << num(left, 0) << "\" x2=\"" << num(W - right, 0)
        << "\" y1=\"" << num(y) << "\" y2=\"" << num(y) << "\"/><text x=\"" << num(left - 6, 0)
        << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\">" << ms_label(d) << "</text>\n";
  }
  auto polyline = [&](const char* cls, auto value) {
    out << "<polyline class=\"" << cls << "\" points=\"";
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
      if (t[i].latency.count() == 0) continue;
      out << (first ? "" : " ") << num(x(i)) << ',' << num(axis.y(value(t[i])));
      first = false;
    }
    out << "\"/>\n";
  };
  polyline("l-max", [](const Second& s) { return s.max_ms; });
  polyline("l-p95", [](const Second& s) { return s.latency.quantile_ms(0.95, s.max_ms); });
  polyline("l-p50", [](const Second& s) { return s.latency.quantile_ms(0.50, s.max_ms); });
  // Requests panel: one bar a second, errors in red on top of it.
  const double bar_h = req_bottom - req_top;
  out << "<line class=\"axis\" x1=\"" << num(left, 0) << "\" x2=\"" << num(W - right, 0)
      << "\" y1=\"" << num(req_bottom, 0) << "\" y2=\"" << num(req_bottom, 0) << "\"/>\n"
      << "<text x=\"" << num(left - 6, 0) << "\" y=\"" << num(req_top + 4, 0)
      << "\" text-anchor=\"end\">" << most << "/s</text>\n"
      << "<text x=\"" << num(left - 6, 0) << "\" y=\"" << num(req_bottom, 0)
      << "\" text-anchor=\"end\">0</text>\n";
  for (std::size_t i = 0; i < n; ++i) {
    if (t[i].requests == 0) continue;
    const double h = most ? bar_h * t[i].requests / most : 0;
    const double w = std::max(slot * 0.8, 0.5);
    out << "<rect class=\"b-req\" data-second=\"" << i << "\" data-requests=\"" << t[i].requests
        << "\" x=\"" << num(x(i) - w / 2) << "\" y=\"" << num(req_bottom - h) << "\" width=\""
        << num(w) << "\" height=\"" << num(h) << "\"/>\n";
    if (t[i].errors > 0) {
      const double e = most ? bar_h * t[i].errors / most : 0;
      out << "<rect class=\"b-err\" data-second=\"" << i << "\" x=\"" << num(x(i) - w / 2)
          << "\" y=\"" << num(req_bottom - std::max(e, 1.0)) << "\" width=\"" << num(w)
          << "\" height=\"" << num(std::max(e, 1.0)) << "\"/>\n";
    }
  }
  // Time axis, in seconds since the start.
  const std::size_t step = tick_step(n);
  for (std::size_t i = 0; i <= n; i += step)
    out << "<text x=\"" << num(left + static_cast<double>(i) * slot) << "\" y=\""
        << num(req_bottom + 24, 0) << "\" text-anchor=\"middle\">" << i << " s</text>\n";
  out << "</svg></div>\n";
}

/// The operation's latency histogram: the fine buckets grouped by 12 (each group about 27%
/// wide), over the range that holds samples, with p50, p95 and p99 marked.
void histogram_svg(const OperationSummary& op, std::size_t index, std::ostream& out) {
  constexpr int kGroup = 12;
  constexpr int kGroups = (Histogram::kBuckets + kGroup - 1) / kGroup;
  std::vector<std::uint64_t> groups(kGroups, 0);
  const auto& buckets = op.latency.buckets();
  for (int i = 0; i < Histogram::kBuckets; ++i) groups[i / kGroup] += buckets[i];
  int first = kGroups, last = -1;
  for (int g = 0; g < kGroups; ++g)
    if (groups[g] > 0) first = std::min(first, g), last = g;
  if (last < 0) return;
  first = std::max(0, first - 1);
  last = std::min(kGroups - 1, last + 1);
  const std::uint64_t tallest = *std::max_element(groups.begin(), groups.end());
  constexpr double W = kChartWidth, H = 156, left = kChartLeft, right = 12, top = 14, bottom = 120;
  const int shown = last - first + 1;
  const double slot = (W - left - right) / shown;
  auto edge_ms = [](int g) { return Histogram::bucket_low_ms(g * kGroup); };
  // x of a latency: position within its group's slot, on the log scale of the groups.
  auto x_of = [&](double ms) {
    const double lo = std::max(edge_ms(first), 1e-3);
    const double hi = edge_ms(last + 1);
    const double f = (std::log(std::max(ms, lo)) - std::log(lo)) / (std::log(hi) - std::log(lo));
    return left + std::clamp(f, 0.0, 1.0) * (W - left - right);
  };
  out << "<div class=\"scroll chart\"><svg class=\"histogram\" id=\"hist-" << index << "\" viewBox=\"0 0 " << num(W, 0) << ' '
      << num(H, 0) << "\" role=\"img\" aria-labelledby=\"hist-" << index << "-title\">\n"
      << "<title id=\"hist-" << index << "-title\">Latency histogram of " << html_escape(op.name)
      << ": " << op.latency.count() << " requests</title>\n";
  for (int g = first; g <= last; ++g) {
    const double h = tallest ? (bottom - top) * static_cast<double>(groups[g]) / tallest : 0;
    if (groups[g] == 0) continue;
    out << "<rect class=\"b-hist\" data-count=\"" << groups[g] << "\" data-from-ms=\""
        << num(edge_ms(g), 3) << "\" x=\"" << num(left + (g - first) * slot + 0.5) << "\" y=\""
        << num(bottom - h) << "\" width=\"" << num(std::max(slot - 1, 0.5)) << "\" height=\""
        << num(h) << "\"><title>" << ms_label(edge_ms(g)) << " to " << ms_label(edge_ms(g + 1))
        << ": " << groups[g] << "</title></rect>\n";
  }
  out << "<line class=\"axis\" x1=\"" << num(left, 0) << "\" x2=\"" << num(W - right, 0)
      << "\" y1=\"" << num(bottom, 0) << "\" y2=\"" << num(bottom, 0) << "\"/>\n";
  // Decade labels along the x axis.
  for (double d = 1e-3; d <= 3.6e6; d *= 10) {
    if (d < edge_ms(first) || d > edge_ms(last + 1)) continue;
    out << "<text x=\"" << num(x_of(d)) << "\" y=\"" << num(bottom + 24, 0)
        << "\" text-anchor=\"middle\">" << ms_label(d) << "</text>\n";
  }
  for (auto [q, cls] : {std::pair{0.50, "k-p50"}, {0.95, "k-p95"}, {0.99, "k-p99"}}) {
    const double xq = x_of(op.latency.quantile_ms(q));
    out << "<line class=\"" << cls << "\" x1=\"" << num(xq) << "\" x2=\"" << num(xq) << "\" y1=\""
        << num(top, 0) << "\" y2=\"" << num(bottom, 0) << "\"/>\n";
  }
  out << "<text x=\"" << num(left - 6, 0) << "\" y=\"" << num(top + 8, 0)
      << "\" text-anchor=\"end\">" << tallest << "</text>\n</svg></div>\n";
}

void write_header(const LoadResult& r, bool passed, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>scimcheck load: " << html_escape(r.profile) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n";
  out << "<h1>scimcheck load: " << html_escape(r.profile) << " <span class=\"verdict "
      << (passed ? "v-pass\">PASSED" : "v-fail\">FAILED") << "</span></h1>\n"
      << "<p class=\"meta\">target " << html_escape(r.target) << " &middot; run "
      << html_escape(r.run_id) << " &middot; " << r.options.users << " users";
  if (r.groups_enabled)
    out << ", " << r.options.groups << " groups x " << r.options.members << " members";
  out << " &middot; concurrency " << r.options.concurrency;
  if (r.options.duration_s > 0) out << " &middot; reads for " << num(r.options.duration_s) << " s";
  out << "</p>\n";
  if (r.aborted) out << "<p class=\"fail\">The run was interrupted.</p>\n";
  if (!r.fatal.empty()) out << "<p class=\"fail\">Stopped early: " << html_escape(r.fatal) << "</p>\n";
}

void write_thresholds(const std::vector<Threshold>& checks, std::ostream& out) {
  out << "<h2>Thresholds</h2>\n<div class=\"scroll\"><table id=\"thresholds\">\n<tr><th>check</th><th>result</th>"
         "<th>expected</th><th>measured</th></tr>\n";
  for (const auto& t : checks)
    out << "<tr><td>" << html_escape(t.title) << "<br><span class=\"meta\">" << html_escape(t.id)
        << "</span></td><td class=\""
        << (t.status == Status::passed ? "pass" : t.status == Status::failed ? "fail" : "skip")
        << "\">" << status_label(t.status) << "</td><td>"
        << html_escape(t.expected) << "</td><td>" << html_escape(t.actual) << "</td></tr>\n";
  out << "</table></div>\n";
}

void write_throughput(const LoadResult& r, std::ostream& out) {
  out << "<h2>Throughput</h2>\n<div class=\"scroll\"><table id=\"throughput\">\n"
      << "<tr><td>requests</td><td class=\"n\">" << r.requests << "</td></tr>\n"
      << "<tr><td>wall time</td><td class=\"n\">" << num(r.wall_ms / 1000, 2) << " s</td></tr>\n"
      << "<tr><td>answered as expected</td><td class=\"n\">" << r.successes << "</td></tr>\n"
      << "<tr><td>successful answers/s, whole run</td><td class=\"n\">" << num(r.throughput)
      << "</td></tr>\n<tr><td>successful answers/s, slowest " << kRateWindowS
      << " s</td><td class=\"n\">"
      << (r.lowest_10s_rate ? num(*r.lowest_10s_rate) : std::string("not measured (shorter run)"))
      << "</td></tr>\n";
  if (r.steady_throughput > 0)
    out << "<tr><td>successful answers/s, reads by id</td><td class=\"n\">" << num(r.steady_throughput)
        << "</td></tr>\n";
  out << "<tr><td>created / deleted</td><td class=\"n\">" << r.users_created << " users, "
      << r.groups_created << " groups / " << r.users_deleted << " users, " << r.groups_deleted
      << " groups</td></tr>\n</table></div>\n";
  const CycleEstimate cycle = estimate_initial_cycle(r);
  out << "<h2>Entra's initial cycle</h2>\n<p id=\"initial-cycle\" data-bottleneck=\""
      << (!cycle.measured ? "" : cycle.endpoint_is_bottleneck ? "endpoint" : "entra") << "\">"
      << html_escape(cycle_sentence(cycle)) << "</p>\n";
}

void write_timeline(const LoadResult& r, std::ostream& out) {
  out << "<h2>Latency over time</h2>\n<p class=\"legend\">"
         "<span><i class=\"sw\" style=\"background:var(--p50)\"></i>p50</span>"
         "<span><i class=\"sw\" style=\"background:var(--p95)\"></i>p95</span>"
         "<span><i class=\"sw\" style=\"background:var(--max)\"></i>slowest</span>"
         "<span><i class=\"sw\" style=\"background:var(--bar)\"></i>requests/s</span>"
         "<span><i class=\"sw\" style=\"background:var(--fail)\"></i>errors/s</span></p>\n";
  timeline_svg(r, out);
  out << "<p class=\"meta\">Per-second percentiles come from coarse buckets (within 40%); the "
         "tables below are exact to 2%.</p>\n";
}

void write_operations(const LoadResult& r, std::ostream& out) {
  out << "<h2>Latency by operation</h2>\n<div class=\"scroll\"><table id=\"operations\">\n<tr><th>operation</th>"
         "<th class=\"n\">count</th><th class=\"n\">errors</th><th class=\"n\">p50 ms</th>"
         "<th class=\"n\">p95 ms</th><th class=\"n\">p99 ms</th><th class=\"n\">max ms</th></tr>\n";
  auto row = [&](const std::string& name, const Histogram& h, std::uint64_t errors) {
    out << "<tr><td>" << html_escape(name) << "</td><td class=\"n\">" << h.count()
        << "</td><td class=\"n\">" << errors << "</td><td class=\"n\">" << num(h.quantile_ms(0.5), 2)
        << "</td><td class=\"n\">" << num(h.quantile_ms(0.95), 2) << "</td><td class=\"n\">"
        << num(h.quantile_ms(0.99), 2) << "</td><td class=\"n\">" << num(h.max_ms(), 2)
        << "</td></tr>\n";
  };
  std::uint64_t errors = 0;
  for (const auto& op : r.operations) {
    row(op.name, op.latency, op.errors);
    errors += op.errors;
  }
  row("all", r.overall, errors);
  out << "</table></div>\n<p class=\"legend\">"
         "<span><i class=\"sw\" style=\"background:var(--p50)\"></i>p50</span>"
         "<span><i class=\"sw\" style=\"background:var(--p95)\"></i>p95</span>"
         "<span><i class=\"sw\" style=\"background:var(--fail)\"></i>p99</span></p>\n";
  for (std::size_t i = 0; i < r.operations.size(); ++i) {
    out << "<h3>" << html_escape(r.operations[i].name) << "</h3>\n";
    histogram_svg(r.operations[i], i, out);
  }
}

void write_errors_and_cleanup(const LoadResult& r, std::ostream& out) {
  out << "<h2>Errors</h2>\n";
  if (r.errors.empty()) {
    out << "<p id=\"errors\">No unexpected answer.</p>\n";
  } else {
    out << "<div class=\"scroll\"><table id=\"errors\">\n<tr><th>operation and answer</th><th class=\"n\">count</th></tr>\n";
    for (const auto& [key, count] : r.errors)
      out << "<tr><td>" << html_escape(key) << "</td><td class=\"n\">" << count << "</td></tr>\n";
    out << "</table></div>\n";
  }
  out << "<h2>Cleanup</h2>\n<p id=\"cleanup\">" << r.cleanup.created << " created, "
      << r.cleanup.deleted << " deleted";
  if (r.cleanup.leftovers.empty()) {
    out << ", nothing left behind.</p>\n";
  } else {
    out << "; left behind:</p>\n<ul>\n";
    for (const auto& l : r.cleanup.leftovers) out << "<li>" << html_escape(l) << "</li>\n";
    out << "</ul>\n";
  }
}

}  // namespace

void write_html(const LoadResult& r, std::ostream& out) {
  const auto checks = thresholds(r);
  write_header(r, !any_failed(checks), out);
  write_thresholds(checks, out);
  write_throughput(r, out);
  write_timeline(r, out);
  write_operations(r, out);
  write_errors_and_cleanup(r, out);
  out << "</body>\n</html>\n";
}

}  // namespace scimcheck::loadtest
