#include "run/request_builder.hpp"

#include "http/url.hpp"

namespace scimcheck::run {

http::Request build_request(const eval::RenderedRequest& rendered, const std::string& base_url) {
  http::Request request;
  request.method = rendered.method;
  request.url = http::join_url(base_url, rendered.path, rendered.query);
  for (const auto& [name, value] : rendered.headers) request.headers.push_back({name, value});
  if (rendered.body) {
    request.body = rendered.body->is_string() ? rendered.body->get<std::string>()
                                              : rendered.body->dump();
    if (!http::find_header(request.headers, "Content-Type"))
      request.headers.push_back({"Content-Type", kEntraContentType});
  }
  return request;
}

}  // namespace scimcheck::run
