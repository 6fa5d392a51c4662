#pragma once
/// Options of `run`, `load`, `list` and `cleanup`, made of the shared groups of
/// app/option_groups.hpp, and the functions that register each command with them (so that a
/// command line can be parsed without running anything).
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "app/option_groups.hpp"
#include "loadtest/workload.hpp"

namespace scimcheck::app {

struct RunOptions {
  TargetOptions target;
  SelectionOptions selection;
  AuthOptions auth;
  TlsOptions tls;
  NetworkOptions network;
  PacingOptions pacing;
  OutputOptions output;
  bool strict = false;
  bool verbose = false;  ///< console: every request, failing exchanges, known failures' details
  bool quiet = false;    ///< console: only failures, errors, warnings and the summary
  bool show_skipped = false;  ///< console: one line per skipped check, not per reason
  bool fail_fast = false;     ///< no new check after the first failure (--fail-fast)
  double max_response_ms = 60000;
  int jobs = 4;
  std::vector<std::string> formats{"junit", "html"};  ///< see app/reports.hpp
  std::string baseline;  ///< known failures file (--baseline), "" for none
  /// The gallery-readiness section (report/readiness.hpp) and its TLS probe; always on with
  /// the gallery profile.
  bool gallery_readiness = false;
  // The embedded reference server (no --url).
  std::vector<std::string> server_defects;
  int server_slow_ms = 1500;
};

/// `load`: the run's target, credentials, TLS, network, pacing and output (`run` holds what
/// the session reads; the other fields keep their defaults), and the workload.
struct LoadCommandOptions {
  RunOptions run;
  loadtest::LoadOptions load;
};

/// `list`: the profile and the selection of checks.
struct ListOptions {
  RunOptions run;
  bool json = false;
};

/// `cleanup`: the ledger, the tenant it names (or --url), and how to reach it.
struct CleanupOptions {
  std::string ledger;
  std::string url;
  std::string auth = "bearer";
  AuthOptions credentials;
  TlsOptions tls;
  NetworkOptions network;
};

/// Each registers its command on `root`, parsing into `options` (which must outlive root).
CLI::App* define_run_command(CLI::App& root, RunOptions& options);
CLI::App* define_load_command(CLI::App& root, LoadCommandOptions& options);
CLI::App* define_list_command(CLI::App& root, ListOptions& options);
CLI::App* define_cleanup_command(CLI::App& root, CleanupOptions& options);

}  // namespace scimcheck::app
