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

using Cases = std::vector<const CaseResult*>;

RowStatus status_of(const Cases& cases, bool strict) {
  bool failing = false, caveat = false, ran = false;
  for (const CaseResult* kase : cases) {
    if (kase->outcome == Outcome::skipped) continue;
    ran = true;
    if (rfc_only(*kase)) continue;
    if (result::is_known_failure(*kase)) {
      caveat = true;
    } else if (result::fails_run(*kase, strict)) {
      failing = true;
    } else if (kase->outcome == Outcome::warning || kase->outcome == Outcome::blocked) {
      caveat = true;  // a blocked check proved nothing about this capability
    }
  }
  if (failing) return RowStatus::fail;
  if (caveat) return RowStatus::warn;
  return ran ? RowStatus::pass : RowStatus::untested;
}

suite::EntraMode run_mode(const result::RunResult& run) {
  return suite::parse_entra_mode(run.entra_mode).value_or(suite::EntraMode::any);
}

suite::EntraMode other_mode(suite::EntraMode mode) {
  return mode == suite::EntraMode::flag_off ? suite::EntraMode::flag_on : suite::EntraMode::flag_off;
}

/// The per-mode columns of a `both` run's row, or a single-mode row's count of checks
/// skipped for the other mode.
void add_modes(ChecklistRow& row, const result::RunResult& run) {
  if (both_modes(run)) {
    for (const auto mode : {suite::EntraMode::flag_off, suite::EntraMode::flag_on}) {
      ModeColumn column;
      column.mode = mode;
      Cases cases;
      for (const CaseResult* kase : row.cases) {
        if (kase->entra_mode != suite::EntraMode::any && kase->entra_mode != mode) continue;
        cases.push_back(kase);
        result::count(column.totals, *kase);
      }
      column.status = status_of(cases, run.strict);
      row.modes.push_back(column);
    }
    return;
  }
  for (const CaseResult* kase : row.cases) {
    if (!skipped_for_mode(*kase, run)) continue;
    ++row.other_mode_skipped;
    row.other_mode = kase->entra_mode;
  }
}

}  // namespace

bool both_modes(const result::RunResult& run) { return run_mode(run) == suite::EntraMode::both; }

std::string modes_caption(const result::RunResult& run) {
  if (!both_modes(run)) return {};
  return "Both Entra modes ran (--entra-mode both): each mode's column counts the checks common "
         "to both and those of its own request shapes.";
}

bool skipped_for_mode(const CaseResult& kase, const result::RunResult& run) {
  const suite::EntraMode mode = run_mode(run);
  if (kase.outcome != Outcome::skipped || kase.entra_mode == suite::EntraMode::any) return false;
  return (mode == suite::EntraMode::flag_off || mode == suite::EntraMode::flag_on) &&
         kase.entra_mode == other_mode(mode);
}

std::string untested_mode_label(const ChecklistRow& row) {
  if (row.other_mode_skipped == 0) return {};
  return std::string(suite::to_string(row.other_mode)) + " not tested";
}

std::string untested_mode_note(const ChecklistRow& row) {
  if (row.other_mode_skipped == 0) return {};
  const std::string n = std::to_string(row.other_mode_skipped);
  return n + " " + suite::to_string(row.other_mode) +
         (row.other_mode_skipped == 1 ? " check" : " checks") +
         " not run: --entra-mode both runs " + (row.other_mode_skipped == 1 ? "it" : "them");
}

result::Totals mode_totals(const result::RunResult& run, suite::EntraMode mode) {
  result::Totals totals;
  for (const auto& suite : run.suites)
    for (const auto& kase : suite.cases)
      if (kase.entra_mode == mode) result::count(totals, kase);
  return totals;
}

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
  for (const auto& known : kRows) rows.push_back({known.capability, known.label});
  for (const auto& suite : run.suites) {
    for (const auto& kase : suite.cases) {
      if (kase.capability.empty()) continue;
      auto it = std::find_if(rows.begin(), rows.end(), [&](const ChecklistRow& r) {
        return r.capability == kase.capability;
      });
      if (it == rows.end()) {
        rows.push_back({kase.capability, kase.capability});
        it = rows.end() - 1;
      }
      it->cases.push_back(&kase);
      result::count(it->totals, kase);
    }
  }
  std::vector<ChecklistRow> out;
  for (auto& row : rows) {
    if (row.cases.empty()) continue;
    row.status = status_of(row.cases, run.strict);
    add_modes(row, run);
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
