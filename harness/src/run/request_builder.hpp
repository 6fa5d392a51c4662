#pragma once
/// Turns a rendered request (method, relative path, query, headers, JSON body) into the
/// request that goes on the wire, shaped as Entra shapes it.
#include <string>

#include "eval/template_render.hpp"
#include "http/exchange.hpp"

namespace scimcheck::run {

/// Entra's observed Content-Type for request bodies.
inline constexpr const char* kEntraContentType = "application/scim+json; charset=utf-8";

/// URL = base URL (path and query kept) + path + query. A JSON body is serialised compactly;
/// a body that renders to a string is sent as that raw text (to send malformed JSON on
/// purpose). Content-Type is added for bodies unless the step sets one. No Accept header
/// unless the step sets one (Entra sends GETs without it).
http::Request build_request(const eval::RenderedRequest& rendered, const std::string& base_url);

}  // namespace scimcheck::run
