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

struct ChecklistRow {
  std::string capability;  ///< "create-users"
  std::string label;       ///< "Create users"
  RowStatus status = RowStatus::untested;
  result::Totals totals;                         ///< of the cases below
  std::vector<const result::CaseResult*> cases;  ///< in run order; point into the run
};

/// The rows of a run; the pointers stay valid as long as the run does.
std::vector<ChecklistRow> checklist(const result::RunResult& run);

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
