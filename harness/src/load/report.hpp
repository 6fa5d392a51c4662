#pragma once
/// What `scimcheck load` writes: a JSON summary, a JUnit file with the thresholds as test
/// cases, and the console summary.
#include <iosfwd>
#include <nlohmann/json.hpp>

#include "load/workload.hpp"

namespace scimcheck::load {

/// The summary (load.json): options, counts, throughput, latency per operation, errors by
/// status, thresholds, cleanup, and requests per second over time.
nlohmann::json to_json(const LoadResult& result);

/// load-junit.xml: one <testcase> per threshold, failing ones with the measured value.
void write_junit(const LoadResult& result, std::ostream& out);

/// A threshold's status as the console and load.html show it: PASS, FAIL, NOT MEASURED,
/// NOT APPLICABLE.
const char* status_label(Status status);

/// The console summary: counts, throughput, a latency table, errors, thresholds.
void write_summary(const LoadResult& result, std::ostream& out);

}  // namespace scimcheck::load
