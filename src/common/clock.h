// Time for the whole program: UTC microseconds since the Unix epoch, read through an injectable Clock so
// tests can fix or advance time. SystemClock is thread-safe; FixedClock is for tests on one thread.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>

namespace cw {

using Micros = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Micros now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Micros now() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Micros t) : t_(t) {}
  Micros now() const override { return t_.load(); }
  void set(Micros t) { t_.store(t); }
  void advance(Micros d) { t_.fetch_add(d); }

 private:
  std::atomic<Micros> t_;
};

}  // namespace cw
