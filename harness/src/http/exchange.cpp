#include "http/exchange.hpp"

#include <algorithm>
#include <cctype>

namespace scimcheck::http {

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& h : headers) {
    if (h.name.size() == name.size() &&
        std::equal(h.name.begin(), h.name.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        }))
      return &h.value;
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
