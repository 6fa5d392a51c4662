#include "app/reports.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "report/har.hpp"
#include "report/html.hpp"
#include "report/json.hpp"
#include "report/junit.hpp"
#include "report/markdown.hpp"

namespace scimcheck::app {

const std::vector<std::string>& report_formats() {
  static const std::vector<std::string> formats{"junit", "json", "html", "md", "har"};
  return formats;
}

std::string report_file_name(const std::string& format) {
  if (format == "junit") return "junit.xml";
  if (format == "json") return "results.json";
  if (format == "html") return "report.html";
  if (format == "md") return "report.md";
  if (format == "har") return "exchanges.har";
  return "";
}

std::vector<std::string> write_reports(const result::RunResult& run,
                                       const std::vector<std::string>& formats,
                                       const std::filesystem::path& dir,
                                       const std::function<std::string(const std::string&)>& redact,
                                       std::ostream& errors, bool* ok) {
  *ok = true;
  std::vector<std::string> written;
  std::vector<std::string> done;
  for (const auto& format : formats) {
    // --format junit,junit writes the file once
    if (std::find(done.begin(), done.end(), format) != done.end()) continue;
    done.push_back(format);
    std::ostringstream text;
    if (format == "junit")
      report::write_junit(run, text);
    else if (format == "json")
      // to_json escapes malformed UTF-8; `replace` keeps dump() from ever throwing on it.
      text << report::to_json(run).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
    else if (format == "html")
      report::write_html(run, text);
    else if (format == "md")
      report::write_markdown(run, text);
    else if (format == "har")
      report::write_har(run, text);
    else {
      errors << "scimcheck: unknown report format \"" << format << "\"\n";
      *ok = false;
      continue;
    }
    const std::filesystem::path file = dir / report_file_name(format);
    std::ofstream out(file, std::ios::binary);
    out << redact(text.str());
    if (!out) {
      errors << "scimcheck: cannot write " << file.string() << "\n";
      *ok = false;
      continue;
    }
    written.push_back(file.string());
  }
  return written;
}

}  // namespace scimcheck::app
