#pragma once
/// Checks of the commands' options (numbers, defect names), shared so that each rule and its
/// message live in one place. An option that fails one is a bad invocation: the command exits
/// 2 and names the option, the rule and the value given. Every number check refuses nan and
/// infinity.
#include <CLI/CLI.hpp>

namespace scimcheck::app {

/// Longest per-request timeout accepted, in seconds (ten times Entra's 60 s limit).
inline constexpr double kMaxTimeoutSeconds = 600;

/// A per-request timeout: seconds above 0 and at most kMaxTimeoutSeconds.
CLI::Validator timeout_seconds();
/// A finite number above 0 (--max-response-ms).
CLI::Validator positive_number();
/// A finite number, 0 or more (--rate, --max-retry-wait, --duration).
CLI::Validator non_negative_number();
/// A finite number from low to high, both included (shares, ports).
CLI::Validator number_between(double low, double high);
/// The name of a reference-server defect (`serve --list-defects`); a mistyped one is refused
/// while the options are read, before anything starts.
CLI::Validator defect_name();

}  // namespace scimcheck::app
