#include "modules/consultations/store.h"

namespace cw::consultations {

namespace {

constexpr const char* kColumns =
    "SELECT id, locality_id, organisation_id, title, summary, body, contact, starts_at, ends_at, "
    "responders, survey, status, indexed_status, outcome, outcome_published_at, published_at, "
    "created_by, created_at, updated_at, burst_at FROM consultations ";

Consultation consultation_from(const store::Row& r) {
  Consultation c;
  c.id = r.integer(0);
  c.locality_id = r.integer(1);
  c.organisation_id = r.integer(2);
  c.title = r.text(3);
  c.summary = r.text(4);
  c.body = r.text(5);
  c.contact = r.text(6);
  c.starts_at = r.integer(7);
  c.ends_at = r.integer(8);
  c.responders = responders_from_slug(r.text(9)).value_or(Responders::signed_in);
  c.survey = survey_from_json(r.text(10));
  c.status = r.text(11);
  c.indexed_status = r.text(12);
  c.outcome = r.text(13);
  c.outcome_published_at = r.opt_integer(14);
  c.published_at = r.opt_integer(15);
  c.created_by = r.opt_integer(16);
  c.created_at = r.integer(17);
  c.updated_at = r.integer(18);
  c.burst_at = r.opt_integer(19);
  return c;
}

void load_places(store::Tx& tx, Consultation& c) {
  c.ward_codes.clear();
  c.topics.clear();
  for (const auto& r :
       tx.run("SELECT ward_code FROM consultation_wards WHERE consultation_id = $1 ORDER BY ward_code", c.id)
           .rows)
    c.ward_codes.push_back(r.text(0));
  for (const auto& r :
       tx.run("SELECT topic FROM consultation_topics WHERE consultation_id = $1 ORDER BY topic", c.id).rows)
    c.topics.push_back(r.text(0));
}

void save_places(store::Tx& tx, const Consultation& c) {
  tx.run("DELETE FROM consultation_wards WHERE consultation_id = $1", c.id);
  tx.run("DELETE FROM consultation_topics WHERE consultation_id = $1", c.id);
  for (const auto& w : c.ward_codes)
    tx.run(
        "INSERT INTO consultation_wards (consultation_id, ward_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        c.id, w);
  for (const auto& t : c.topics)
    tx.run("INSERT INTO consultation_topics (consultation_id, topic) VALUES ($1, $2) ON CONFLICT DO NOTHING",
           c.id, t);
}

ResponseRow response_from(const store::Row& r) {
  ResponseRow x;
  x.id = r.integer(0);
  x.consultation_id = r.integer(1);
  x.user_id = r.opt_integer(2);
  x.status = r.text(3);
  x.answers = answers_from_json(r.text(4));
  x.postcode = r.text(5);
  x.ward_code = r.opt_text(6);
  if (auto d = r.opt_integer(7)) x.imd_decile = static_cast<int>(*d);
  x.email = r.text(8);
  x.wants_updates = r.boolean(9);
  x.created_at = r.integer(10);
  x.updated_at = r.integer(11);
  x.submitted_at = r.opt_integer(12);
  x.awaiting_confirmation = !r.is_null(13);
  x.wants_copy = r.boolean(14);
  x.suspect_reason = r.opt_text(15);
  return x;
}

constexpr const char* kResponseColumns =
    "SELECT id, consultation_id, user_id, status, answers, postcode, ward_code, imd_decile, email, "
    "wants_updates, created_at, updated_at, submitted_at, confirm_hash, wants_copy, suspect_reason "
    "FROM consultation_responses ";

// A response counts in results once submitted, confirmed where the consultation asks for that, and not
// held as suspect.
const std::string kCounted = " status = 'submitted' AND confirm_hash IS NULL AND suspect_reason IS NULL ";

std::vector<GroupCount> groups(store::Tx& tx, const std::string& sql, std::int64_t id) {
  std::vector<GroupCount> out;
  for (const auto& r : tx.run(sql, id).rows) out.push_back({r.opt_text(0), r.integer(1)});
  return out;
}

}  // namespace

std::int64_t insert_consultation(store::Tx& tx, const Consultation& c) {
  auto id = tx.run(
                  "INSERT INTO consultations (locality_id, organisation_id, title, summary, body, contact, "
                  "starts_at, ends_at, requires_sign_in, survey, status, created_by, created_at, updated_at, "
                  "responders) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
                  "RETURNING id",
                  c.locality_id, c.organisation_id, c.title, c.summary, c.body, c.contact, c.starts_at,
                  c.ends_at, c.responders == Responders::signed_in, survey_to_json(c.survey), c.status,
                  c.created_by, c.created_at, c.updated_at, std::string(responders_slug(c.responders)))
                .one()
                .integer(0);
  Consultation saved = c;
  saved.id = id;
  save_places(tx, saved);
  return id;
}

void update_consultation(store::Tx& tx, const Consultation& c) {
  tx.run(
      "UPDATE consultations SET title = $2, summary = $3, body = $4, contact = $5, starts_at = $6, "
      "ends_at = $7, requires_sign_in = $8, survey = $9, status = $10, outcome = $11, "
      "outcome_published_at = $12, published_at = $13, updated_at = $14, responders = $15 WHERE id = $1",
      c.id, c.title, c.summary, c.body, c.contact, c.starts_at, c.ends_at,
      c.responders == Responders::signed_in, survey_to_json(c.survey), c.status, c.outcome,
      c.outcome_published_at, c.published_at, c.updated_at, std::string(responders_slug(c.responders)));
  save_places(tx, c);
}

std::optional<Consultation> find_consultation(store::Tx& tx, std::int64_t id) {
  auto rows = tx.run(std::string(kColumns) + "WHERE id = $1", id).rows;
  if (rows.empty()) return std::nullopt;
  auto c = consultation_from(rows.front());
  load_places(tx, c);
  return c;
}

void delete_consultation(store::Tx& tx, std::int64_t id) {
  tx.run("DELETE FROM consultations WHERE id = $1", id);
}

std::vector<Consultation> list_consultations(store::Tx& tx, const ListFilter& f) {
  // One constant statement for every filter: unset filters compare with themselves.
  auto rows =
      tx.run(std::string(kColumns) +
                 "WHERE locality_id = $1 AND (status = 'published' OR $2 = 0) "
                 "AND ($3 = '' OR NOT EXISTS (SELECT 1 FROM consultation_wards w WHERE "
                 "w.consultation_id = consultations.id) OR EXISTS (SELECT 1 FROM consultation_wards w "
                 "WHERE w.consultation_id = consultations.id AND w.ward_code = $3)) "
                 "AND ($4 = '' OR EXISTS (SELECT 1 FROM consultation_topics t WHERE "
                 "t.consultation_id = consultations.id AND t.topic = $4)) "
                 "ORDER BY ends_at, id",
             f.locality_id, f.published_only ? 1 : 0, f.ward_code.value_or(""), f.topic.value_or(""))
          .rows;
  std::vector<Consultation> out;
  for (const auto& r : rows) {
    out.push_back(consultation_from(r));
    load_places(tx, out.back());
  }
  return out;
}

std::vector<std::int64_t> closed_but_not_reindexed(store::Tx& tx, Micros now) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.run("SELECT id FROM consultations WHERE status = 'published' AND ends_at <= $1 "
                              "AND indexed_status <> 'closed' ORDER BY id",
                              now)
                           .rows)
    out.push_back(r.integer(0));
  return out;
}

