#include <boost/asio/ip/address.hpp>

#include "modules/audit/audit.h"

namespace cw::audit {

namespace {

// RFC 6177 assigns a /48 to a site; a /24 is the usual IPv4 equivalent of "which network".
constexpr std::size_t kIpv4PrefixBytes = 3;
constexpr std::size_t kIpv6PrefixBytes = 6;

std::string v4_prefix(const boost::asio::ip::address_v4& a) {
  auto bytes = a.to_bytes();
  for (std::size_t i = kIpv4PrefixBytes; i < bytes.size(); ++i) bytes[i] = 0;
  return boost::asio::ip::address_v4(bytes).to_string() + "/24";
}

}  // namespace

std::string ip_prefix(const std::string& ip) {
  namespace asio_ip = boost::asio::ip;
  boost::system::error_code error;
  const auto address = asio_ip::make_address(ip, error);
  if (error) return "";
  if (address.is_v4()) return v4_prefix(address.to_v4());
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return v4_prefix(asio_ip::make_address_v4(asio_ip::v4_mapped, v6));
  auto bytes = v6.to_bytes();
  for (std::size_t i = kIpv6PrefixBytes; i < bytes.size(); ++i) bytes[i] = 0;
  // A new address without the scope id: "%eth0" names an interface of ours, not the client's network.
  return asio_ip::address_v6(bytes).to_string() + "/48";
}

}  // namespace cw::audit
