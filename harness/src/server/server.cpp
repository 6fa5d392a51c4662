#include "server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <limits>
#include <optional>
#include <thread>

#include "scim/filter.hpp"
#include "scim/json_limits.hpp"
#include "server/app_rules.hpp"
#include "server/connection.hpp"
#include "server/defect_hooks.hpp"
#include "server/defects.hpp"
#include "server/representation.hpp"
#include "server/router.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

// "/a//b/" -> "/a/b": repeated and trailing slashes do not change the endpoint.
std::string normalise_path(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out += c;
  }
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

std::string normalise_base_path(const std::string& base) {
  std::string out = normalise_path(base);
  return out == "/" ? std::string{} : out;
}

ConnectionLimits connection_limits() {
  using std::chrono::milliseconds;
  ConnectionLimits limits;
  limits.workers = kServerWorkers;
  limits.idle = milliseconds(kIdleTimeoutMs);
  limits.busy_idle = milliseconds(kBusyIdleMs);
  limits.request = milliseconds(kRequestTimeoutMs);
  limits.busy_request = milliseconds(kBusyRequestTimeoutMs);
  limits.write = milliseconds(kRequestTimeoutMs);
  limits.request_bytes = kMaxRequestBodyBytes + 64 * 1024;  // with the line and headers
  return limits;
}

/// The request's body size as announced: nullopt when it has none, or when Content-Length
/// is not a number (httplib has refused such requests before a handler runs).
std::optional<std::size_t> announced_length(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return std::nullopt;
  const std::string text = req.get_header_value("Content-Length");
  std::size_t length = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<std::size_t>::max();
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return length;
}

bool has_body(const httplib::Request& req) {
  const auto length = announced_length(req);
  return (length && *length > 0) ||
         fold_case(req.get_header_value("Transfer-Encoding")) == "chunked";
}

scim::ScimError too_large() {
  return scim::ScimError{
      413, "",
      "the request body is larger than " + std::to_string(kMaxRequestBodyBytes) + " bytes"};
}

/// Reads a request's body, at most kMaxRequestBodyBytes of it; `*consumed` tells whether
/// the connection is past the body (so it can carry the next request).
std::optional<scim::ScimError> read_body(const httplib::Request& req,
                                         const httplib::ContentReader& reader, std::string* body,
                                         bool* consumed) {
  if (!has_body(req)) {
    *consumed = true;
    return std::nullopt;
  }
  if (auto length = announced_length(req); length && *length > kMaxRequestBodyBytes)
    return too_large();
  bool over = false;
  const bool complete = reader([&](const char* data, std::size_t size) {
    over = body->size() + size > kMaxRequestBodyBytes;
    if (!over) body->append(data, size);
    return !over;
  });
  if (over) return too_large();
  if (!complete) return scim::ScimError{400, "", "the request body did not arrive in full"};
  *consumed = true;
  return std::nullopt;
}

HttpRequest to_request(const httplib::Request& req) {
  HttpRequest request;
  request.method = req.method == "HEAD" ? "GET" : req.method;  // httplib drops HEAD bodies
  request.path = normalise_path(req.path);
  for (const auto& [name, value] : req.params) request.query.emplace(fold_case(name), value);
  for (const auto& [name, value] : req.headers) request.headers.emplace(fold_case(name), value);
  return request;
}

void copy_response(const HttpResponse& response, httplib::Response& res) {
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name.c_str(), value);
  if (!response.content_type.empty()) res.set_content(response.body, response.content_type.c_str());
}

}  // namespace

std::string limits_description() {
  return "Limits: " + std::to_string(kServerWorkers) +
         " threads serve connections, one each at a time. A request body may hold " +
         std::to_string(kMaxRequestBodyBytes) + " bytes (more: 413) and nest " +
         std::to_string(scim::kMaxJsonNesting) + " levels (more: 400); a filter nests " +
         std::to_string(scim::kMaxFilterNesting) + " levels and holds " +
         std::to_string(scim::kMaxFilterOperators) +
         " and/or/not (more: 400 invalidFilter). Credentials are checked before a body is "
         "read. A request must arrive within " +
         std::to_string(kRequestTimeoutMs / 1000) + " s and an idle connection is closed after " +
         std::to_string(kIdleTimeoutMs / 1000) + " s; while connections wait for a thread, " +
         std::to_string(kBusyRequestTimeoutMs / 1000) + " s and " + std::to_string(kBusyIdleMs) +
         " ms.";
}