void set_indexed_status(store::Tx& tx, std::int64_t id, const std::string& status) {
  tx.run("UPDATE consultations SET indexed_status = $2 WHERE id = $1", id, status);
}

std::int64_t insert_document(store::Tx& tx, const Document& d) {
  return tx
      .run(
          "INSERT INTO consultation_documents (consultation_id, title, filename, size_bytes, data_base64, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          d.consultation_id, d.title, d.filename, d.size_bytes, d.data_base64, d.created_at)
      .one()
      .integer(0);
}

std::vector<Document> list_documents(store::Tx& tx, std::int64_t consultation_id) {
  std::vector<Document> out;
  for (const auto& r : tx.run("SELECT id, consultation_id, title, filename, size_bytes, created_at FROM "
                              "consultation_documents WHERE consultation_id = $1 ORDER BY id",
                              consultation_id)
                           .rows)
    out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.integer(4), "", r.integer(5)});
  return out;
}

std::optional<Document> find_document(store::Tx& tx, std::int64_t consultation_id, std::int64_t id) {
  auto rows = tx.run(
                    "SELECT id, consultation_id, title, filename, size_bytes, data_base64, created_at FROM "
                    "consultation_documents WHERE consultation_id = $1 AND id = $2",
                    consultation_id, id)
                  .rows;
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.front();
  return Document{r.integer(0), r.integer(1), r.text(2), r.text(3), r.integer(4), r.text(5), r.integer(6)};
}

bool delete_document(store::Tx& tx, std::int64_t consultation_id, std::int64_t id) {
  return tx.run("DELETE FROM consultation_documents WHERE consultation_id = $1 AND id = $2", consultation_id,
                id)
             .affected > 0;
}

