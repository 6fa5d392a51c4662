#include "server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "server/app_rules.hpp"
#include "server/defects.hpp"
#include "server/render.hpp"
#include "server/service.hpp"
#include "server/support.hpp"

namespace scimcheck::server {
namespace {

// A keep-alive connection holds its worker thread between requests, so the pool must exceed
// the clients' connections (scimcheck run --jobs 32 and its cleanup, a load run's workers).
constexpr std::size_t kWorkerThreads = 64;

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

}  // namespace

struct ReferenceServer::Impl {
  ServerOptions options;
  DefectSet defects;
  std::string base_path;
  std::unique_ptr<ScimService> service;
  std::unique_ptr<httplib::Server> http;
  std::thread thread;
  int port = 0;
  std::atomic<long long> requests_seen{0};  // for throttle_first

  void serve(const httplib::Request& req, httplib::Response& res);
  HttpResponse dispatch(const HttpRequest& request, const std::string& full_path);
};

HttpResponse ReferenceServer::Impl::dispatch(const HttpRequest& request,
                                             const std::string& full_path) {
  HttpRequest inner = request;
  if (!base_path.empty()) {
    if (full_path == base_path) {
      inner.path = "/";
    } else if (full_path.rfind(base_path + "/", 0) == 0) {
      inner.path = full_path.substr(base_path.size());
    } else {
      return error_response(
          scim::ScimError{404, "", "no SCIM endpoint here: the base path is " + base_path},
          defects);
    }
  }
  return service->handle(inner);
}

void ReferenceServer::Impl::serve(const httplib::Request& req, httplib::Response& res) {
  auto begin = std::chrono::steady_clock::now();
  HttpRequest request;
  request.method = req.method == "HEAD" ? "GET" : req.method;  // httplib drops HEAD bodies
  std::string full_path = normalise_path(req.path);
  request.path = full_path;
  for (const auto& [name, value] : req.params) request.query.emplace(to_lower(name), value);
  for (const auto& [name, value] : req.headers) request.headers.emplace(to_lower(name), value);
  request.body = req.body;

  HttpResponse response;
  if (requests_seen++ < options.throttle_first) {
    response = error_response(
        scim::ScimError{429, "", "too many requests: try again later (throttle_first)"}, defects);
    response.headers.emplace_back("Retry-After", std::to_string(options.throttle_retry_after_s));
  } else {
    try {
      response = dispatch(request, full_path);
    } catch (const std::exception& e) {
      response = error_response(
          scim::ScimError{500, "", std::string("internal error: ") + e.what()}, defects);
    }
  }
  if (defects.has("slow")) std::this_thread::sleep_for(std::chrono::milliseconds(options.slow_ms));
  if (response.scim_body) {
    if (defects.has("json-content-type")) response.content_type = "application/json";
    if (defects.has("truncated-json")) response.body.resize(response.body.size() / 2);
  }
  res.status = response.status;
  for (const auto& [name, value] : response.headers) res.set_header(name.c_str(), value);
  if (!response.content_type.empty()) res.set_content(response.body, response.content_type.c_str());

  if (options.log_requests) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - begin)
                  .count();
    std::fprintf(stderr, "%s %s %d %lldms\n", req.method.c_str(), req.path.c_str(), response.status,
                 static_cast<long long>(ms));
  }
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
  DefectSet defects;
  for (const auto& name : options.defects) {
    if (!find_defect(name))
      return fail("unknown defect '" + name + "' (scimcheck serve --list-defects lists them)");
    defects.names.insert(name);
  }
  std::string problem;
  auto rules = read_app_rules(options.settings, &problem);
  if (!rules) return fail(problem);
  impl_->defects = defects;
  impl_->base_path =
      normalise_base_path(options.base_path.empty() ? rules->base_path : options.base_path);
  if (options.slow_ms < 0) options.slow_ms = 0;
  impl_->service = std::make_unique<ScimService>(options, std::move(*rules), defects);

  auto http = std::make_unique<httplib::Server>();
  http->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  // httplib writes headers and body separately; with Nagle's algorithm on, the body waits for
  // the client's delayed ACK (~40 ms on Linux loopback) on every keep-alive response.
  http->set_tcp_nodelay(true);
  // httplib closes a keep-alive connection after 5 requests by default; real SCIM endpoints
  // (behind nginx, IIS or a cloud load balancer) keep one for hundreds or thousands.
  http->set_keep_alive_max_count(1000);
  // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let two servers share a port.
  http->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  auto handler = [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    impl->serve(req, res);
  };
  http->Get(".*", handler);
  http->Post(".*", handler);
  http->Put(".*", handler);
  http->Patch(".*", handler);
  http->Delete(".*", handler);

  int port = options.port;
  if (port == 0) {
    port = http->bind_to_any_port(options.host);
    if (port < 0) return fail("cannot listen on " + options.host + " (no free port)");
  } else if (!http->bind_to_port(options.host, port)) {
    return fail("cannot listen on " + options.host + ":" + std::to_string(port) +
                " (port in use or address not available)");
  }
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
