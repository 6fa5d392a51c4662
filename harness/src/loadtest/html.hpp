#pragma once
/// load.html: the load run as one self-contained page (inline CSS and SVG, no script, no
/// external address): the verdict and the gallery thresholds, throughput, latency over time
/// (p50, p95 and the slowest request of each second, on a log scale, above the requests and
/// errors of each second), the estimate of Entra's initial cycle, a latency histogram per
/// operation, and the errors by status. Tables and charts scroll in their own boxes on a
/// narrow screen, and chart labels stay at 11 px or more.
/// The page depends only on the LoadResult: the same result gives the same bytes.
#include <iosfwd>

#include "loadtest/workload.hpp"

namespace scimcheck::loadtest {

void write_html(const LoadResult& result, std::ostream& out);

}  // namespace scimcheck::loadtest
