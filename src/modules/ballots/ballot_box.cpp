#include "modules/ballots/ballot_box.h"

#include <algorithm>
#include <array>

#include <sodium.h>

#include "common/encoding.h"

namespace cw::ballots {

namespace {

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
// 16 characters, 80 bits: guessing a live code among even millions of ballots is hopeless.
constexpr int kReceiptLength = 16;
// How many other ballots each cast or change gives new ids: the new ballot hides among this many.
constexpr int kCompanions = 8;

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (auto b : bytes) out += {kHex[b >> 4], kHex[b & 15]};
  return out;
}

std::string new_receipt() {
  std::string out;
  for (int i = 0; i < kReceiptLength; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return out;
}

// Random ballots of the box (those after a random point of the id space, wrapping round), given new
// ids. On PostgreSQL they are locked as they are chosen, skipping any another cast holds: ordering the
// updates alone still deadlocked two casts at once (seen under load), while a cast that never waits
// cannot. SQLite has one writer, so nothing is held by anyone else.
void mix_companions(store::Tx& tx, const std::string& box, const std::string& except_id) {
  const std::string lock = tx.engine() == store::Engine::postgresql ? " FOR UPDATE SKIP LOCKED" : "";
  auto start = random_id();
  std::vector<std::string> ids;
  for (const auto& r :
       tx.run("SELECT id FROM ballots WHERE box = $1 AND id > $2 AND id <> $3 ORDER BY id LIMIT $4" + lock,
              box, start, except_id, kCompanions)
           .rows)
    ids.push_back(r.text(0));
  if (ids.size() < static_cast<std::size_t>(kCompanions))
    for (const auto& r :
         tx.run("SELECT id FROM ballots WHERE box = $1 AND id <= $2 AND id <> $3 ORDER BY id LIMIT $4" + lock,
                box, start, except_id, kCompanions - static_cast<int>(ids.size()))
             .rows)
      ids.push_back(r.text(0));
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids)
    tx.run("UPDATE ballots SET id = $3 WHERE box = $1 AND id = $2", box, id, random_id());
}

void put_ballot(store::Tx& tx, const std::string& box, const std::string& id, const std::string& content,
                const std::string& hash) {
  tx.run("INSERT INTO ballots (box, id, content, receipt_hash) VALUES ($1, $2, $3, $4)", box, id, content,
         hash);
}

}  // namespace

std::string receipt_hash(std::string_view receipt) {
  std::string normal;
  for (char c : receipt) {
    auto u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == ' ' || u == '-' || u == '\t') continue;
    normal += u == 'O' ? '0' : (u == 'I' || u == 'L') ? '1' : u;
  }
  return sha256_hex("commonweal ballot receipt " + normal);
}

std::optional<std::string> cast(store::Tx& tx, const std::string& box, std::int64_t voter_id,
                                const std::string& content, Micros now) {
  auto registered = tx.run(
      "INSERT INTO ballot_voters (box, voter_id, voted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING "
      "RETURNING voter_id",
      box, voter_id, now);
  if (registered.rows.empty()) return std::nullopt;
  auto receipt = new_receipt();
  auto id = random_id();
  put_ballot(tx, box, id, content, receipt_hash(receipt));
  mix_companions(tx, box, id);
  return receipt;
}

bool replace(store::Tx& tx, const std::string& box, std::string_view receipt, const std::string& content) {
  auto hash = receipt_hash(receipt);
  if (tx.run("DELETE FROM ballots WHERE box = $1 AND receipt_hash = $2", box, hash).affected == 0)
    return false;
  auto id = random_id();
  put_ballot(tx, box, id, content, hash);
  mix_companions(tx, box, id);
  return true;
}

bool has_voted(store::Tx& tx, const std::string& box, std::int64_t voter_id) {
  return !tx.run("SELECT 1 FROM ballot_voters WHERE box = $1 AND voter_id = $2", box, voter_id).rows.empty();
}

std::int64_t turnout(store::Tx& tx, const std::string& box) {
  return tx.run("SELECT COUNT(*) FROM ballots WHERE box = $1", box).one().integer(0);
}

std::vector<std::string> contents(store::Tx& tx, const std::string& box) {
  std::vector<std::string> out;
  for (const auto& r : tx.run("SELECT content FROM ballots WHERE box = $1 ORDER BY id", box).rows)
    out.push_back(r.text(0));
  return out;
}

std::vector<std::string> receipt_hashes(store::Tx& tx, const std::string& box) {
  std::vector<std::string> out;
  for (const auto& r :
       tx.run("SELECT receipt_hash FROM ballots WHERE box = $1 ORDER BY receipt_hash", box).rows)
    out.push_back(r.text(0));
  return out;
}

bool holds_receipt(store::Tx& tx, const std::string& box, std::string_view receipt) {
  return !tx.run("SELECT 1 FROM ballots WHERE box = $1 AND receipt_hash = $2", box, receipt_hash(receipt))
              .rows.empty();
}

void seal(store::Tx& tx, const std::string& box) {
  struct Kept {
    std::string id, content, hash;
  };
  std::vector<Kept> all;
  for (const auto& r : tx.run("SELECT content, receipt_hash FROM ballots WHERE box = $1", box).rows)
    all.push_back({random_id(), r.text(0), r.text(1)});
  std::sort(all.begin(), all.end(), [](const Kept& a, const Kept& b) { return a.id < b.id; });
  tx.run("DELETE FROM ballots WHERE box = $1", box);
  for (const auto& k : all) put_ballot(tx, box, k.id, k.content, k.hash);
}

std::vector<Voted> boxes_voted_in(store::Tx& tx, std::int64_t voter_id, const std::string& prefix) {
  std::vector<Voted> out;
  for (const auto& r :
       tx.run("SELECT box, voted_at FROM ballot_voters WHERE voter_id = $1 ORDER BY voted_at", voter_id).rows)
    if (r.text(0).starts_with(prefix)) out.push_back({r.text(0), r.integer(1)});
  return out;
}

void forget_voter(store::Tx& tx, std::int64_t voter_id, const std::string& prefix) {
  for (const auto& v : boxes_voted_in(tx, voter_id, prefix))
    tx.run("DELETE FROM ballot_voters WHERE box = $1 AND voter_id = $2", v.box, voter_id);
}

}  // namespace cw::ballots
