#include "modules/petitions/fraud.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace cw::petitions {

namespace {
constexpr Micros kMinute = 60'000'000;
}

FraudMonitor::FraudMonitor(FraudLimits limits)
    : limits_(limits),
      networks_("petition-signatures-network", limits.network_burst, limits.network_per_hour / 60.0),
      domains_("petition-signatures-domain", limits.domain_burst, limits.domain_per_hour / 60.0),
      addresses_("petition-signatures-address", limits.address_burst, limits.address_per_minute) {}

bool FraudMonitor::is_common_domain(const std::string& domain) {
  static constexpr std::array<std::string_view, 20> common{
      "gmail.com",      "outlook.com",    "hotmail.com", "hotmail.co.uk",  "live.co.uk",
      "live.com",       "yahoo.com",      "yahoo.co.uk", "icloud.com",     "me.com",
      "aol.com",        "btinternet.com", "sky.com",     "talktalk.net",   "virginmedia.com",
      "protonmail.com", "proton.me",      "msn.com",     "googlemail.com", "ntlworld.com"};
  return std::find(common.begin(), common.end(), domain) != common.end();
}

FraudVerdict FraudMonitor::assess(std::int64_t petition_id, const std::string& ip, const std::string& network,
                                  const std::string& domain, Micros now) {
  FraudVerdict v;
  if (!ip.empty() && !addresses_.allow(ip, now)) {
    v.refuse = true;
    v.retry_after = addresses_.retry_after(ip, now);
    return v;
  }
  auto key = std::to_string(petition_id) + " ";
  if (!network.empty() && !networks_.allow(key + network, now)) {
    v.suspect = true;
    v.reason = "many signatures from one network (" + network + ")";
  }
  if (!domain.empty() && !is_common_domain(domain) && !domains_.allow(key + domain, now)) {
    v.suspect = true;
    if (!v.reason.empty()) v.reason += "; ";
    v.reason += "many signatures from one email domain (" + domain + ")";
  }
  v.burst_started = count_and_detect_burst(petition_id, now);
  return v;
}

bool FraudMonitor::count_and_detect_burst(std::int64_t petition_id, Micros now) {
  std::lock_guard lock(mutex_);
  auto& m = minutes_[petition_id];
  std::int64_t minute = now / kMinute;
  if (minute != m.minute) {
    auto shift = std::clamp<std::int64_t>(minute - m.minute, 0, 11);
    for (int i = 10; i >= 0; --i) m.counts[i] = i >= shift ? m.counts[i - shift] : 0;
    m.minute = minute;
  }
  ++m.counts[0];
  double before = 0;
  for (int i = 1; i <= 10; ++i) before += m.counts[i];
  before /= 10;
  bool burst =
      m.counts[0] >= limits_.burst_floor && m.counts[0] >= limits_.burst_factor * std::max(before, 1.0);
  // One alert per burst: a burst is over once a quiet hour has passed since it began.
  if (m.burst_since && minute - *m.burst_since >= 60) m.burst_since.reset();
  if (burst && !m.burst_since) {
    m.burst_since = minute;
    return true;
  }
  return false;
}

}  // namespace cw::petitions
