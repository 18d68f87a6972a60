#include "web/rate_limiter.h"

#include <algorithm>
#include <stdexcept>

#include "web/client_address.h"

namespace cw::web {

namespace {
std::mutex registry_mutex;
std::vector<const RateLimiter*>& registry() {
  static std::vector<const RateLimiter*> limiters;
  return limiters;
}
}  // namespace

RateLimiter::RateLimiter(std::string name, double burst, double per_minute, std::size_t max_keys)
    : name_(std::move(name)), burst_(burst), per_micro_(per_minute / 60e6), max_keys_(max_keys) {
  if (burst < 1 || per_minute <= 0 || max_keys == 0)
    throw std::invalid_argument("rate limiter " + name_ + ": burst must be >= 1 and the rate above 0");
  std::lock_guard lock(registry_mutex);
  registry().push_back(this);
}

double RateLimiter::refill(const Bucket& b, Micros now) const {
  return std::min(burst_ * b.scale,
                  b.tokens + static_cast<double>(std::max<Micros>(0, now - b.at)) * per_micro_ * b.scale);
}

void RateLimiter::forget_full_buckets(Micros now) {
  for (auto it = buckets_.begin(); it != buckets_.end();)
    it = refill(it->second, now) >= burst_ * it->second.scale ? buckets_.erase(it) : std::next(it);
  // Still full of keys that are all mid-burst (a flood from many addresses): the tenth used longest ago
  // go, so a flood of new addresses cannot hand the keys being limited a fresh bucket all at once.
  if (buckets_.size() < max_keys_) return;
  std::vector<std::pair<Micros, const std::string*>> by_age;
  by_age.reserve(buckets_.size());
  for (const auto& [key, b] : buckets_) by_age.emplace_back(b.at, &key);
  auto cut = by_age.begin() + static_cast<std::ptrdiff_t>(std::max<std::size_t>(1, max_keys_ / 10));
  std::nth_element(by_age.begin(), cut, by_age.end());
  std::vector<std::string> oldest;
  for (auto it = by_age.begin(); it != cut; ++it) oldest.push_back(*it->second);
  for (const auto& key : oldest) buckets_.erase(key);
}

RateLimiter::Bucket& RateLimiter::bucket(const std::string& key, double scale, Micros now) {
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) forget_full_buckets(now);
    it = buckets_.emplace(key, Bucket{burst_ * scale, now, scale}).first;
  }
  auto& b = it->second;
  b.tokens = refill(b, now);
  b.at = now;
  return b;
}

bool RateLimiter::allow(const std::string& raw_key, Micros now) {
  auto key = address_key(raw_key);  // an IPv6 address by its /64
  auto block = address_block_key(raw_key);
  std::lock_guard lock(mutex_);
  auto& b = bucket(key, 1, now);
  Bucket* wide = block.empty() ? nullptr : &bucket(block, kBlockShare, now);
  if (b.tokens < 1 || (wide && wide->tokens < 1)) {
    ++limited_;
    return false;
  }
  b.tokens -= 1;
  if (wide) wide->tokens -= 1;
  ++allowed_;
  return true;
}

double RateLimiter::retry_after(const std::string& raw_key, Micros now) const {
  std::lock_guard lock(mutex_);
  double wait = 0;
  for (const auto& key : {address_key(raw_key), address_block_key(raw_key)}) {
    auto it = key.empty() ? buckets_.end() : buckets_.find(key);
    if (it == buckets_.end()) continue;
    double tokens = refill(it->second, now);
    if (tokens < 1) wait = std::max(wait, (1 - tokens) / (per_micro_ * it->second.scale) / 1e6);
  }
  return wait;
}

std::size_t RateLimiter::keys() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

RateLimiter::~RateLimiter() {
  std::lock_guard lock(registry_mutex);
  std::erase(registry(), this);
}

std::vector<const RateLimiter*> RateLimiter::all() {
  std::lock_guard lock(registry_mutex);
  return registry();
}

}  // namespace cw::web
