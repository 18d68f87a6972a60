// Which address a request came from when the server sits behind reverse proxies: the connection's peer,
// unless that peer is a proxy we trust, in which case the nearest untrusted address in X-Forwarded-For.
// Rate limits and fraud controls key on it, so behind a proxy every client would otherwise look like
// the proxy. Only the operator's proxies are trusted: anyone can write X-Forwarded-For. Pure; thread-safe.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cw::web {

// REQUIRES nothing. `trusted` holds exact addresses ("127.0.0.1", "::1"). Addresses in the header that
// are empty or longer than an IPv6 address end the walk, leaving the last good one.
std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted);

// What per-address limits count: an IPv4 address as it is; an IPv6 address by its /64, the block one
// household or phone is given, so that walking through a /64 gains nothing ("2001:db8:1:2::/64"); an
// IPv4-mapped IPv6 address as IPv4. Anything else is returned as it is.
std::string address_key(const std::string& ip);
// The looser tier above that: an IPv6 address's /48, the block one site or small provider is given
// ("2001:db8:1::/48"); "" for an IPv4 address, which has no such tier.
std::string address_block_key(const std::string& ip);

}  // namespace cw::web
