// The consultations' commands: officers create, edit, build the survey, attach documents, publish, close
// early, withdraw and write the outcome; residents respond (or save a draft). Each runs in one write
// transaction with its permission check, its audit entry, its mail and the site-search entry, so a
// refused or failed command changes nothing. Refusals throw web::FormInvalid (422 for bad input, 403
// not allowed, 404 unknown, 409 not possible in the consultation's phase).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "html/views.h"
#include "modules/command.h"
#include "modules/consultations/store.h"
#include "store/db.h"

namespace cw::consultations {

using modules::Command;

// May the actor run consultations in this locality (an officer, or an admin of an organisation)?
bool can_create(const Actor* actor, std::int64_t locality_id);
// May the actor change this one and see its results? Its locality's officers; its organisation's admins.
bool can_manage(const Actor* actor, const Consultation& c);
// Published ones are public; drafts and withdrawn ones only to those who may manage them.
bool can_view(const Actor* actor, const Consultation& c);

std::int64_t create_consultation(store::Db& db, const Command& cmd, std::int64_t locality_id,
                                 const ConsultationDraft& draft);
void edit_consultation(store::Db& db, const Command& cmd, std::int64_t id, const ConsultationDraft& draft);

// Adds `q` at the end (q.id empty) or replaces the question with q.id. The survey can change only while
// the consultation is a draft: answers already given would no longer match their questions.
std::string save_question(store::Db& db, const Command& cmd, std::int64_t id, Question q);
void remove_question(store::Db& db, const Command& cmd, std::int64_t id, const std::string& question_id);
void move_question(store::Db& db, const Command& cmd, std::int64_t id, const std::string& question_id,
                   int delta);

inline constexpr std::size_t kMaxDocumentBytes = 10 * 1024 * 1024;
// A PDF (checked by its first bytes, "%PDF-"), at most kMaxDocumentBytes.
std::int64_t add_document(store::Db& db, const Command& cmd, std::int64_t id, const std::string& title,
                          const std::string& filename, const std::string& bytes);
void remove_document(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t document_id);

// Publishes a complete draft (a valid survey, a last day not already past) and puts it in site search.
void publish(store::Db& db, const Command& cmd, std::int64_t id);
// Stops responses now, before the planned end.
void close_now(store::Db& db, const Command& cmd, std::int64_t id);
// Takes it down: no longer public, out of site search; responses are kept.
void withdraw(store::Db& db, const Command& cmd, std::int64_t id);
// Saves "You said, we did"; with `publish` (only once closed) shows it to everyone and mails each
// respondent who asked for updates, once.
void save_outcome(store::Db& db, const Command& cmd, std::int64_t id, const std::string& text, bool publish);
// The step before publishing: saves the text unpublished and checks it may be published now (written,
// and the consultation closed), so the officer sees a preview and who will be emailed before anyone is.
void prepare_outcome(store::Db& db, const Command& cmd, std::int64_t id, const std::string& text);
// How many people publishing the outcome now would email: 0 once it has been published (only the first
// publication mails).
std::int64_t outcome_recipients(store::Tx& tx, const Consultation& c);

struct ResponseForm {
  Answers answers;       // as read by answers_from_form
  std::string postcode;  // optional
  std::string email;     // where to send the copy and updates; signed in: the account's by default
  bool send_copy = false;
  bool wants_updates = false;
  // Anonymous responses only, from the web layer's fraud checks: the respondent's network, and why the
  // response is held for officers to check (empty: it counts).
  std::string network;
  std::string suspect_reason;
};
// Saves the actor's draft (`submit` false; signed-in people only) or submits a response. Throws
// FormInvalid listing every problem, 409 when the consultation is not open or the person has already
// responded, 403 when it needs signing in. An anonymous response to a consultation taking email-
// confirmed responses is held, and a link to confirm it mailed. The copy of the answers goes only to an
// address known to be the respondent's (their account's, or once confirmed); other addresses are told
// only that a response was received, so no one can mail their own words to a stranger from this site.
std::int64_t respond(store::Db& db, const Command& cmd, std::int64_t id, const ResponseForm& form,
                     bool submit);

// Confirms the held response whose mailed link carried `token` (and mails the copy it asked for).
// Returns the consultation's id; 404 for an unknown or used link.
std::int64_t confirm_response(store::Db& db, const Command& cmd, const std::string& token);
// Records that responses to the consultation suddenly arrived far faster than before, for its officers.
void note_burst(store::Db& db, const Command& cmd, std::int64_t id);
// Counts the responses held as suspect, after an officer has checked them; returns how many.
std::int64_t count_suspects(store::Db& db, const Command& cmd, std::int64_t id);

// Keeps site search in step with the consultation, in the caller's transaction: indexed while
// published (its phase as the status), removed otherwise.
void reindex(store::Tx& tx, const Consultation& c, Micros now);

// For the background job: puts consultations whose end has passed into search as closed. Returns how many.
int reindex_closed(store::Db& db, Micros now);

}  // namespace cw::consultations
