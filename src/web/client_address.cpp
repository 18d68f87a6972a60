#include "web/client_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include <algorithm>
#include <cctype>

namespace cw::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool plausible(std::string_view a) {
  return !a.empty() && a.size() <= 45 && std::all_of(a.begin(), a.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':';
  });
}

}  // namespace

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  std::string client = peer;
  if (!is_trusted(peer)) return client;
  // Each proxy appends the address it received from, so the walk goes right to left.
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto hop = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (!plausible(hop)) break;
    client = std::string(hop);
    if (!is_trusted(hop)) break;
  }
  return client;
}

namespace {
// The IPv6 address with all but its first `keep` bytes zeroed, written with "/bits"; "" for IPv4.
std::string ipv6_prefix(const std::string& ip, std::size_t keep) {
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1 || IN6_IS_ADDR_V4MAPPED(&v6)) return {};
  std::memset(v6.s6_addr + keep, 0, 16 - keep);
  char text[INET6_ADDRSTRLEN] = {};
  return inet_ntop(AF_INET6, &v6, text, sizeof text) ? std::string(text) + "/" + std::to_string(keep * 8)
                                                     : "";
}
}  // namespace

std::string address_block_key(const std::string& ip) {
  return ipv6_prefix(ip, 6);
}

std::string address_key(const std::string& ip) {
  if (auto prefix = ipv6_prefix(ip, 8); !prefix.empty()) return prefix;
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1) return ip;
  char text[INET6_ADDRSTRLEN] = {};
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    in_addr v4{};
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    return inet_ntop(AF_INET, &v4, text, sizeof text) ? std::string(text) : ip;
  }
  return ip;
}

}  // namespace cw::web
