// Notices when something anonymous people do (sign a petition, answer a consultation) suddenly arrives
// many times faster than it did in the minutes before, so its owners can be told once per burst. In
// memory, per app server, keyed by the thing's id. Thread-safe.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "common/clock.h"

namespace cw::web {

class BurstDetector {
 public:
  // A minute is a burst when it has at least `floor` actions and `factor` times the mean of the ten
  // minutes before (at least one a minute).
  BurstDetector(int floor, double factor) : floor_(floor), factor_(factor) {}
  BurstDetector(const BurstDetector&) = delete;
  BurstDetector& operator=(const BurstDetector&) = delete;

  // Counts one action on `key` at `now`; true only for the action that starts a burst. A burst is over,
  // and another can start, once an hour has passed since it began.
  bool count(std::int64_t key, Micros now);

 private:
  struct Minutes {
    std::int64_t minute = 0;  // the minute counts[0] belongs to
    int counts[11] = {};      // counts[0] this minute, counts[i] i minutes ago
    std::optional<std::int64_t> burst_since;
  };
  int floor_;
  double factor_;
  std::mutex mutex_;
  std::map<std::int64_t, Minutes> minutes_;
};

}  // namespace cw::web
