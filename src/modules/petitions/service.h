// The commands of e-petitions: start one, confirm a signature (the creator's, a supporter's, a
// signer's), moderate, publish the council's response and debate, release or strike out suspect
// signatures, and change a locality's settings; and the background work: folding counts from the
// signature rows, recording thresholds, closing petitions whose time is up, and mailing signers in
// batches. Each command checks who acts, writes the store, audit log and outbox in the caller's one
// transaction, and throws web::FormInvalid (403, 404, 409 or 422) to refuse. Thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/actor.h"
#include "common/clock.h"
#include "modules/command.h"
#include "modules/mail/outbox.h"
#include "modules/petitions/fraud.h"
#include "modules/petitions/store.h"
#include "store/db.h"
#include "store/group_commit.h"

namespace cw::html {
class Views;
}

namespace cw::petitions {

using modules::Command;

bool may_moderate(const Actor* actor, std::int64_t locality_id);
bool may_respond(const Actor* actor, std::int64_t locality_id);  // a council officer there

// Where a signer's postcode is, looked up before the write so the shared transaction only writes.
struct SignerPlace {
  std::string postcode;  // normal form
  std::string ward_code;
  int imd_decile = 0;
};
// The place of a postcode in the petition's locality. Throws FormInvalid on "postcode" when it is not
// a postcode there.
// The petition a mailed confirmation link (the raw token from its address) is for, or nullopt.
std::optional<PetitionRow> petition_of_confirmation_link(store::Tx& tx, const std::string& token);

SignerPlace place_signer(store::Tx& tx, std::int64_t locality_id, const std::string& postcode,
                         bool lives_outside = false);

// Starts a petition and mails its creator a link to confirm. Returns its id.
std::int64_t create_petition(store::Tx& tx, const Command& c, std::int64_t locality_id,
                             const PetitionDraft& d, const SignerPlace& where);

enum class SignOutcome { mailed_confirmation, mailed_already_signed };
struct Signed {
  SignOutcome outcome = SignOutcome::mailed_confirmation;
  std::string token;  // the confirmation token mailed, for callers that confirm themselves (benchmarks)
};

// A signature's token and the mail that carries it, made before the write: rendering mail inside a group
// commit would hold every other signer's commit behind it (measured: it was most of a commit's time).
struct PreparedConfirmation {
  std::string token, token_hash;
  mail::MailMessage mail;
};
PreparedConfirmation prepare_confirmation(const Command& c, const std::string& petition_action,
                                          const std::string& to, const std::string& name);

// Everything a signature needs, prepared outside the write so it can share a group commit.
struct SignatureRequest {
  std::int64_t petition_id = 0;
  bool as_supporter = false;  // through the creator's link, before the petition opens
  SignerDraft signer;
  SignerPlace where;
  FraudVerdict verdict;
  std::string network;                           // audit::ip_prefix of the address
  std::optional<PreparedConfirmation> prepared;  // made inside the write when absent
};
// Records an unconfirmed signature and mails the link to confirm it, or, when this person has signed
// already, mails them to say so (no error: the page must not reveal who signed). Refuses (409) when the
// petition is not taking signatures and (422) when the address has signed under too many names.
Signed sign(store::Tx& tx, const Command& c, const SignatureRequest& r);
// The same as a group-commit command, whose first statements share the batch's round trip; `out` is set
// once it has run. `c`, `r` and `out` must outlive the command.
store::GroupCommit::Command sign_command(const Command& c, const SignatureRequest& r, Signed& out);

enum class ConfirmOutcome { confirmed, already_confirmed };
struct Confirmed {
  ConfirmOutcome outcome = ConfirmOutcome::confirmed;
  std::int64_t petition_id = 0;
  std::string role;  // creator, sponsor, signer
};
// Confirms the signature whose mailed token this is. The creator's confirmation validates the petition
// and mails them the link for supporters; the supporter who makes up the number sends it to moderation.
// Throws FormInvalid 404 for an unknown token, 409 when the petition no longer takes signatures.
Confirmed confirm(store::Tx& tx, const Command& c, const std::string& token);
// The same as a group-commit command; `c` and `out` must outlive it.
store::GroupCommit::Command confirm_command(const Command& c, const std::string& token, Confirmed& out);

// Moderators' decisions on a petition waiting for them (or on an open one: hide or remove it).
struct Decision {
  std::string action;  // publish, reject, flag, dormant, hide, restore, remove
  std::string reason_code;
  std::string details;  // shown to the creator (and readers, for a public rejection)
};
void moderate(store::Tx& tx, const Command& c, std::int64_t petition_id, const Decision& d);
// The moderation queue's hide and restore, under the same rules as `moderate`: only a petition hidden
// after it opened is shown again (never one hidden by a rejection), with a closing date if it had none.
void set_hidden_from_queue(store::Tx& tx, std::int64_t petition_id, bool hidden, Micros now);

void respond(store::Tx& tx, const Command& c, std::int64_t petition_id, const std::string& response);
void record_debate(store::Tx& tx, const Command& c, std::int64_t petition_id, const std::string& date,
                   const std::string& outcome);
// release: suspect signatures count; otherwise they are struck out. Returns how many.
std::int64_t decide_suspects(store::Tx& tx, const Command& c, std::int64_t petition_id, bool release);
void update_settings(store::Tx& tx, const Command& c, std::int64_t locality_id, const Settings& s);
// Tells moderators that a petition's signatures suddenly poured in (called when the fraud monitor saw it).
void flag_burst(store::Tx& tx, const Command& c, std::int64_t petition_id);

// Background work. Each returns how much it did.
// Recounts every petition with a confirmation at or after `since`, records thresholds newly reached and
// tells the locality's mailbox. One transaction per petition.
int tally(store::Db& db, const html::Views& views, const std::string& base_url, Micros since, Micros now);
int close_due(store::Db& db, const html::Views& views, const std::string& base_url, Micros now);
int send_mailouts(store::Db& db, const html::Views& views, const std::string& base_url, Micros now,
                  int batch = 500);

// Erases signers' names, emails and postcodes a year after their petition closed or was turned down
// (docs/privacy.md); ward and decile stay, so counts do not change.
std::int64_t erase_old_signers(store::Db& db, Micros now);

// The petition's public page address.
std::string petition_href(std::int64_t id);

}  // namespace cw::petitions
