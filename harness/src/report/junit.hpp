#pragma once
/// JUnit XML (pugixml): <testsuites> per run, a <testsuite> per suite (area), a <testcase>
/// per check with classname "<profile>.<suite>", properties requirement/level/capability,
/// <failure> (failed, and warning under --strict) with expected vs actual and the redacted
/// exchange, <error> for errored, <skipped message=reason>. Counts and times consistent.
#include <ostream>

#include "result/model.hpp"

namespace scimcheck::report {

void write_junit(const result::RunResult& run, std::ostream& out);

}  // namespace scimcheck::report
