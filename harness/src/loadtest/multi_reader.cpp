#include "loadtest/multi_reader.hpp"

#include <curl/curl.h>

#include <algorithm>

namespace scimcheck::loadtest {

namespace {

/// Longest wait for socket activity before the stop flag and the deadline are looked at again.
constexpr int kPollSliceMs = 50;

/// One connection: its handle, its prepared request and the read under way.
struct Connection {
  Connection(const http::CurlOptions& options, const std::string& base_url,
             UserReader::Authorize authorize)
      : handle(options), reader(base_url, std::move(authorize), http::fixed_headers(options)) {
    if (handle.native()) curl_easy_setopt(easy(), CURLOPT_PRIVATE, this);
  }
  CURL* easy() const { return static_cast<CURL*>(handle.native()); }

  http::CurlHandle handle;
  UserReader reader;
  std::string id;
  http::Exchange exchange;  // the answer of the read under way; its request stays empty
  MultiReader::Clock::time_point started;
  bool added = false;  // in the multi handle
};

}  // namespace

struct MultiReader::Impl {
  CURLM* multi = nullptr;
  std::vector<std::unique_ptr<Connection>> connections;
  std::vector<std::pair<Connection*, CURLcode>> done;  // finished in one round, capacity kept
  std::size_t busy = 0;

  ~Impl() {
    remove_all();
    if (multi) curl_multi_cleanup(multi);
    connections.clear();  // easy handles after the multi handle that used them
  }

  void remove_all() {
    for (auto& c : connections)
      if (c->added) {
        curl_multi_remove_handle(multi, c->easy());
        c->added = false;
      }
    busy = 0;
  }

  /// Starts the next read on `c`, if there is an id left. A read that cannot start (the
  /// transport's own refusal, e.g. after a stop) is reported at once. "" or the reason the
  /// reads cannot go on.
  std::string start(Connection& c, const NextId& next, const OnRead& on_read) {
    if (!next(c.id)) return {};
    std::string error;
    const http::Request* request = c.reader.request(c.id, &error);
    if (!request) return "cannot authenticate: " + error;
    c.started = Clock::now();
    c.exchange.error = c.handle.begin(*request, c.exchange.response);
    if (c.exchange.error) {
      c.exchange.elapsed_ms = 0;
      on_read(c.id, c.exchange);
      return {};
    }
    if (const CURLMcode code = curl_multi_add_handle(multi, c.easy()); code != CURLM_OK)
      return std::string("libcurl: ") + curl_multi_strerror(code);
    c.added = true;
    ++busy;
    return {};
  }

  void finish(Connection& c, CURLcode code, const OnRead& on_read) {
    curl_multi_remove_handle(multi, c.easy());
    c.added = false;
    --busy;
    c.exchange.error = c.handle.end(code);
    c.exchange.elapsed_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - c.started).count();
    on_read(c.id, c.exchange);
  }

  /// The transfers that ended since the last call, taken off the multi handle's queue.
  void collect_done() {
    done.clear();
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      Connection* c = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &c);
      if (c) done.emplace_back(c, message->data.result);
    }
  }
};

MultiReader::MultiReader(const http::CurlOptions& options, const std::string& base_url,
                         const UserReader::Authorize& authorize, int connections)
    : impl_(std::make_unique<Impl>()) {
  http::global_init();
  impl_->multi = curl_multi_init();
  for (int i = 0; i < std::max(1, connections); ++i)
    impl_->connections.push_back(std::make_unique<Connection>(options, base_url, authorize));
}

MultiReader::~MultiReader() = default;

std::string MultiReader::run(Clock::time_point until, const std::atomic<bool>* stop,
                             const NextId& next, const OnRead& on_read) {
  Impl& m = *impl_;
  if (!m.multi) return "libcurl: curl_multi_init failed";
  for (auto& c : m.connections)
    if (!c->easy()) return "libcurl: curl_easy_init failed";
  auto stopped = [stop] { return stop && stop->load(); };
  auto may_start = [&] { return Clock::now() < until && !stopped(); };
  std::string problem;
  for (auto& c : m.connections)
    if (problem.empty() && may_start()) problem = m.start(*c, next, on_read);
  while (problem.empty() && m.busy > 0 && !stopped()) {
    int running = 0;
    if (const CURLMcode code = curl_multi_perform(m.multi, &running); code != CURLM_OK) {
      problem = std::string("libcurl: ") + curl_multi_strerror(code);
      break;
    }
    m.collect_done();
    for (auto& [c, code] : m.done) {
      m.finish(*c, code, on_read);
      if (problem.empty() && may_start()) problem = m.start(*c, next, on_read);
    }
    if (m.busy == 0) break;
    if (m.done.empty()) curl_multi_poll(m.multi, nullptr, 0, kPollSliceMs, nullptr);
  }
  m.remove_all();
  return problem;
}

}  // namespace scimcheck::loadtest
