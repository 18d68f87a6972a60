// All SQL of the consultations module: consultations with their wards and topics, documents, and
// responses (drafts and submitted). Plain functions over the caller's transaction; the service decides
// what may happen, this only reads and writes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "modules/consultations/consultation.h"
#include "store/db.h"

namespace cw::consultations {

std::int64_t insert_consultation(store::Tx& tx, const Consultation& c);
// Details, dates, wards and topics, survey, status and outcome: everything but the id and creation.
void update_consultation(store::Tx& tx, const Consultation& c);
std::optional<Consultation> find_consultation(store::Tx& tx, std::int64_t id);
// With its documents and responses: only for reloading the demo.
void delete_consultation(store::Tx& tx, std::int64_t id);

struct ListFilter {
  std::int64_t locality_id = 0;
  bool published_only = true;            // officers' own list includes drafts and withdrawn ones
  std::optional<std::string> ward_code;  // concerning this ward or the whole locality
  std::optional<std::string> topic;
};
// Newest closing date last is not useful to readers: ordered by closing date, soonest first.
std::vector<Consultation> list_consultations(store::Tx& tx, const ListFilter& f);
// Published consultations whose end has passed but whose search entry still says otherwise.
std::vector<std::int64_t> closed_but_not_reindexed(store::Tx& tx, Micros now);
void set_indexed_status(store::Tx& tx, std::int64_t id, const std::string& status);

struct Document {
  std::int64_t id = 0, consultation_id = 0;
  std::string title, filename;
  std::int64_t size_bytes = 0;
  std::string data_base64;  // only from find_document
  Micros created_at = 0;
};
std::int64_t insert_document(store::Tx& tx, const Document& d);
std::vector<Document> list_documents(store::Tx& tx, std::int64_t consultation_id);
std::optional<Document> find_document(store::Tx& tx, std::int64_t consultation_id, std::int64_t id);
bool delete_document(store::Tx& tx, std::int64_t consultation_id, std::int64_t id);

struct ResponseRow {
  std::int64_t id = 0, consultation_id = 0;
  std::optional<std::int64_t> user_id;
  std::string status;  // draft, submitted
  Answers answers;
  std::string postcode;
  std::optional<std::string> ward_code;
  std::optional<int> imd_decile;
  std::string email;
  bool wants_updates = false;
  Micros created_at = 0, updated_at = 0;
  std::optional<Micros> submitted_at;
  // Held until the respondent follows the mailed link: the hash of its token, only when writing.
  std::optional<std::string> confirm_hash;
  bool awaiting_confirmation = false;         // when read
  bool wants_copy = false;                    // a copy of the answers once the address is confirmed
  std::optional<std::string> suspect_reason;  // held for officers to check: not counted until released
  std::string network;                        // the respondent's network (audit::ip_prefix), anonymous only
};
// Writes a response. For a signed-in person it replaces their draft; nullopt when they have already
// submitted one (the unique constraint on (consultation, person) and the draft-only update hold this
// even for two requests at once). Anonymous responses are always inserted.
std::optional<std::int64_t> save_response(store::Tx& tx, const ResponseRow& r);
std::optional<ResponseRow> find_user_response(store::Tx& tx, std::int64_t consultation_id,
                                              std::int64_t user_id);
// Submitted responses that count: confirmed where asked, and not held as suspect.
std::vector<ResponseRow> submitted_responses(store::Tx& tx, std::int64_t consultation_id);
std::int64_t count_submitted(store::Tx& tx, std::int64_t consultation_id);

struct GroupCount {
  std::optional<std::string> key;  // ward code or decile ("1" … "10"); empty when not known
  std::int64_t count = 0;
};
std::vector<GroupCount> responses_by_ward(store::Tx& tx, std::int64_t consultation_id);
std::vector<GroupCount> responses_by_decile(store::Tx& tx, std::int64_t consultation_id);
// Submitted responses that do not count (yet): waiting for their email confirmation, and held as suspect.
struct HeldResponses {
  std::int64_t unconfirmed = 0, suspect = 0;
};
HeldResponses held_responses(store::Tx& tx, std::int64_t consultation_id);
// Confirms the response waiting with this token hash (once: the hash is then cleared); nullopt when
// there is none.
std::optional<ResponseRow> confirm_response_row(store::Tx& tx, const std::string& confirm_hash);
// Counts every response of the consultation held as suspect; returns how many.
std::int64_t release_suspects(store::Tx& tx, std::int64_t consultation_id);
void mark_burst(store::Tx& tx, std::int64_t consultation_id, Micros at);

// Counted responses' addresses (see submitted_responses) that asked to hear the outcome, each once.
std::vector<std::string> update_subscribers(store::Tx& tx, std::int64_t consultation_id);

}  // namespace cw::consultations