std::optional<std::int64_t> save_response(store::Tx& tx, const ResponseRow& r) {
  auto rows =
      tx.run(
            "INSERT INTO consultation_responses (consultation_id, user_id, status, answers, postcode, "
            "ward_code, "
            "imd_decile, email, wants_updates, created_at, updated_at, submitted_at, confirm_hash, "
            "wants_copy, suspect_reason, network) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
            "ON CONFLICT (consultation_id, user_id) DO UPDATE SET status = excluded.status, "
            "answers = excluded.answers, postcode = excluded.postcode, ward_code = excluded.ward_code, "
            "imd_decile = excluded.imd_decile, email = excluded.email, wants_updates = "
            "excluded.wants_updates, "
            "updated_at = excluded.updated_at, submitted_at = excluded.submitted_at "
            "WHERE consultation_responses.status = 'draft' RETURNING id",
            r.consultation_id, r.user_id, r.status, answers_to_json(r.answers), r.postcode, r.ward_code,
            r.imd_decile ? std::optional<std::int64_t>(*r.imd_decile) : std::nullopt, r.email,
            r.wants_updates, r.created_at, r.updated_at, r.submitted_at, r.confirm_hash, r.wants_copy,
            r.suspect_reason, r.network)
          .rows;
  if (rows.empty()) return std::nullopt;
  return rows.front().integer(0);
}

std::optional<ResponseRow> find_user_response(store::Tx& tx, std::int64_t consultation_id,
                                              std::int64_t user_id) {
  auto rows = tx.run(std::string(kResponseColumns) + "WHERE consultation_id = $1 AND user_id = $2",
                     consultation_id, user_id)
                  .rows;
  if (rows.empty()) return std::nullopt;
  return response_from(rows.front());
}

std::vector<ResponseRow> submitted_responses(store::Tx& tx, std::int64_t consultation_id) {
  std::vector<ResponseRow> out;
  for (const auto& r :
       tx.run(std::string(kResponseColumns) + "WHERE consultation_id = $1 AND" + kCounted + "ORDER BY id",
              consultation_id)
           .rows)
    out.push_back(response_from(r));
  return out;
}

std::int64_t count_submitted(store::Tx& tx, std::int64_t consultation_id) {
  return tx
      .run("SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1 AND" + kCounted,
           consultation_id)
      .one()
      .integer(0);
}

std::vector<GroupCount> responses_by_ward(store::Tx& tx, std::int64_t consultation_id) {
  return groups(tx,
                "SELECT ward_code, COUNT(*) FROM consultation_responses WHERE consultation_id = $1 AND" +
                    kCounted + "GROUP BY ward_code ORDER BY ward_code",
                consultation_id);
}

std::vector<GroupCount> responses_by_decile(store::Tx& tx, std::int64_t consultation_id) {
  return groups(
      tx,
      "SELECT CAST(imd_decile AS TEXT), COUNT(*) FROM consultation_responses WHERE consultation_id = $1 "
      "AND" +
          kCounted + "GROUP BY imd_decile ORDER BY imd_decile",
      consultation_id);
}

std::vector<std::string> update_subscribers(store::Tx& tx, std::int64_t consultation_id) {
  std::vector<std::string> out;
  for (const auto& r :
       tx.run("SELECT DISTINCT email FROM consultation_responses WHERE consultation_id = $1 AND" + kCounted +
                  "AND wants_updates = 1 AND email <> '' ORDER BY email",
              consultation_id)
           .rows)
    out.push_back(r.text(0));
  return out;
}

HeldResponses held_responses(store::Tx& tx, std::int64_t consultation_id) {
  auto r = tx.run(
                 "SELECT COALESCE(SUM(CASE WHEN confirm_hash IS NOT NULL THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN confirm_hash IS NULL AND suspect_reason IS NOT NULL THEN 1 ELSE 0 "
                 "END), 0) "
                 "FROM consultation_responses WHERE consultation_id = $1 AND status = 'submitted'",
                 consultation_id)
               .one();
  return {r.integer(0), r.integer(1)};
}

std::optional<ResponseRow> confirm_response_row(store::Tx& tx, const std::string& confirm_hash) {
  auto rows =
      tx.run(
            "UPDATE consultation_responses SET confirm_hash = NULL WHERE confirm_hash = $1 "
            "RETURNING id, consultation_id, user_id, status, answers, postcode, ward_code, imd_decile, "
            "email, wants_updates, created_at, updated_at, submitted_at, confirm_hash, wants_copy, "
            "suspect_reason",
            confirm_hash)
          .rows;
  if (rows.empty()) return std::nullopt;
  return response_from(rows.front());
}

std::int64_t release_suspects(store::Tx& tx, std::int64_t consultation_id) {
  return tx
      .run(
          "UPDATE consultation_responses SET suspect_reason = NULL WHERE consultation_id = $1 AND "
          "suspect_reason IS NOT NULL",
          consultation_id)
      .affected;
}

void mark_burst(store::Tx& tx, std::int64_t consultation_id, Micros at) {
  tx.run("UPDATE consultations SET burst_at = $2 WHERE id = $1", consultation_id, at);
}

}  // namespace cw::consultations
