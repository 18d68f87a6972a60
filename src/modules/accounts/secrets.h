// The cryptography of accounts, all from libsodium: argon2id password hashes, random tokens for
// cookies and mailed links, and the one-way hashes under which those tokens are stored. Thread-safe.
#pragma once
#include <chrono>
#include <string>
#include <string_view>

namespace cw::accounts {

// argon2id cost. The default (3 passes over 64 MiB) takes ~0.1–0.2 s on one core of the reference
// machine: slow for an attacker with a stolen database, affordable for people signing in (figures in
// bench/RESULTS.md). Tests may pass a cheaper cost; stored hashes record their own cost.
struct PasswordCost {
  unsigned long long ops = 3;
  std::size_t memory = 64u << 20;
};

std::string hash_password(std::string_view password, const PasswordCost& cost = {});
bool verify_password(const std::string& stored_hash, std::string_view password);
// True when a stored hash was made with a different cost, so it should be replaced at the next sign-in.
bool password_needs_rehash(const std::string& stored_hash, const PasswordCost& cost = {});
// Spends the time of one verification without a hash to check, so that signing in as someone who has no
// account takes as long as a wrong password.
void verify_password_dummy(std::string_view password);

// Each hash or verification holds one of a few slots for its 64 MiB and its core: a surge of sign-ins
// queues briefly, then is shed with a 503 (web::HttpError "busy") instead of exhausting memory.
// Capacity defaults to the number of cores (at least 2); the wait for a slot to 2 seconds.
void configure_password_work(std::size_t capacity, std::chrono::milliseconds wait);
class PasswordWorkSlot {
 public:
  PasswordWorkSlot();  // throws web::HttpError(503) when no slot frees within the wait
  ~PasswordWorkSlot();
  PasswordWorkSlot(const PasswordWorkSlot&) = delete;
  PasswordWorkSlot& operator=(const PasswordWorkSlot&) = delete;
};

// 32 random bytes, URL-safe base64 (43 characters): session cookies and mailed links.
std::string random_token();
// Hex BLAKE2b-256 of a token: what the database keeps.
std::string token_hash(std::string_view token);

}  // namespace cw::accounts
