#pragma once
/// Rendering templates ({{expression | filter}}) against a scope (docs/suite-format.md).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eval/scope.hpp"
#include "suite/model.hpp"

namespace scimcheck::eval {

/// The value of one expression ("alice.userName", "uid", "run.prefix") before filters;
/// nullopt with a message when it names nothing known or nothing is there.
std::optional<Json> lookup(const std::string& root, const std::string& rest, Scope& scope,
                           std::string* error);

/// Renders every string (and object key) of a JSON value. A string that is exactly one
/// template keeps the value's JSON type; inside longer text, values are written as text
/// (strings bare, others as JSON).
std::optional<Json> render(const Json& value, Scope& scope, std::string* error);
std::optional<Json> render(const suite::Template& value, Scope& scope, std::string* error);
/// Renders to text (non-string results written as JSON).
std::optional<std::string> render_text(const std::string& text, Scope& scope, std::string* error);

struct RenderedRequest {
  std::string method;
  /// Every value a template puts in the path is one percent-encoded segment
  /// (http::path_segment): a captured id cannot add segments, a query or a fragment.
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<Json> body;
  bool send_auth = true;
  std::optional<std::string> auth_token;
};

/// Fails (with a message) when a value in the path cannot be one segment: "", "." or "..".
std::optional<RenderedRequest> render_request(const suite::RequestTemplate& request, Scope& scope,
                                              std::string* error);

}  // namespace scimcheck::eval
