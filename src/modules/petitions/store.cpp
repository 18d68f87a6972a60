#include "modules/petitions/store.h"

#include <fmt/format.h>

namespace cw::petitions {

namespace {

constexpr const char* kPetitionColumns =
    "id, locality_id, action, background, details, topic, ward_code, state, creator_name, creator_email, "
    "creator_user_id, sponsor_token, rejection_code, rejection_details, moderation_note, created_at, "
    "validated_at, sponsored_at, opened_at, closes_at, closed_at, moderated_at, response_reached_at, "
    "debate_reached_at, responded_at, debated_at, response_text, debate_on, debate_outcome, "
    "signature_count, tallied_at, updated_at";

PetitionRow petition_from(const store::Row& r) {
  PetitionRow p;
  p.id = r.integer(0);
  p.locality_id = r.integer(1);
  p.action = r.text(2);
  p.background = r.text(3);
  p.details = r.text(4);
  p.topic = r.text(5);
  p.ward_code = r.text(6);
  p.state = parse_state(r.text(7)).value_or(State::pending);
  p.creator_name = r.text(8);
  p.creator_email = r.text(9);
  p.creator_user_id = r.opt_integer(10);
  p.sponsor_token = r.text(11);
  p.rejection_code = r.text(12);
  p.rejection_details = r.text(13);
  p.moderation_note = r.text(14);
  p.created_at = r.integer(15);
  p.validated_at = r.opt_integer(16);
  p.sponsored_at = r.opt_integer(17);
  p.opened_at = r.opt_integer(18);
  p.closes_at = r.opt_integer(19);
  p.closed_at = r.opt_integer(20);
  p.moderated_at = r.opt_integer(21);
  p.response_reached_at = r.opt_integer(22);
  p.debate_reached_at = r.opt_integer(23);
  p.responded_at = r.opt_integer(24);
  p.debated_at = r.opt_integer(25);
  p.response_text = r.text(26);
  p.debate_on = r.text(27);
  p.debate_outcome = r.text(28);
  p.signature_count = r.integer(29);
  p.tallied_at = r.integer(30);
  p.updated_at = r.integer(31);
  return p;
}

constexpr const char* kSignatureColumns =
    "id, petition_id, role, name, name_key, email, email_key, postcode, ward_code, imd_decile, notify, "
    "state, "
    "suspect, suspect_reason, token_hash, network, created_at, confirmed_at";

SignatureRow signature_from(const store::Row& r) {
  SignatureRow s;
  s.id = r.integer(0);
  s.petition_id = r.integer(1);
  s.role = r.text(2);
  s.name = r.text(3);
  s.name_key = r.text(4);
  s.email = r.text(5);
  s.email_key = r.text(6);
  s.postcode = r.text(7);
  s.ward_code = r.text(8);
  s.imd_decile = static_cast<int>(r.integer(9));
  s.notify = r.boolean(10);
  s.state = r.text(11);
  s.suspect = r.boolean(12);
  s.suspect_reason = r.text(13);
  s.token_hash = r.text(14);
  s.network = r.text(15);
  s.created_at = r.integer(16);
  s.confirmed_at = r.opt_integer(17);
  return s;
}

std::vector<PetitionRow> petitions_of(store::Result&& res) {
  std::vector<PetitionRow> out;
  out.reserve(res.rows.size());
  for (const auto& r : res.rows) out.push_back(petition_from(r));
  return out;
}

std::vector<SignatureRow> signatures_of(store::Result&& res) {
  std::vector<SignatureRow> out;
  out.reserve(res.rows.size());
  for (const auto& r : res.rows) out.push_back(signature_from(r));
  return out;
}

// "$3, $4, $5" for `n` values starting at placeholder `first`.
std::string placeholders(std::size_t first, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{}${}", i ? ", " : "", first + i);
  return out;
}

// The column a state change stamps, so each state's time is known without a history table.
const char* stamp_column(State to) {
  switch (to) {
    case State::validated:
      return "validated_at";
    case State::sponsored:
      return "sponsored_at";
    case State::open:
      return "opened_at";
    case State::closed:
      return "closed_at";
    default:
      return "moderated_at";
  }
}

}  // namespace

Settings load_settings(store::Tx& tx, std::int64_t locality_id) {
  auto res = tx.run(
      "SELECT sponsors_required, open_months, response_threshold, debate_threshold, names_per_email, mailbox "
      "FROM petition_settings WHERE locality_id = $1",
      locality_id);
  Settings s;
  if (res.empty()) return s;
  const auto& r = res.rows.front();
  s.sponsors_required = static_cast<int>(r.integer(0));
  s.open_months = static_cast<int>(r.integer(1));
  s.response_threshold = r.integer(2);
  s.debate_threshold = r.integer(3);
  s.names_per_email = static_cast<int>(r.integer(4));
  s.mailbox = r.text(5);
  return s;
}

void save_settings(store::Tx& tx, std::int64_t locality_id, const Settings& s) {
  tx.run(
      "INSERT INTO petition_settings (locality_id, sponsors_required, open_months, response_threshold, "
      "debate_threshold, names_per_email, mailbox) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (locality_id) DO UPDATE SET sponsors_required = excluded.sponsors_required, "
      "open_months = excluded.open_months, response_threshold = excluded.response_threshold, "
      "debate_threshold = excluded.debate_threshold, names_per_email = excluded.names_per_email, "
      "mailbox = excluded.mailbox",
      locality_id, s.sponsors_required, s.open_months, s.response_threshold, s.debate_threshold,
      s.names_per_email, s.mailbox);
}

std::int64_t insert_petition(store::Tx& tx, const PetitionRow& p) {
  return tx
      .run(
          "INSERT INTO petitions (locality_id, action, background, details, topic, ward_code, state, "
          "creator_name, creator_email, creator_user_id, sponsor_token, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
          p.locality_id, p.action, p.background, p.details, p.topic, p.ward_code, state_name(p.state),
          p.creator_name, p.creator_email, p.creator_user_id, p.sponsor_token, p.created_at)
      .one()
      .integer(0);
}

void delete_petition(store::Tx& tx, std::int64_t id) {
  for (const char* table : {"petition_signatures", "petition_tallies", "petition_flags", "petition_mailouts"})
    tx.run(fmt::format("DELETE FROM {} WHERE petition_id = $1", table), id);
  tx.run("DELETE FROM petitions WHERE id = $1", id);
}

std::optional<PetitionRow> find_petition(store::Tx& tx, std::int64_t id) {
  auto res = tx.run(fmt::format("SELECT {} FROM petitions WHERE id = $1", kPetitionColumns), id);
  if (res.empty()) return std::nullopt;
  return petition_from(res.rows.front());
}

std::optional<PetitionRow> find_petition_by_sponsor_token(store::Tx& tx, const std::string& token) {
  auto res =
      tx.run(fmt::format("SELECT {} FROM petitions WHERE sponsor_token = $1", kPetitionColumns), token);
  if (res.empty()) return std::nullopt;
  return petition_from(res.rows.front());
}

std::optional<PetitionRow> petition_of_signature_token(store::Tx& tx, const std::string& token_hash) {
  auto res = tx.run("SELECT petition_id FROM petition_signatures WHERE token_hash = $1", token_hash);
  if (res.empty()) return std::nullopt;
  return find_petition(tx, res.rows.front().integer(0));
}

bool change_state(store::Tx& tx, std::int64_t id, const StateChange& c) {
  auto sql = fmt::format(
      "UPDATE petitions SET state = $1, {} = $2, updated_at = $2, closes_at = COALESCE($3, closes_at), "
      "rejection_code = CASE WHEN $4 = '' THEN rejection_code ELSE $4 END, "
      "rejection_details = CASE WHEN $4 = '' THEN rejection_details ELSE $5 END, "
      "moderation_note = CASE WHEN $6 = '' THEN moderation_note ELSE $6 END "
      "WHERE id = $7 AND state = $8",
      stamp_column(c.to));
  return tx.run(sql, state_name(c.to), c.at, c.closes_at, c.rejection_code, c.rejection_details,
                c.moderation_note, id, state_name(c.from))
             .affected == 1;
}

bool record_threshold(store::Tx& tx, std::int64_t id, bool debate, Micros at) {
  return tx.run(
               debate
                   ? "UPDATE petitions SET debate_reached_at = $1 WHERE id = $2 AND debate_reached_at IS NULL"
                   : "UPDATE petitions SET response_reached_at = $1 WHERE id = $2 AND response_reached_at "
                     "IS NULL",
               at, id)
             .affected == 1;
}

void save_response(store::Tx& tx, std::int64_t id, const std::string& text, Micros at) {
  tx.run("UPDATE petitions SET response_text = $1, responded_at = $2, updated_at = $2 WHERE id = $3", text,
         at, id);
}

void save_debate(store::Tx& tx, std::int64_t id, const std::string& on, const std::string& outcome,
                 Micros at) {
  tx.run(
      "UPDATE petitions SET debate_on = $1, debate_outcome = $2, debated_at = $3, updated_at = $3 WHERE id = "
      "$4",
      on, outcome, at, id);
}

std::optional<std::int64_t> insert_signature(store::Tx& tx, const SignatureRow& s) {
  auto res = tx.run(
      "INSERT INTO petition_signatures (petition_id, role, name, name_key, email, email_key, postcode, "
      "ward_code, imd_decile, notify, state, suspect, suspect_reason, token_hash, network, created_at, "
      "confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) "
      "ON CONFLICT (petition_id, email_key, name_key) DO NOTHING RETURNING id",
      s.petition_id, s.role, s.name, s.name_key, s.email, s.email_key, s.postcode, s.ward_code, s.imd_decile,
      s.notify, s.state, s.suspect, s.suspect_reason, s.token_hash, s.network, s.created_at, s.confirmed_at);
  return returned_id(res);
}

namespace {

// INSERT … SELECT, so the casts tell PostgreSQL the parameters' types; $18 limits the names per address.
constexpr const char* kInsertSignatureWhere =
    "INSERT INTO petition_signatures (petition_id, role, name, name_key, email, email_key, postcode, "
    "ward_code, imd_decile, notify, state, suspect, suspect_reason, token_hash, network, created_at, "
    "confirmed_at) SELECT CAST($1 AS BIGINT), $2, $3, $4, $5, $6, $7, $8, CAST($9 AS INTEGER), "
    "CAST($10 AS INTEGER), $11, CAST($12 AS INTEGER), $13, $14, $15, CAST($16 AS BIGINT), "
    "CAST($17 AS BIGINT) WHERE (SELECT COUNT(*) FROM petition_signatures WHERE petition_id = $1 AND "
    "email_key = $6 AND state <> 'invalid') < ";
constexpr const char* kOnConflict = " ON CONFLICT (petition_id, email_key, name_key) DO NOTHING RETURNING id";

store::Statement insert_signature_where(const std::string& sql, const SignatureRow& s, int names_per_email) {
  return store::Statement::of(sql, s.petition_id, s.role, s.name, s.name_key, s.email, s.email_key,
                              s.postcode, s.ward_code, s.imd_decile, s.notify, s.state, s.suspect,
                              s.suspect_reason, s.token_hash, s.network, s.created_at, s.confirmed_at,
                              std::int64_t{names_per_email});
}

}  // namespace

std::optional<std::int64_t> returned_id(const store::Result& r) {
  if (r.empty()) return std::nullopt;
  return r.rows.front().integer(0);
}

std::optional<std::int64_t> insert_signature_if_room(store::Tx& tx, const SignatureRow& s,
                                                     int names_per_email) {
  static const std::string sql = std::string(kInsertSignatureWhere) + "$18" + kOnConflict;
  return returned_id(tx.exec(insert_signature_where(sql, s, names_per_email)));
}

store::Statement signature_on_open_petition(const SignatureRow& s) {
  static const std::string sql =
      std::string(kInsertSignatureWhere) +
      "COALESCE((SELECT t.names_per_email FROM petitions p JOIN petition_settings t ON t.locality_id = "
      "p.locality_id WHERE p.id = $1), $18) AND (SELECT p.state FROM petitions p WHERE p.id = $1) = 'open'" +
      kOnConflict;
  return insert_signature_where(sql, s, Settings{}.names_per_email);
}

std::optional<SigningTerms> signing_terms(store::Tx& tx, std::int64_t petition_id) {
  auto res = tx.run(
      "SELECT p.id, p.locality_id, p.state, p.action, COALESCE(s.names_per_email, $2) FROM petitions p "
      "LEFT JOIN petition_settings s ON s.locality_id = p.locality_id WHERE p.id = $1",
      petition_id, std::int64_t{Settings{}.names_per_email});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows.front();
  return SigningTerms{.id = r.integer(0),
                      .locality_id = r.integer(1),
                      .state = parse_state(r.text(2)).value_or(State::pending),
                      .action = r.text(3),
                      .names_per_email = static_cast<int>(r.integer(4))};
}

store::Statement signer_confirmation_on_open_petition(const std::string& token_hash, Micros at) {
  return store::Statement::of(
      // The petition's state as a scalar subquery, not EXISTS: PostgreSQL may flatten EXISTS into a join
      // that walks every pending signature of open petitions instead of looking the token up.
      "UPDATE petition_signatures SET state = 'confirmed', confirmed_at = $2 WHERE token_hash = $1 AND "
      "state = 'pending' AND role = 'signer' AND (SELECT p.state FROM petitions p WHERE p.id = "
      "petition_signatures.petition_id) = 'open' RETURNING petition_id",
      token_hash, at);
}

std::optional<SignatureRow> find_signature_by_token(store::Tx& tx, const std::string& token_hash) {
  auto res = tx.run(
      fmt::format("SELECT {} FROM petition_signatures WHERE token_hash = $1", kSignatureColumns), token_hash);
  if (res.empty()) return std::nullopt;
  return signature_from(res.rows.front());
}

std::optional<SignatureRow> find_signature(store::Tx& tx, std::int64_t petition_id,
                                           const std::string& email_key, const std::string& name_key) {
  auto res =
      tx.run(fmt::format("SELECT {} FROM petition_signatures WHERE petition_id = $1 AND email_key = $2 "
                         "AND name_key = $3",
                         kSignatureColumns),
             petition_id, email_key, name_key);
  if (res.empty()) return std::nullopt;
  return signature_from(res.rows.front());
}

bool confirm_signature(store::Tx& tx, std::int64_t signature_id, Micros at) {
  return tx.run(
               "UPDATE petition_signatures SET state = 'confirmed', confirmed_at = $1 WHERE id = $2 AND "
               "state = 'pending'",
               at, signature_id)
             .affected == 1;
}

std::int64_t confirmed_supporters(store::Tx& tx, std::int64_t petition_id) {
  return tx
      .run(
          "SELECT COUNT(*) FROM petition_signatures WHERE petition_id = $1 AND role = 'sponsor' AND state = "
          "'confirmed' AND suspect = 0",
          petition_id)
      .one()
      .integer(0);
}

std::vector<TallyRow> recount(store::Tx& tx, std::int64_t petition_id) {
  auto res = tx.run(
      "SELECT ward_code, imd_decile, COUNT(*) FROM petition_signatures WHERE petition_id = $1 AND state = "
      "'confirmed' AND suspect = 0 GROUP BY ward_code, imd_decile ORDER BY ward_code, imd_decile",
      petition_id);
  std::vector<TallyRow> out;
  for (const auto& r : res.rows) out.push_back({r.text(0), static_cast<int>(r.integer(1)), r.integer(2)});
  return out;
}

void save_tallies(store::Tx& tx, std::int64_t petition_id, const std::vector<TallyRow>& rows, Micros at) {
  tx.run("DELETE FROM petition_tallies WHERE petition_id = $1", petition_id);
  std::int64_t total = 0;
  for (const auto& t : rows) {
    tx.run(
        "INSERT INTO petition_tallies (petition_id, ward_code, imd_decile, signatures) VALUES ($1, $2, $3, "
        "$4)",
        petition_id, t.ward_code, t.imd_decile, t.signatures);
    total += t.signatures;
  }
  tx.run("UPDATE petitions SET signature_count = $1, tallied_at = $2 WHERE id = $3", total, at, petition_id);
}

std::vector<TallyRow> tallies(store::Tx& tx, std::int64_t petition_id) {
  auto res = tx.run(
      "SELECT ward_code, imd_decile, signatures FROM petition_tallies WHERE petition_id = $1 ORDER BY "
      "ward_code, "
      "imd_decile",
      petition_id);
  std::vector<TallyRow> out;
  for (const auto& r : res.rows) out.push_back({r.text(0), static_cast<int>(r.integer(1)), r.integer(2)});
  return out;
}

std::vector<std::int64_t> petitions_to_tally(store::Tx& tx, Micros since) {
  auto res = tx.run(
      "SELECT DISTINCT petition_id FROM petition_signatures WHERE confirmed_at >= $1 "
      "UNION SELECT id FROM petitions WHERE tallied_at = 0 AND state IN ('validated', 'sponsored', 'open')",
      since);
  std::vector<std::int64_t> out;
  for (const auto& r : res.rows) out.push_back(r.integer(0));
  return out;
}

std::int64_t release_suspects(store::Tx& tx, std::int64_t petition_id, Micros at) {
  return tx
      .run(
          "UPDATE petition_signatures SET suspect = 0, confirmed_at = CASE WHEN state = 'confirmed' THEN $1 "
          "ELSE confirmed_at END WHERE petition_id = $2 AND suspect = 1",
          at, petition_id)
      .affected;
}

std::int64_t invalidate_suspects(store::Tx& tx, std::int64_t petition_id) {
  return tx
      .run(
          "UPDATE petition_signatures SET state = 'invalid' WHERE petition_id = $1 AND suspect = 1 AND state "
          "<> "
          "'invalid'",
          petition_id)
      .affected;
}

std::vector<SuspectSummary> petitions_with_suspects(store::Tx& tx,
                                                    const std::vector<std::int64_t>& localities) {
  std::vector<SuspectSummary> out;
  if (localities.empty()) return out;
  std::vector<store::Value> params;
  for (auto l : localities) params.emplace_back(l);
  auto res =
      tx.exec(fmt::format("SELECT p.id, p.action, COUNT(*), MIN(s.suspect_reason), MAX(s.suspect_reason) "
                          "FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id "
                          "WHERE s.suspect = 1 AND s.state <> 'invalid' AND p.locality_id IN ({}) "
                          "GROUP BY p.id, p.action ORDER BY COUNT(*) DESC",
                          placeholders(1, localities.size())),
              params);
  for (const auto& r : res.rows) {
    auto lo = r.text(3), hi = r.text(4);
    out.push_back({r.integer(0), r.text(1), r.integer(2), lo == hi ? lo : lo + "; " + hi});
  }
  return out;
}

ListResult list_petitions(store::Tx& tx, const ListFilter& f) {
  std::string where = "WHERE 1 = 1";
  std::vector<store::Value> params;
  auto add = [&](const std::string& clause, store::Value v) {
    params.push_back(std::move(v));
    where += " AND " + fmt::format(fmt::runtime(clause), params.size());
  };
  if (f.locality_id) add("locality_id = ${}", *f.locality_id);
  if (!f.ward_code.empty()) add("ward_code = ${}", f.ward_code);
  if (!f.states.empty()) {
    std::vector<std::string> names;
    for (auto s : f.states) params.emplace_back(std::string(state_name(s)));
    where += " AND state IN (" + placeholders(params.size() - f.states.size() + 1, f.states.size()) + ")";
  }
  if (f.awaiting_response) where += " AND response_reached_at IS NOT NULL AND responded_at IS NULL";
  if (f.responded) where += " AND responded_at IS NOT NULL";
  if (f.debated) where += " AND debated_at IS NOT NULL";
  ListResult out;
  out.total = tx.exec("SELECT COUNT(*) FROM petitions " + where, params).one().integer(0);
  int per = std::clamp(f.per_page, 1, 100), page = std::max(f.page, 1);
  auto sql = fmt::format(
      "SELECT {} FROM petitions {} ORDER BY {} LIMIT {} OFFSET {}", kPetitionColumns, where,
      f.newest ? "COALESCE(opened_at, created_at) DESC, id DESC" : "signature_count DESC, id DESC", per,
      static_cast<std::int64_t>(page - 1) * per);
  out.items = petitions_of(tx.exec(sql, params));
  return out;
}

std::vector<PetitionRow> moderation_queue(store::Tx& tx, const std::vector<std::int64_t>& localities) {
  if (localities.empty()) return {};
  std::vector<store::Value> params;
  for (auto l : localities) params.emplace_back(l);
  return petitions_of(tx.exec(
      fmt::format(
          "SELECT {} FROM petitions WHERE state IN ('sponsored', 'flagged', 'dormant') AND locality_id "
          "IN ({}) ORDER BY sponsored_at, id",
          kPetitionColumns, placeholders(1, localities.size())),
      params));
}

std::vector<std::int64_t> due_to_close(store::Tx& tx, Micros now) {
  auto res = tx.run("SELECT id FROM petitions WHERE state = 'open' AND closes_at <= $1 ORDER BY id", now);
  std::vector<std::int64_t> out;
  for (const auto& r : res.rows) out.push_back(r.integer(0));
  return out;
}

void insert_flag(store::Tx& tx, std::int64_t petition_id, const std::string& kind, const std::string& detail,
                 Micros at) {
  tx.run("INSERT INTO petition_flags (petition_id, kind, detail, created_at) VALUES ($1, $2, $3, $4)",
         petition_id, kind, detail, at);
}

std::vector<FlagRow> open_flags(store::Tx& tx, std::int64_t petition_id) {
  auto res = tx.run(
      "SELECT id, petition_id, kind, detail, created_at FROM petition_flags WHERE petition_id = $1 AND "
      "cleared_at IS NULL ORDER BY id",
      petition_id);
  std::vector<FlagRow> out;
  for (const auto& r : res.rows)
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.integer(4)});
  return out;
}

