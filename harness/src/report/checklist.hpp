#pragma once
/// The certification checklist shared by the HTML and Markdown reports: one row per
/// capability an app's setup tutorial promises (the cases' `capability`), in a fixed order
/// (connection, create-users, remove-users, sync-attributes, provision-groups, memberships,
/// discovery, errors, protocol; any other capability after them, in order of appearance).
/// A row appears only when some case of the run has its capability.
#include <string>
#include <vector>

#include "result/model.hpp"

namespace scimcheck::report {

/// pass: every case that ran passed. fail: a case failed or errored (or warned under
/// --strict) and the baseline does not accept it. warn: only SHOULD/MAY warnings or known
/// failures stand in the way. untested: every case was skipped. RFC-only findings
/// (rfc_only) leave a row's status alone: they are listed by rfc_findings instead.
enum class RowStatus { pass, fail, warn, untested };
const char* to_string(RowStatus status);  ///< "pass", "fail", "warn", "untested"

/// One Entra mode's view of a capability row in a `both` run: the row's checks common to
/// both modes (entra_mode any) and those of the mode.
struct ModeColumn {
  suite::EntraMode mode = suite::EntraMode::flag_off;  ///< flag_off or flag_on
  RowStatus status = RowStatus::untested;
  result::Totals totals;
};

struct ChecklistRow {
  std::string capability;  ///< "create-users"
  std::string label;       ///< "Create users"
  RowStatus status = RowStatus::untested;
  result::Totals totals;                         ///< of the cases below
  std::vector<const result::CaseResult*> cases;  ///< in run order; point into the run
  /// A `both` run: the flag-off column, then the flag-on one; empty in a single-mode run.
  std::vector<ModeColumn> modes;
  /// A single-mode run: the row's checks skipped because they use the other mode (then the
  /// row is only partly tested, whatever its status), and that mode; 0 and any otherwise.
  int other_mode_skipped = 0;
  suite::EntraMode other_mode = suite::EntraMode::any;
};

/// The rows of a run; the pointers stay valid as long as the run does.
std::vector<ChecklistRow> checklist(const result::RunResult& run);

/// The run used both Entra modes (RunResult::entra_mode "both"): the checklist shows a
/// column per mode.
bool both_modes(const result::RunResult& run);

/// What a `both` run's columns count, said under the checklist; empty for a single-mode run.
std::string modes_caption(const result::RunResult& run);

/// The case was skipped because it uses the mode a single-mode run did not (the plan gives
/// that cause first, so every skipped case of the other mode is one).
bool skipped_for_mode(const result::CaseResult& kase, const result::RunResult& run);

/// A single-mode row partly tested: "flag-on not tested"; empty for any other row.
std::string untested_mode_label(const ChecklistRow& row);

/// What completes a partly tested row: "7 flag-on checks not run: --entra-mode both runs
/// them"; empty for any other row.
std::string untested_mode_note(const ChecklistRow& row);

/// The cases of the run that use `mode` only (flag_off or flag_on), counted.
result::Totals mode_totals(const result::RunResult& run, suite::EntraMode mode);

/// The case's problem is RFC conformance only: its impact is `rfc`, or every check that
/// failed or warned carries its own `rfc` impact (e.g. a 401 without WWW-Authenticate in an
/// Entra check whose status was right). Entra works regardless.
bool rfc_only(const result::CaseResult& kase);

/// The cases that failed, warned, errored or were blocked for RFC-only reasons (rfc_only),
/// in run order: the checklist's "RFC conformance findings".
std::vector<const result::CaseResult*> rfc_findings(const result::RunResult& run);

/// The level and impact of an RFC-only finding as the reports show it: "MUST, rfc" (the
/// level of its first failed or warned check, else the case's).
std::string finding_grade(const result::CaseResult& kase);

/// How a case reads on the checklist and in filters: its outcome, or "known" for a failure
/// the baseline accepts.
std::string display_outcome(const result::CaseResult& kase);

/// The run's verdict in one word: "PASSED", "FAILED" or "INCOMPLETE" (errored or aborted),
/// from result::exit_code.
std::string verdict(const result::RunResult& run);

}  // namespace scimcheck::report
