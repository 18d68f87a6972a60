// The client's address behind reverse proxies: only a trusted peer's X-Forwarded-For is believed, the
// walk is right to left past trusted hops, and junk in the header ends it.
#include "web/client_address.h"

#include <gtest/gtest.h>

namespace cw::web {
namespace {

TEST(ClientAddress, only_a_trusted_proxy_is_believed) {
  std::vector<std::string> trusted{"10.0.0.2", "10.0.0.3"};
  EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", trusted), "203.0.113.9");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", trusted), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "", trusted), "10.0.0.2");
  EXPECT_EQ(client_address("10.0.0.2", "198.51.100.1", {}), "10.0.0.2");
}

TEST(ClientAddress, the_walk_skips_trusted_hops_and_stops_at_the_first_untrusted_or_junk) {
  std::vector<std::string> trusted{"10.0.0.2", "10.0.0.3"};
  // A client can put anything first; the hop our proxy appended is what counts.
  EXPECT_EQ(client_address("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", trusted), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "2001:db8::1", trusted), "2001:db8::1");
  EXPECT_EQ(client_address("10.0.0.2", "<script>, 198.51.100.1", trusted), "198.51.100.1");
  EXPECT_EQ(client_address("10.0.0.2", "10.0.0.3, not-an-address", trusted), "10.0.0.2");
}

}  // namespace
}  // namespace cw::web
