#pragma once
/// Options of `scimcheck run`, shared by the command-line parser and the run itself.
#include <string>
#include <vector>

#include "app/header_options.hpp"

namespace scimcheck::app {

struct RunOptions {
  std::string profile;
  std::string url;  ///< empty: the embedded reference server
  std::vector<std::string> suites;      ///< --suite: instead of the profile's suites
  std::vector<std::string> add_suites;  ///< --add-suite: after the profile's (or --suite's)
  std::vector<std::string> only, skip;
  std::vector<std::string> vars;  ///< NAME=VALUE
  std::string out = "reports";
  std::string ledger;  ///< default: <out>/ledger.jsonl
  std::string entra_mode;  ///< "", "flag-off", "flag-on", "both"
  std::vector<std::string> capabilities;  ///< added to the profile's (--capability)
  bool strict = false;
  bool verbose = false;  ///< console: every request, failing exchanges, known failures' details
  bool quiet = false;    ///< console: only failures, errors, warnings and the summary
  bool show_skipped = false;  ///< console: one line per skipped check, not per reason
  std::string token_env = "SCIM_TOKEN";
  std::string token_file;
  std::string cacert;
  bool insecure = false;
  NetworkOptions network;  ///< --header, --header-env, --proxy
  bool fail_fast = false;                ///< no new check after the first failure (--fail-fast)
  double timeout_s = 60;
  double max_response_ms = 60000;
  int jobs = 4;
  // Pacing and throttling (http/pacing.hpp), for every request of the run.
  double rate = 0;  ///< requests per second across all jobs; 0: unlimited
  int max_retries = 5;            ///< resends of one request refused with 429/503
  double max_retry_wait_s = 120;  ///< total Retry-After wait for one request
  std::vector<std::string> formats{"junit", "html"};  ///< see app/reports.hpp
  std::string baseline;  ///< known failures file (--baseline), "" for none
  /// The gallery-readiness section (report/readiness.hpp) and its TLS probe; always on with
  /// the gallery profile.
  bool gallery_readiness = false;
  // The embedded reference server (no --url).
  std::vector<std::string> server_defects;
  int server_slow_ms = 1500;
};

}  // namespace scimcheck::app