void clear_flags(store::Tx& tx, std::int64_t petition_id, Micros at) {
  tx.run("UPDATE petition_flags SET cleared_at = $1 WHERE petition_id = $2 AND cleared_at IS NULL", at,
         petition_id);
}

void insert_mailout(store::Tx& tx, std::int64_t petition_id, const std::string& kind, Micros at) {
  tx.run("INSERT INTO petition_mailouts (petition_id, kind, created_at) VALUES ($1, $2, $3)", petition_id,
         kind, at);
}

std::vector<MailoutRow> pending_mailouts(store::Tx& tx) {
  auto res = tx.run(
      "SELECT id, petition_id, kind, after_signature_id FROM petition_mailouts WHERE done_at IS NULL ORDER "
      "BY id "
      "LIMIT 20");
  std::vector<MailoutRow> out;
  for (const auto& r : res.rows) out.push_back({r.integer(0), r.integer(1), r.text(2), r.integer(3)});
  return out;
}

std::vector<SignatureRow> signers_to_tell(store::Tx& tx, std::int64_t petition_id, std::int64_t after_id,
                                          int limit) {
  return signatures_of(
      tx.run(fmt::format("SELECT {} FROM petition_signatures WHERE petition_id = $1 AND id > $2 "
                         "AND notify = 1 AND state = 'confirmed' ORDER BY id LIMIT $3",
                         kSignatureColumns),
             petition_id, after_id, limit));
}

