#include "http/exchange.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>

namespace scimcheck::http {

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (source::iequals(h.name, name)) return &h.value;
  }
  return nullptr;
}

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::none: return "none";
    case ErrorKind::connect: return "connect";
    case ErrorKind::tls: return "tls";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::too_large: return "too_large";
    case ErrorKind::aborted: return "aborted";
    case ErrorKind::other: return "other";
  }
  return "other";
}

}  // namespace scimcheck::http
