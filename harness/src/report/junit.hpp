#pragma once
/// JUnit XML (pugixml), safe to merge with the JUnit files of other runs and profiles:
/// <testsuites> per run; a <testsuite name="<profile>.<suite>"> per suite (area), each with
/// the run's properties (profile, run_id, target, entra_mode, tool_version, strict,
/// insecure), so no <properties> sits under the root; a <testcase> per check whose name is
/// the check id alone (stable across title edits), classname "scimcheck.<profile>.<suite>",
/// `file` and `line` of the case in its suite (for a case with a problem, the line of its
/// first failed expectation when that is in the same file), and properties title,
/// requirement, level, impact, capability (and mapping, baseline when they apply).
/// <failure> (failed, and warning under --strict) and <error> (errored) carry a message
/// starting with `file:line:col` of the failed expectation, and the evidence: expected vs
/// actual and the redacted exchange. <skipped message=reason>. Counts and times consistent.
/// A known failure (baseline) is a <skipped message="known failure: REASON"> with the evidence
/// in <system-out>, so CI does not fail on it; a fixed baseline entry passes with a note in
/// <system-out>; both carry a "baseline" property. schemas/junit/junit.xsd describes it.
#include <ostream>

#include "result/model.hpp"

namespace scimcheck::report {

void write_junit(const result::RunResult& run, std::ostream& out);

}  // namespace scimcheck::report
