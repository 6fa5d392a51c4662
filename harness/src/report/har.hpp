#pragma once
/// The run's exchanges as an HTTP Archive (HAR 1.2), which browsers' developer tools and
/// debugging proxies open. Built from the result model, so every value is as masked as the
/// other reports.
#include <nlohmann/json.hpp>
#include <ostream>

#include "result/model.hpp"

namespace scimcheck::report {

/// {"log": {...}} with one entry per exchange of the run, in the order the results list
/// them (suite, case, step), each with a comment naming its check and step. An exchange with
/// no start time (from an older results.json) starts at the run's start.
nlohmann::json to_har(const result::RunResult& run);

/// to_har, indented, with malformed UTF-8 replaced so that writing never throws.
void write_har(const result::RunResult& run, std::ostream& out);

}  // namespace scimcheck::report
