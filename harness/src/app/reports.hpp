#pragma once
/// The report files a run (or `scimcheck report`) writes: one per format, each under a fixed
/// name in the output folder. Shared by `run` and `report` so both name and render alike.
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::app {

/// "junit", "json", "html", "md", "har".
const std::vector<std::string>& report_formats();

/// junit.xml, results.json, report.html, report.md, exchanges.har.
std::string report_file_name(const std::string& format);

/// Writes each format to `dir`/report_file_name(format), passing the text through `redact`
/// first. Returns the paths written; every file that could not be written is reported on
/// `errors` and makes `*ok` false.
std::vector<std::string> write_reports(const result::RunResult& run,
                                       const std::vector<std::string>& formats,
                                       const std::filesystem::path& dir,
                                       const std::function<std::string(const std::string&)>& redact,
                                       std::ostream& errors, bool* ok);

}  // namespace scimcheck::app
