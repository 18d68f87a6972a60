#include "modules/audit/chain.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>

namespace cw::audit {

namespace {

// Names the serialisation: a future format gets a new tag, and old rows keep verifying under the old one.
constexpr std::string_view kDomainTag = "commonweal.audit_log.v1";

class Hasher {
 public:
  Hasher() {
    if (crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES) != 0)
      throw std::runtime_error("BLAKE2b failed to start");
    bytes(kDomainTag);
  }

  void text(std::string_view s) {
    tag('T');
    integer_bytes(static_cast<std::uint64_t>(s.size()));
    bytes(s);
  }
  void integer(std::int64_t v) {
    tag('I');
    integer_bytes(static_cast<std::uint64_t>(v));
  }
  void optional_integer(const std::optional<std::int64_t>& v) {
    if (v)
      integer(*v);
    else
      tag('N');
  }

  std::string hex() {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash_final(&state_, digest.data(), digest.size());
    std::array<char, crypto_generichash_BYTES * 2 + 1> out{};
    sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
    return std::string(out.data(), out.size() - 1);
  }

 private:
  void tag(char t) { bytes(std::string_view(&t, 1)); }
  // Big-endian, so the serialisation does not depend on the machine.
  void integer_bytes(std::uint64_t v) {
    std::array<char, 8> b{};
    for (int i = 7; i >= 0; --i, v >>= 8) b[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
    bytes(std::string_view(b.data(), b.size()));
  }
  void bytes(std::string_view s) {
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  }

  crypto_generichash_state state_{};
};

}  // namespace

std::string entry_hash(const AuditRow& row) {
  Hasher h;
  h.integer(row.id);
  h.integer(row.at);
  h.optional_integer(row.actor_user_id);
  h.text(row.actor_label);
  h.text(row.action);
  h.text(row.object_type);
  h.text(row.object_id);
  h.optional_integer(row.locality_id);
  h.text(row.ip_prefix);
  h.text(row.before);
  h.text(row.after);
  h.text(row.prev_hash);
  return h.hex();
}

}  // namespace cw::audit