void advance_mailout(store::Tx& tx, std::int64_t mailout_id, std::int64_t after_id,
                     std::optional<Micros> done) {
  // Two statements rather than an optional parameter: GCC 12 at -O3 reports a false maybe-uninitialized
  // inside std::variant for that one.
  if (done)
    tx.run("UPDATE petition_mailouts SET after_signature_id = $1, done_at = $2 WHERE id = $3", after_id,
           *done, mailout_id);
  else
    tx.run("UPDATE petition_mailouts SET after_signature_id = $1 WHERE id = $2", after_id, mailout_id);
}

void add_news_token(store::Tx& tx, std::int64_t signature_id, const std::string& token_hash, Micros at) {
  tx.run("INSERT INTO petition_news_tokens (token_hash, signature_id, created_at) VALUES ($1, $2, $3)",
         token_hash, signature_id, at);
}

std::optional<std::int64_t> stop_news(store::Tx& tx, const std::string& token_hash) {
  auto res = tx.run(
      "SELECT s.id, s.petition_id FROM petition_news_tokens t JOIN petition_signatures s ON s.id = "
      "t.signature_id "
      "WHERE t.token_hash = $1",
      token_hash);
  if (res.empty()) return std::nullopt;
  tx.run("UPDATE petition_signatures SET notify = 0 WHERE id = $1", res.rows[0].integer(0));
  return res.rows[0].integer(1);
}

std::int64_t erase_signers(store::Tx& tx, Micros before) {
  // The keys become unique placeholders: the unique (petition, email, name) key must still hold.
  return tx
      .run(
          "UPDATE petition_signatures SET name = '', email = '', postcode = '', network = '', "
          "name_key = 'erased-' || CAST(id AS TEXT), email_key = 'erased-' || CAST(id AS TEXT), notify = 0 "
          "WHERE email <> '' AND petition_id IN (SELECT id FROM petitions WHERE (state = 'closed' AND "
          "closed_at < $1) "
          "OR (state IN ('rejected', 'hidden', 'removed') AND moderated_at < $1))",
          before)
      .affected;
}

std::vector<SignatureRow> signatures_page(store::Tx& tx, std::int64_t petition_id, std::int64_t after_id,
                                          int limit) {
  return signatures_of(
      tx.run(fmt::format("SELECT {} FROM petition_signatures WHERE petition_id = $1 AND id > $2 "
                         "ORDER BY id LIMIT $3",
                         kSignatureColumns),
             petition_id, after_id, limit));
}

}  // namespace cw::petitions
