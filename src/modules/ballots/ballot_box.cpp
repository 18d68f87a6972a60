#include "modules/ballots/ballot_box.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
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

}  // namespace

std::string new_code(int characters) {
  std::string out;
  for (int i = 0; i < characters; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return out;
}

namespace {

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
                const std::string& hash, int decile) {
  tx.run("INSERT INTO ballots (box, id, content, receipt_hash, decile) VALUES ($1, $2, $3, $4, $5)", box, id,
         content, hash, decile);
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
                                const std::string& content, Micros now, const VoterArea& area) {
  auto registered = tx.run(
      "INSERT INTO ballot_voters (box, voter_id, voted_at, ward_code) VALUES ($1, $2, $3, $4) ON CONFLICT DO "
      "NOTHING RETURNING voter_id",
      box, voter_id, now, area.ward_code);
  if (registered.rows.empty()) return std::nullopt;
  auto receipt = new_code(kReceiptLength);
  auto id = random_id();
  put_ballot(tx, box, id, content, receipt_hash(receipt),
             area.decile >= 1 && area.decile <= 10 ? area.decile : 0);
  mix_companions(tx, box, id);
  return receipt;
}

bool replace(store::Tx& tx, const std::string& box, std::string_view receipt, const std::string& content) {
  auto hash = receipt_hash(receipt);
  auto gone =
      tx.run("DELETE FROM ballots WHERE box = $1 AND receipt_hash = $2 RETURNING decile", box, hash).rows;
  if (gone.empty()) return false;
  auto id = random_id();
  put_ballot(tx, box, id, content, hash, static_cast<int>(gone.front().integer(0)));
  mix_companions(tx, box, id);
  return true;
}

bool has_voted(store::Tx& tx, const std::string& box, std::int64_t voter_id) {
  return !tx.run("SELECT 1 FROM ballot_voters WHERE box = $1 AND voter_id = $2", box, voter_id).rows.empty();
}

std::int64_t turnout(store::Tx& tx, const std::string& box) {
  return tx.run("SELECT COUNT(*) FROM ballots WHERE box = $1", box).one().integer(0);
}

std::int64_t turnout_of_stand_ins(store::Tx& tx, const std::string& box) {
  return tx.run("SELECT COUNT(*) FROM ballot_voters WHERE box = $1 AND voter_id < 0", box).one().integer(0);
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
  return ballot_of_receipt(tx, box, receipt).has_value();
}

std::optional<std::string> ballot_of_receipt(store::Tx& tx, const std::string& box,
                                             std::string_view receipt) {
  auto rows =
      tx.run("SELECT content FROM ballots WHERE box = $1 AND receipt_hash = $2", box, receipt_hash(receipt))
          .rows;
  if (rows.empty()) return std::nullopt;
  return rows.front().text(0);
}

void seal(store::Tx& tx, const std::string& box) {
  struct Kept {
    std::string id, content, hash;
    int decile = 0;
  };
  std::vector<Kept> all;
  std::array<std::int64_t, 11> per_decile{};
  for (const auto& r : tx.run("SELECT content, receipt_hash, decile FROM ballots WHERE box = $1", box).rows) {
    all.push_back({random_id(), r.text(0), r.text(1), static_cast<int>(r.integer(2))});
    ++per_decile[static_cast<std::size_t>(std::clamp(all.back().decile, 0, 10))];
  }
  for (auto& k : all)
    if (per_decile[static_cast<std::size_t>(std::clamp(k.decile, 0, 10))] < kSmallestDecileGroup)
      k.decile = 0;
  std::sort(all.begin(), all.end(), [](const Kept& a, const Kept& b) { return a.id < b.id; });
  tx.run("DELETE FROM ballots WHERE box = $1", box);
  // Many rows a statement: a 100,000-ballot box is written again in a fraction of the time one
  // statement a row takes (5 parameters a row, well within both engines' limits).
  constexpr std::size_t kRowsPerInsert = 500;
  for (std::size_t start = 0; start < all.size(); start += kRowsPerInsert) {
    std::string sql = "INSERT INTO ballots (box, id, content, receipt_hash, decile) VALUES ";
    std::vector<store::Value> params;
    for (std::size_t i = start; i < std::min(all.size(), start + kRowsPerInsert); ++i) {
      auto n = params.size();
      sql += fmt::format("{}(${}, ${}, ${}, ${}, ${})", i == start ? "" : ", ", n + 1, n + 2, n + 3, n + 4,
                         n + 5);
      params.insert(params.end(),
                    {box, all[i].id, all[i].content, all[i].hash, static_cast<std::int64_t>(all[i].decile)});
    }
    tx.exec(sql, params);
  }
}

std::vector<TaggedBallot> tagged_contents(store::Tx& tx, const std::string& box) {
  std::vector<TaggedBallot> out;
  for (const auto& r : tx.run("SELECT content, decile FROM ballots WHERE box = $1 ORDER BY id", box).rows)
    out.push_back({r.text(0), static_cast<int>(r.integer(1))});
  return out;
}

std::vector<std::pair<std::string, std::int64_t>> turnout_by_ward(store::Tx& tx, const std::string& box) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r :
       tx.run("SELECT ward_code, COUNT(*) FROM ballot_voters WHERE box = $1 GROUP BY ward_code "
              "ORDER BY ward_code",
              box)
           .rows)
    out.emplace_back(r.text(0), r.integer(1));
  return out;
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

void remove_box(store::Tx& tx, const std::string& box) {
  tx.run("DELETE FROM ballots WHERE box = $1", box);
  tx.run("DELETE FROM ballot_voters WHERE box = $1", box);
}

}  // namespace cw::ballots
