// All SQL of e-petitions: settings, petitions, signatures (append-only rows, unique per petition,
// canonical email and name), the tallies the tally job folds from them, moderators' flags and the
// batched mail-outs to signers. Runs in the caller's transaction; thread-safe as the Tx is.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/petitions/petition.h"
#include "store/db.h"

namespace cw::petitions {

struct PetitionRow {
  std::int64_t id = 0, locality_id = 0;
  std::string action, background, details, topic, ward_code;
  State state = State::pending;
  std::string creator_name, creator_email;
  std::optional<std::int64_t> creator_user_id;
  std::string sponsor_token;
  std::string rejection_code, rejection_details, moderation_note;
  Micros created_at = 0;
  std::optional<Micros> validated_at, sponsored_at, opened_at, closes_at, closed_at, moderated_at;
  std::optional<Micros> response_reached_at, debate_reached_at, responded_at, debated_at;
  std::string response_text, debate_on, debate_outcome;
  std::int64_t signature_count = 0;
  Micros tallied_at = 0, updated_at = 0;
};

Settings load_settings(store::Tx& tx, std::int64_t locality_id);
void save_settings(store::Tx& tx, std::int64_t locality_id, const Settings& s);

std::int64_t insert_petition(store::Tx& tx, const PetitionRow& p);
// Deletes the petition with its signatures, tallies, flags and mail-outs (the demo's reload).
void delete_petition(store::Tx& tx, std::int64_t id);
std::optional<PetitionRow> find_petition(store::Tx& tx, std::int64_t id);
std::optional<PetitionRow> find_petition_by_sponsor_token(store::Tx& tx, const std::string& token);
// The petition whose signature has this token key (service.cpp signature_token_key), or nullopt.
std::optional<PetitionRow> petition_of_signature_token(store::Tx& tx, const std::string& token_hash);

// Moves the petition from `from` to `to` and stamps the column for the new state; false when it was no
// longer in `from` (someone else moved it first).
struct StateChange {
  State from, to;
  Micros at = 0;
  std::optional<Micros> closes_at;  // when opening
  std::string rejection_code, rejection_details, moderation_note;
};
bool change_state(store::Tx& tx, std::int64_t id, const StateChange& c);

// Records when the petition reached the threshold; false when that was recorded already.
bool record_threshold(store::Tx& tx, std::int64_t id, bool debate, Micros at);
void save_response(store::Tx& tx, std::int64_t id, const std::string& text, Micros at);
void save_debate(store::Tx& tx, std::int64_t id, const std::string& on, const std::string& outcome,
                 Micros at);

struct SignatureRow {
  std::int64_t id = 0, petition_id = 0;
  std::string role = "signer";  // creator, sponsor, signer
  std::string name, name_key, email, email_key, postcode, ward_code;
  int imd_decile = 0;
  bool notify = false;
  std::string state = "pending";  // pending, confirmed, invalid
  bool suspect = false;
  std::string suspect_reason, token_hash, network;
  Micros created_at = 0;
  std::optional<Micros> confirmed_at;
};

// The new signature's id, or nullopt when this (petition, email, name) has signed already. Never fails on
// the duplicate, so it can share a group commit.
std::optional<std::int64_t> insert_signature(store::Tx& tx, const SignatureRow& s);
// The same, but also nullopt when `names_per_email` different names have already signed with the
// address (the shared-email rule), so signing needs one statement.
std::optional<std::int64_t> insert_signature_if_room(store::Tx& tx, const SignatureRow& s,
                                                     int names_per_email);
// The same with the locality's rule, and only while the petition is open, as a statement to run with
// others: its result is the new id, or no row, which tells nothing of why (read it with returned_id).
store::Statement signature_on_open_petition(const SignatureRow& s);

// What signing needs of a petition, read in one statement because it runs in every signature's turn.
struct SigningTerms {
  std::int64_t id = 0, locality_id = 0;
  State state = State::pending;
  std::string action;
  int names_per_email = Settings{}.names_per_email;
};
std::optional<SigningTerms> signing_terms(store::Tx& tx, std::int64_t petition_id);
// The common confirmation in one statement, to run with others: a signer's pending signature on an open
// petition becomes confirmed. Its result is the petition's id, or no row when the link is anything else
// (see service.h's confirm).
store::Statement signer_confirmation_on_open_petition(const std::string& token_hash, Micros at);
// The id in the first row of a statement's result; nullopt when it has no row.
std::optional<std::int64_t> returned_id(const store::Result& r);
std::optional<SignatureRow> find_signature_by_token(store::Tx& tx, const std::string& token_hash);
std::optional<SignatureRow> find_signature(store::Tx& tx, std::int64_t petition_id,
                                           const std::string& email_key, const std::string& name_key);
// pending → confirmed; false when it was not pending.
bool confirm_signature(store::Tx& tx, std::int64_t signature_id, Micros at);
std::int64_t confirmed_supporters(store::Tx& tx, std::int64_t petition_id);

struct TallyRow {
  std::string ward_code;  // "" when the postcode had no ward
  int imd_decile = 0;     // 0 when not known
  std::int64_t signatures = 0;
};
// Counted from the signature rows themselves: confirmed and not suspect.
std::vector<TallyRow> recount(store::Tx& tx, std::int64_t petition_id);
// Replaces the petition's folded tallies and total.
void save_tallies(store::Tx& tx, std::int64_t petition_id, const std::vector<TallyRow>& rows, Micros at);
std::vector<TallyRow> tallies(store::Tx& tx, std::int64_t petition_id);
// Petitions with a signature confirmed (or released) at or after `since`, or never tallied.
std::vector<std::int64_t> petitions_to_tally(store::Tx& tx, Micros since);
// Bumps confirmed_at on released suspects so the tally job sees them; returns how many.
std::int64_t release_suspects(store::Tx& tx, std::int64_t petition_id, Micros at);
std::int64_t invalidate_suspects(store::Tx& tx, std::int64_t petition_id);

struct SuspectSummary {
  std::int64_t petition_id = 0;
  std::string action;
  std::int64_t suspects = 0;
  std::string reasons;  // distinct reasons, joined
};
std::vector<SuspectSummary> petitions_with_suspects(store::Tx& tx,
                                                    const std::vector<std::int64_t>& localities);

struct ListFilter {
  std::optional<std::int64_t> locality_id;
  std::vector<State> states;
  std::string ward_code;  // the ward it is about
  bool awaiting_response = false, responded = false, debated = false;
  bool newest = false;  // else most signatures first
  int page = 1, per_page = 20;
};
struct ListResult {
  std::vector<PetitionRow> items;
  std::int64_t total = 0;
};
ListResult list_petitions(store::Tx& tx, const ListFilter& f);
std::vector<PetitionRow> moderation_queue(store::Tx& tx, const std::vector<std::int64_t>& localities);
std::vector<std::int64_t> due_to_close(store::Tx& tx, Micros now);

void insert_flag(store::Tx& tx, std::int64_t petition_id, const std::string& kind, const std::string& detail,
                 Micros at);
struct FlagRow {
  std::int64_t id = 0, petition_id = 0;
  std::string kind, detail;
  Micros created_at = 0;
};
std::vector<FlagRow> open_flags(store::Tx& tx, std::int64_t petition_id);
void clear_flags(store::Tx& tx, std::int64_t petition_id, Micros at);

void insert_mailout(store::Tx& tx, std::int64_t petition_id, const std::string& kind, Micros at);
struct MailoutRow {
  std::int64_t id = 0, petition_id = 0;
  std::string kind;
  std::int64_t after_signature_id = 0;
};
std::vector<MailoutRow> pending_mailouts(store::Tx& tx);
// Confirmed signers who asked for news, after `after_id`, in id order.
std::vector<SignatureRow> signers_to_tell(store::Tx& tx, std::int64_t petition_id, std::int64_t after_id,
                                          int limit);
void advance_mailout(store::Tx& tx, std::int64_t mailout_id, std::int64_t after_id,
                     std::optional<Micros> done);

// Erases who signed (name, email, postcode) from petitions that closed, or were rejected, hidden or removed,
// before `before`, keeping each signature's ward and decile so the published counts stand. Returns how
// many signatures were erased.
std::int64_t erase_signers(store::Tx& tx, Micros before);

// A signer's link to stop mail about the petition: kept as the token's hash.
void add_news_token(store::Tx& tx, std::int64_t signature_id, const std::string& token_hash, Micros at);
// Stops mail to the signer whose link this is; the petition's id, or nullopt for an unknown link.
std::optional<std::int64_t> stop_news(store::Tx& tx, const std::string& token_hash);

// Every signature of a petition for the officers' CSV, in id order, a page at a time.
std::vector<SignatureRow> signatures_page(store::Tx& tx, std::int64_t petition_id, std::int64_t after_id,
                                          int limit);

}  // namespace cw::petitions
