#include "run/traffic.hpp"

#include <cstdint>

#include "report/reporter.hpp"
#include "result/wording.hpp"
#include "run/ownership.hpp"

namespace scimcheck::run {
namespace {

/// The path of a URL, without its scheme, host and query: what the live progress shows.
std::string path_of(const std::string& url) {
  std::size_t begin = url.find("://");
  begin = begin == std::string::npos ? 0 : url.find('/', begin + 3);
  if (begin == std::string::npos) return "/";
  return url.substr(begin, url.find_first_of("?#", begin) - begin);
}

}  // namespace

void Halt::note(const http::Exchange& exchange, const RedactText& redact) {
  if (!exchange.error) {
    in_a_row_ = 0;
    return;
  }
  if (!is_unanswered(exchange) || limit_ <= 0) return;
  const int n = ++in_a_row_;
  if (n < limit_) return;
  std::lock_guard lock(mutex_);
  if (!reason_.empty()) return;
  std::string last =
      std::string(http::to_string(exchange.error->kind)) + ": " + exchange.error->message;
  if (redact) last = redact(last);
  reason_ = result::unanswered_stop(n, last);
  if (abort_) abort_->store(true);
}

std::string Halt::reason() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

http::Exchange CountingTransport::send(const http::Request& request) {
  ++sent_;
  static std::atomic<std::uint64_t> next_id{0};
  const std::uint64_t id = ++next_id;
  if (watcher_) {
    std::string path = path_of(request.url);
    if (redact_) path = redact_(path);
    watcher_->on_request_sent(id, request.method, path);
  }
  http::Exchange exchange = inner_.send(request);
  if (watcher_) watcher_->on_request_done(id);
  halt_.note(exchange, redact_);
  return exchange;
}

}  // namespace scimcheck::run
