#include "web/burst_detector.h"

#include <algorithm>

namespace cw::web {

namespace {
constexpr Micros kMinute = 60'000'000;
}

bool BurstDetector::count(std::int64_t key, Micros now) {
  std::lock_guard lock(mutex_);
  auto& m = minutes_[key];
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
  bool burst = m.counts[0] >= floor_ && m.counts[0] >= factor_ * std::max(before, 1.0);
  // One alert per burst: a burst is over once a quiet hour has passed since it began.
  if (m.burst_since && minute - *m.burst_since >= 60) m.burst_since.reset();
  if (burst && !m.burst_since) {
    m.burst_since = minute;
    return true;
  }
  return false;
}

}  // namespace cw::web