struct ReferenceServer::Impl {
  ServerOptions options;
  std::unique_ptr<DefectHooks> defects;
  std::string base_path;
  std::unique_ptr<Router> service;
  std::unique_ptr<BoundedServer> http;
  std::thread thread;
  int port = 0;
  std::atomic<long long> requests_seen{0};  // for throttle_first

  /// Answers one request; `reader` reads its body (nullptr: a method without one).
  void serve(const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader* reader);
  /// `*consumed`: whether the request's body, if any, has been read to its end.
  HttpResponse answer(HttpRequest& request, const httplib::Request& req,
                      const httplib::ContentReader* reader, bool* consumed);
  /// The answer to `Expect: 100-continue`: 100, or the status of the refusal (401, 413) the
  /// request would get, written into `res`, so that the client does not send the body.
  int continue_or_refuse(const httplib::Request& req, httplib::Response& res);
  /// The HTTP server with its limits and handlers, not yet bound.
  std::unique_ptr<BoundedServer> make_http();
  /// Moves the request's path below the base path; false when it is not under it.
  bool below_base_path(HttpRequest& request) const;
};

bool ReferenceServer::Impl::below_base_path(HttpRequest& request) const {
  if (base_path.empty()) return true;
  if (request.path == base_path) {
    request.path = "/";
  } else if (request.path.rfind(base_path + "/", 0) == 0) {
    request.path = request.path.substr(base_path.size());
  } else {
    return false;
  }
  return true;
}

HttpResponse ReferenceServer::Impl::answer(HttpRequest& request, const httplib::Request& req,
                                           const httplib::ContentReader* reader, bool* consumed) {
  *consumed = reader == nullptr || !has_body(req);
  if (requests_seen++ < options.throttle_first) {
    auto response = error_response(
        scim::ScimError{429, "", "too many requests: try again later (throttle_first)"}, *defects);
    response.headers.emplace_back("Retry-After", std::to_string(options.throttle_retry_after_s));
    return response;
  }
  if (!below_base_path(request))
    return error_response(
        scim::ScimError{404, "", "no SCIM endpoint here: the base path is " + base_path}, *defects);
  // Credentials first: an unauthenticated client cannot make the server read its body.
  if (auto refusal = service->refuse_unauthenticated(request)) return *refusal;
  if (reader)
    if (auto problem = read_body(req, *reader, &request.body, consumed))
      return error_response(*problem, *defects);
  try {
    return service->handle(request);
  } catch (const std::exception& e) {
    return error_response(scim::ScimError{500, "", std::string("internal error: ") + e.what()},
                          *defects);
  }
}

int ReferenceServer::Impl::continue_or_refuse(const httplib::Request& req, httplib::Response& res) {
  HttpRequest request = to_request(req);
  if (!below_base_path(request)) return 100;  // the handler answers 404
  std::optional<HttpResponse> refusal = service->refuse_unauthenticated(request);
  if (auto length = announced_length(req); !refusal && length && *length > kMaxRequestBodyBytes)
    refusal = error_response(too_large(), *defects);
  if (!refusal) return 100;
  refusal->headers.emplace_back("Connection", "close");
  BoundedServer::close_after_response();
  copy_response(*refusal, res);
  return refusal->status;
}

void ReferenceServer::Impl::serve(const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader* reader) {
  auto begin = std::chrono::steady_clock::now();
  HttpRequest request = to_request(req);
  bool consumed = false;
  HttpResponse response = answer(request, req, reader, &consumed);
  if (!consumed) {
    // The rest of the body is unread: the connection cannot carry another request.
    BoundedServer::close_after_response();
    response.headers.emplace_back("Connection", "close");
  }
  defects->response(response);
  copy_response(response, res);

  if (options.log_requests) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - begin)
                  .count();
    std::fprintf(stderr, "%s %s %d %lldms\n", req.method.c_str(), req.path.c_str(), response.status,
                 static_cast<long long>(ms));
  }
}

