// A keyed token-bucket rate limiter for anything anonymous people can do (sign a petition, ask for a
// password reset): each key (an IP, an email domain) gets `burst` actions at once and `per_minute` more
// each minute. In memory, per app server: it protects the server and slows abuse; rules that must hold
// across servers (one signature per person) are database constraints instead. Thread-safe.
#pragma once
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"

namespace cw::web {

class RateLimiter {
 public:
  static constexpr double kBlockShare = 16;
  // REQUIRES: burst >= 1, per_minute > 0. At most `max_keys` keys are tracked; beyond that the fullest
  // buckets (those that would allow a burst anyway) are forgotten first, then those used longest ago.
  // A key that is an IPv6 address counts by its /64 (web/client_address.h), and its /48 as well with
  // kBlockShare times the burst and rate, so that one site walking through its 65,536 /64s gains at
  // most that factor.
  RateLimiter(std::string name, double burst, double per_minute, std::size_t max_keys = 100000);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token for `key` at `now`; false (and counted as limited) when the bucket is empty.
  bool allow(const std::string& key, Micros now);
  // Seconds until `key` will have a token again at `now` (0 when it has one).
  double retry_after(const std::string& key, Micros now) const;

  const std::string& name() const { return name_; }
  std::size_t keys() const;
  long long limited() const { return limited_.load(); }
  long long allowed() const { return allowed_.load(); }
  // Every limiter alive, for /metrics (each registers itself while it exists).
  static std::vector<const RateLimiter*> all();

 private:
  struct Bucket {
    double tokens;
    Micros at;
    double scale;  // 1 for an address, kBlockShare for a /48
  };
  double refill(const Bucket& b, Micros now) const;
  Bucket& bucket(const std::string& key, double scale, Micros now);
  void forget_full_buckets(Micros now);

  std::string name_;
  double burst_;
  double per_micro_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::atomic<long long> limited_{0}, allowed_{0};
};

}  // namespace cw::web
