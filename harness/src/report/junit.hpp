#pragma once
/// JUnit XML (pugixml): <testsuites> per run, a <testsuite> per suite (area), a <testcase>
/// per check with classname "<profile>.<suite>", properties requirement/level/capability,
/// <failure> (failed, and warning under --strict) with expected vs actual and the redacted
/// exchange, <error> for errored, <skipped message=reason>. Counts and times consistent.
/// A known failure (baseline) is a <skipped message="known failure: REASON"> with the evidence
/// in <system-out>, so CI does not fail on it; a fixed baseline entry passes with a note in
/// <system-out>; both carry a "baseline" property.
#include <ostream>

#include "result/model.hpp"

namespace scimcheck::report {

void write_junit(const result::RunResult& run, std::ostream& out);

}  // namespace scimcheck::report
