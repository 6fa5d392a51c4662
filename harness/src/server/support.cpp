#include "server/support.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>

#include "scim/path.hpp"

namespace scimcheck::server {
namespace {

std::mt19937_64& generator(std::unique_lock<std::mutex>& lock) {
  static std::mutex mutex;
  static std::mt19937_64 engine{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  lock = std::unique_lock<std::mutex>(mutex);
  return engine;
}

std::string random_hex(std::size_t bytes) {
  static const char* digits = "0123456789abcdef";
  std::unique_lock<std::mutex> lock;
  auto& engine = generator(lock);
  std::string out;
  out.reserve(bytes * 2);
  for (std::size_t i = 0; i < bytes; ++i) {
    auto byte = static_cast<unsigned>(engine() & 0xffu);
    out += digits[byte >> 4];
    out += digits[byte & 0xfu];
  }
  return out;
}

}  // namespace

std::string new_token(std::size_t bytes) { return random_hex(bytes); }

std::optional<std::string> base64_decode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xffu);
    }
  }
  if (bits >= 6) return std::nullopt;  // a single dangling character is not Base64
  return out;
}

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> fields;
  while (!body.empty()) {
    auto amp = body.find('&');
    auto pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto name = form_decode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string{} : form_decode(pair.substr(eq + 1));
    fields.emplace(std::move(name), std::move(value));
  }
  return fields;
}

void erase_member(nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end();) {
    if (iequals(it.key(), name))
      it = object.erase(it);
    else
      ++it;
  }
}

std::string string_member(const nlohmann::json& object, std::string_view name) {
  const auto* value = scim::find_member(object, name);
  return value && value->is_string() ? value->get<std::string>() : std::string{};
}

}  // namespace scimcheck::server
