#include "modules/petitions/fraud.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace cw::petitions {

FraudMonitor::FraudMonitor(FraudLimits limits)
    : limits_(limits),
      networks_("petition-signatures-network", limits.network_burst, limits.network_per_hour / 60.0),
      domains_("petition-signatures-domain", limits.domain_burst, limits.domain_per_hour / 60.0),
      addresses_("petition-signatures-address", limits.address_burst, limits.address_per_minute),
      bursts_(limits.burst_floor, limits.burst_factor) {}

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
  v.burst_started = bursts_.count(petition_id, now);
  return v;
}

}  // namespace cw::petitions
