// The parts of the audit log that need no database: what an entry's hash covers, and how addresses are
// cut down to networks before they are stored.
#include <gtest/gtest.h>

#include <functional>

#include "modules/audit/audit.h"
#include "modules/audit/chain.h"

namespace cw::audit {
namespace {

AuditRow sample() {
  return {.id = 1,
          .at = 1'700'000'000'000'000,
          .actor_user_id = 5,
          .actor_label = "admin@example.org",
          .action = "role.grant",
          .object_type = "user",
          .object_id = "42",
          .locality_id = 7,
          .ip_prefix = "203.0.113.0/24",
          .before = "a",
          .after = "b",
          .prev_hash = std::string(kGenesisHash)};
}

TEST(AuditChain, the_hash_is_64_hex_digits_and_depends_on_every_field) {
  const auto base = entry_hash(sample());
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(entry_hash(sample()), base) << "deterministic";
  std::vector<std::function<void(AuditRow&)>> changes = {
      [](AuditRow& r) { r.id = 2; },
      [](AuditRow& r) { r.at += 1; },
      [](AuditRow& r) { r.actor_user_id = std::nullopt; },
      [](AuditRow& r) { r.actor_label = "someone@example.org"; },
      [](AuditRow& r) { r.action = "role.revoke"; },
      [](AuditRow& r) { r.object_type = "users"; },
      [](AuditRow& r) { r.object_id = "43"; },
      [](AuditRow& r) { r.locality_id = std::nullopt; },
      [](AuditRow& r) { r.ip_prefix = ""; },
      [](AuditRow& r) { r.before = "A"; },
      [](AuditRow& r) { r.after = "B"; },
      [](AuditRow& r) { r.prev_hash[0] = '1'; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto r = sample();
    changes[i](r);
    EXPECT_NE(entry_hash(r), base) << "change " << i;
  }
  auto with_hash = sample();
  with_hash.hash = "anything";
  EXPECT_EQ(entry_hash(with_hash), base) << "the stored hash is not an input";
}

TEST(AuditChain, moving_text_between_fields_or_a_null_to_zero_changes_the_hash) {
  auto a = sample(), b = sample();
  a.before = "ab";
  a.after = "";
  b.before = "a";
  b.after = "b";
  EXPECT_NE(entry_hash(a), entry_hash(b));
  auto none = sample(), zero = sample();
  none.locality_id = std::nullopt;
  zero.locality_id = 0;
  EXPECT_NE(entry_hash(none), entry_hash(zero));
}

TEST(IpPrefix, ipv4_is_cut_to_its_slash_24) {
  EXPECT_EQ(ip_prefix("203.0.113.77"), "203.0.113.0/24");
  EXPECT_EQ(ip_prefix("10.1.2.255"), "10.1.2.0/24");
  EXPECT_EQ(ip_prefix("::ffff:198.51.100.9"), "198.51.100.0/24") << "IPv4-mapped IPv6 counts as IPv4";
}

TEST(IpPrefix, ipv6_is_cut_to_its_slash_48) {
  EXPECT_EQ(ip_prefix("2001:db8:1234:5678:9abc:def0:1234:5678"), "2001:db8:1234::/48");
  EXPECT_EQ(ip_prefix("2001:DB8:1::1"), "2001:db8:1::/48");
  EXPECT_EQ(ip_prefix("::1"), "::/48");
  EXPECT_EQ(ip_prefix("fe80::1%1"), "fe80::/48") << "the scope names our interface, not their network";
}

TEST(IpPrefix, anything_that_is_not_an_address_is_stored_as_empty) {
  for (const char* bad : {"", "unknown", "203.0.113", "203.0.113.300", "203.0.113.7:443", "[2001:db8::1]",
                          "2001:db8::1/64", " 203.0.113.7", "203.0.113.7\r\n"})
    EXPECT_EQ(ip_prefix(bad), "") << bad;
}

}  // namespace
}  // namespace cw::audit
