#include "run/ownership.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>

#include "http/json_body.hpp"
#include "http/url.hpp"

namespace scimcheck::run {
namespace {

using suite::Json;

/// Longest server value quoted in a detail.
constexpr std::size_t kMaxShown = 200;

}  // namespace

Json parse_bounded(std::string_view body, int max_depth) {
  return http::parse_body_lenient(body, max_depth).value_or(Json(Json::value_t::discarded));
}

std::string collection_of(const std::string& segment) {
  const std::string lower = source::fold_case(segment);
  return lower == "users" ? "/Users" : lower == "groups" ? "/Groups" : std::string();
}

std::optional<std::string> id_text(const Json& id) {
  if (id.is_string()) {
    const auto& s = id.get_ref<const std::string&>();
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  }
  if (id.is_number_unsigned()) return std::to_string(id.get<std::uint64_t>());
  if (id.is_number_integer()) return std::to_string(id.get<std::int64_t>());
  return std::nullopt;
}

bool carries_marker(const Json& resource, const Marker& marker) {
  if (!resource.is_object() || marker.value.empty()) return false;
  const auto it = resource.find(marker.attribute);
  if (it == resource.end() || !it->is_string()) return false;
  const std::string value = source::fold_case(it->get_ref<const std::string&>());
  if (value == source::fold_case(marker.value)) return true;
  return marker.match == MarkerMatch::run && !marker.run_id.empty() &&
         value.find(source::fold_case(marker.run_id)) != std::string::npos;
}

http::Exchange send_authorized(http::Transport& transport, const Authorize& authorize,
                               http::Request request) {
  if (authorize) {
    if (auto error = authorize(request)) {
      http::Exchange ex;
      ex.request = std::move(request);
      ex.error = http::TransportError{http::ErrorKind::other, *error};
      return ex;
    }
  }
  return transport.send(request);
}

bool is_unanswered(const http::Exchange& exchange) {
  if (!exchange.error) return false;
  const auto kind = exchange.error->kind;
  return kind == http::ErrorKind::timeout || kind == http::ErrorKind::connect ||
         kind == http::ErrorKind::tls;
}

ReadBack read_back(http::Transport& transport, const Authorize& authorize,
                   const std::string& base_url, const std::string& endpoint,
                   const std::string& id, const Marker& marker) {
  ReadBack out;
  const auto segment = http::path_segment(id);
  if (!segment) {
    out.proof = Proof::foreign;
    out.detail = "its id \"" + id + "\" cannot be one path segment";
    return out;
  }
  http::Request get;
  get.method = "GET";
  get.url = http::join_url(base_url, endpoint + "/" + *segment, {});
  out.exchange = send_authorized(transport, authorize, std::move(get));
  const http::Exchange& ex = out.exchange;
  if (ex.error) {
    out.detail = "reading it back got no answer: " + ex.error->message;
    return out;
  }
  const int status = ex.response.status;
  if (status == 404) {
    out.proof = Proof::gone;
    out.detail = "reading it back answered 404";
    return out;
  }
  if (status < 200 || status >= 300) {
    out.detail = "reading it back answered " + std::to_string(status);
    return out;
  }
  const Json body = parse_bounded(ex.response.body);
  if (body.is_discarded() || !body.is_object()) {
    out.detail = "reading it back gave no JSON object";
    return out;
  }
  if (carries_marker(body, marker)) {
    out.proof = Proof::owned;
    return out;
  }
  out.proof = Proof::foreign;
  const auto it = body.find(marker.attribute);
  std::string found = it == body.end()
                          ? std::string("absent")
                          : it->dump(-1, ' ', false, Json::error_handler_t::replace);
  if (found.size() > kMaxShown) found = found.substr(0, kMaxShown) + "...";
  out.detail = "it reads back with " + marker.attribute + " " + found +
               ", not the run's marker \"" + marker.value + "\"";
  return out;
}

}  // namespace scimcheck::run
