#include "modules/accounts/secrets.h"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "web/csrf.h"
#include "web/http.h"

namespace cw::accounts {

namespace {

void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not initialise");
}

struct PasswordWork {
  std::mutex mutex;
  std::condition_variable freed;
  std::size_t in_use = 0;
  std::size_t capacity = std::max(2u, std::thread::hardware_concurrency());
  std::chrono::milliseconds wait{2000};
};

PasswordWork& password_work() {
  static PasswordWork work;
  return work;
}

}  // namespace

void configure_password_work(std::size_t capacity, std::chrono::milliseconds wait) {
  auto& w = password_work();
  std::lock_guard lock(w.mutex);
  w.capacity = std::max<std::size_t>(1, capacity);
  w.wait = wait;
}

PasswordWorkSlot::PasswordWorkSlot() {
  auto& w = password_work();
  std::unique_lock lock(w.mutex);
  if (!w.freed.wait_for(lock, w.wait, [&] { return w.in_use < w.capacity; }))
    throw web::HttpError(503, "busy",
                         "Many people are signing in at this moment, so we could not check your password. "
                         "Nothing was changed. Wait a few seconds and try again.");
  ++w.in_use;
}

PasswordWorkSlot::~PasswordWorkSlot() {
  auto& w = password_work();
  {
    std::lock_guard lock(w.mutex);
    --w.in_use;
  }
  w.freed.notify_one();
}

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  ensure_sodium();
  PasswordWorkSlot slot;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.memory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  ensure_sodium();
  if (stored_hash.empty()) return false;
  PasswordWorkSlot slot;
  return !stored_hash.empty() &&
         crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(const std::string& stored_hash, const PasswordCost& cost) {
  ensure_sodium();
  return crypto_pwhash_str_needs_rehash(stored_hash.c_str(), cost.ops, cost.memory) != 0;
}

void verify_password_dummy(std::string_view password) {
  // A real hash at the default cost, made once, so the dummy check costs what a real one does.
  static const std::string dummy = hash_password(random_token());
  (void)verify_password(dummy, password);
}

std::string random_token() {
  return web::random_base64url(32);
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace cw::accounts
