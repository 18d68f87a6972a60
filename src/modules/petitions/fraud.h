// The fraud controls on signing, in memory per app server: signatures from one network to one petition
// or from one uncommon email domain beyond a steady rate are marked suspect (they do not count until a
// moderator releases them), an address that signs far too fast is refused outright, and a petition whose
// signatures suddenly arrive many times faster than before is flagged to moderators. One signature per
// person is the database's rule, not this. Thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"
#include "web/burst_detector.h"
#include "web/rate_limiter.h"

namespace cw::petitions {

struct FraudLimits {
  double network_burst = 20, network_per_hour = 20;    // per petition and /24 (or /48) network
  double domain_burst = 20, domain_per_hour = 20;      // per petition and uncommon email domain
  double address_burst = 60, address_per_minute = 30;  // any petition, per IP address: refused beyond
  int burst_floor = 120;     // signatures in a minute below which nothing is a burst
  double burst_factor = 10;  // times the previous ten minutes' mean rate per minute
};

struct FraudVerdict {
  bool refuse = false;         // too fast: answer 429, record nothing
  double retry_after = 0;      // seconds, when refused
  bool suspect = false;        // record, but do not count until released
  std::string reason;          // why suspect, for moderators: "many signatures from one network"
  bool burst_started = false;  // this signature tipped the petition into a burst: tell moderators
};

class FraudMonitor {
 public:
  explicit FraudMonitor(FraudLimits limits = {});
  FraudMonitor(const FraudMonitor&) = delete;
  FraudMonitor& operator=(const FraudMonitor&) = delete;

  // Assesses one signature about to be recorded. `network` is the address's prefix (audit::ip_prefix),
  // `domain` the canonical email's domain.
  FraudVerdict assess(std::int64_t petition_id, const std::string& ip, const std::string& network,
                      const std::string& domain, Micros now);

  // Large mail services, whose users share a domain in their millions: never suspect for the domain.
  static bool is_common_domain(const std::string& domain);

 private:
  FraudLimits limits_;
  web::RateLimiter networks_, domains_, addresses_;
  web::BurstDetector bursts_;
};

}  // namespace cw::petitions
