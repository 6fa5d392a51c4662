#include "report/checklist.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace scimcheck::report {

using result::CaseResult;
using result::Outcome;

namespace {

struct Known {
  const char* capability;
  const char* label;
};

constexpr std::array<Known, 9> kRows{{
    {"connection", "Test connection (reach the endpoint, accept the token)"},
    {"create-users", "Create users"},
    {"remove-users", "Remove (deprovision) users"},
    {"sync-attributes", "Keep user attributes in sync"},
    {"provision-groups", "Provision groups"},
    {"memberships", "Group memberships"},
    {"discovery", "Schema discovery"},
    {"errors", "Error responses"},
    {"protocol", "SCIM protocol rules"},
}};

RowStatus status_of(const ChecklistRow& row, bool strict) {
  bool failing = false, caveat = false, ran = false;
  for (const CaseResult* kase : row.cases) {
    if (kase->outcome == Outcome::skipped) continue;
    ran = true;
    if (rfc_only(*kase)) continue;
    if (result::is_known_failure(*kase)) {
      caveat = true;
    } else if (kase->outcome == Outcome::failed || kase->outcome == Outcome::errored ||
               (strict && kase->outcome == Outcome::warning)) {
      failing = true;
    } else if (kase->outcome == Outcome::warning || kase->outcome == Outcome::blocked) {
      caveat = true;  // a blocked check proved nothing about this capability
    }
  }
  if (failing) return RowStatus::fail;
  if (caveat) return RowStatus::warn;
  return ran ? RowStatus::pass : RowStatus::untested;
}

}  // namespace

const char* to_string(RowStatus status) {
  switch (status) {
    case RowStatus::pass:
      return "pass";
    case RowStatus::fail:
      return "fail";
    case RowStatus::warn:
      return "warn";
    case RowStatus::untested:
      return "untested";
  }
  return "untested";
}

std::vector<ChecklistRow> checklist(const result::RunResult& run) {
  std::vector<ChecklistRow> rows;
  for (const auto& known : kRows) rows.push_back({known.capability, known.label, {}, {}, {}});
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (kase.capability.empty()) continue;
      auto it = std::find_if(rows.begin(), rows.end(), [&](const ChecklistRow& r) {
        return r.capability == kase.capability;
      });
      if (it == rows.end()) {
        rows.push_back({kase.capability, kase.capability, {}, {}, {}});
        it = rows.end() - 1;
      }
      it->cases.push_back(&kase);
      result::count(it->totals, kase);
    }
  }
  std::vector<ChecklistRow> out;
  for (auto& row : rows) {
    if (row.cases.empty()) continue;
    row.status = status_of(row, run.strict);
    out.push_back(std::move(row));
  }
  return out;
}

bool rfc_only(const CaseResult& kase) {
  if (kase.impact == suite::Impact::rfc) return true;
  bool any = false;
  for (const auto& step : kase.steps)
    for (const auto& check : step.checks) {
      if (check.outcome != Outcome::failed && check.outcome != Outcome::warning) continue;
      if (check.impact != suite::Impact::rfc) return false;
      any = true;
    }
  return any;
}

std::vector<const CaseResult*> rfc_findings(const result::RunResult& run) {
  std::vector<const CaseResult*> out;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      if (kase.outcome != Outcome::passed && kase.outcome != Outcome::skipped && rfc_only(kase))
        out.push_back(&kase);
  return out;
}

std::string finding_grade(const CaseResult& kase) {
  for (const auto& step : kase.steps)
    for (const auto& check : step.checks)
      if (check.outcome == Outcome::failed || check.outcome == Outcome::warning)
        return std::string(suite::to_string(check.level)) + ", rfc";
  return std::string(suite::to_string(kase.level)) + ", rfc";
}

std::string display_outcome(const CaseResult& kase) {
  if (result::is_known_failure(kase)) return "known";
  return result::to_string(kase.outcome);
}

std::string verdict(const result::RunResult& run) {
  switch (result::exit_code(run)) {
    case 0:
      return "PASSED";
    case 1:
      return "FAILED";
    default:
      return "INCOMPLETE";
  }
}

}  // namespace scimcheck::report
