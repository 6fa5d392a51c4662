#include "eval/capture.hpp"

#include "http/json_body.hpp"
#include "scim/path.hpp"

namespace scimcheck::eval {

void apply_captures(const std::vector<suite::Capture>& captures, const http::Exchange& exchange,
                    Scope& scope) {
  std::optional<Json> body;
  for (const auto& c : captures) {
    std::optional<Json> value;
    if (!exchange.error) {
      switch (c.from) {
        case suite::Capture::From::status:
          value = exchange.response.status;
          break;
        case suite::Capture::From::header:
          if (auto h = http::find_header(exchange.response.headers, c.path)) value = *h;
          break;
        case suite::Capture::From::body: {
          if (!body) body = http::parse_body_lenient(exchange.response.body).value_or(Json());
          if (body->is_discarded()) break;
          if (c.path == "$") {
            if (body->is_object()) value = *body;
            break;
          }
          auto parsed = scim::parse_path(c.path);
          if (!parsed) break;
          auto values = scim::select(*body, *parsed.value);
          if (!values.empty()) value = values.front();
          break;
        }
      }
    }
    if (value && !value->is_null())
      scope.captures[c.name] = *value;
    else
      scope.captures.erase(c.name);
  }
}

}  // namespace scimcheck::eval