std::unique_ptr<BoundedServer> ReferenceServer::Impl::make_http() {
  auto http = std::make_unique<BoundedServer>(connection_limits());
  // httplib writes headers and body separately; with Nagle's algorithm on, the body waits for
  // the client's delayed ACK (~40 ms on Linux loopback) on every keep-alive response.
  http->set_tcp_nodelay(true);
  // httplib closes a keep-alive connection after 5 requests by default; real SCIM endpoints
  // (behind nginx, IIS or a cloud load balancer) keep one for hundreds or thousands.
  http->set_keep_alive_max_count(1000);
  // A GET or HEAD with a body is read by httplib itself: the same bound.
  http->set_payload_max_length(kMaxRequestBodyBytes);
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let two servers share a port.
  http->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  // Errors httplib answers itself (a malformed request line, 413, 414) get a SCIM body, and the
  // connection is closed: what is left of such a request cannot be parsed as the next one.
  http->set_error_handler(httplib::Server::HandlerWithResponse(
      [impl = this](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        auto response =
            error_response(scim::ScimError{res.status, "", "the request is malformed or too large"},
                           *impl->defects);
        res.set_content(response.body, response.content_type.c_str());
        res.set_header("Connection", "close");
        BoundedServer::close_after_response();
        return httplib::Server::HandlerResponse::Handled;
      }));
  http->set_expect_100_continue_handler(
      [impl = this](const httplib::Request& req, httplib::Response& res) {
        return impl->continue_or_refuse(req, res);
      });
  auto handler = [impl = this](const httplib::Request& req, httplib::Response& res) {
    impl->serve(req, res, nullptr);
  };
  auto with_body = [impl = this](const httplib::Request& req, httplib::Response& res,
                                 const httplib::ContentReader& reader) {
    impl->serve(req, res, &reader);
  };
  http->Get(".*", handler);
  http->Post(".*", with_body);
  http->Put(".*", with_body);
  http->Patch(".*", with_body);
  http->Delete(".*", with_body);
  return http;
}

ReferenceServer::ReferenceServer(ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

ReferenceServer::~ReferenceServer() { stop(); }

bool ReferenceServer::start(std::string* error) {
  auto fail = [error](const std::string& message) {
    if (error) *error = message;
    return false;
  };
  if (impl_->http) return fail("the server is already started");
  auto& options = impl_->options;
  std::string problem;
  auto defects = parse_defects(options.defects, &problem);
  if (!defects) return fail(problem);
  impl_->defects = std::make_unique<DefectHooks>(*defects, options.slow_ms);
  impl_->base_path = normalise_base_path(options.base_path);
  impl_->service = std::make_unique<Router>(options, options.rules, *impl_->defects);

  auto http = impl_->make_http();

  int port = options.port;
  if (port == 0) {
    port = http->bind_to_any_port(options.host);
    if (port < 0) return fail("cannot listen on " + options.host + " (no free port)");
  } else if (!http->bind_to_port(options.host, port)) {
    return fail("cannot listen on " + options.host + ":" + std::to_string(port) +
                " (port in use or address not available)");
  }
  // Every worker of `load` or `run --jobs` connects at the same moment.
  if (!http->set_listen_backlog(SOMAXCONN))
    return fail("cannot listen on " + options.host + ":" + std::to_string(port));
  impl_->port = port;
  impl_->service->set_base_url(base_url());
  impl_->service->seed_users(options.seed_users);
  impl_->http = std::move(http);
  impl_->thread = std::thread([server = impl_->http.get()] { server->listen_after_bind(); });
  // stop() only takes effect once the accept loop runs, so start() returns after it does.
  for (int i = 0; i < 2000 && !impl_->http->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return true;
}

void ReferenceServer::stop() {
  if (!impl_ || !impl_->http) return;
  impl_->http->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->http.reset();
}

int ReferenceServer::port() const { return impl_->port; }

std::string ReferenceServer::base_url() const {
  const std::string& host = impl_->options.host;
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "http://" + shown + ":" + std::to_string(impl_->port) + impl_->base_path;
}

std::string ReferenceServer::rotate_token() {
  return impl_->service ? impl_->service->rotate_token() : std::string{};
}

}  // namespace scimcheck::server
