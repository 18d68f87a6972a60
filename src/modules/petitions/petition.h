// The rules of e-petitions that need no database, modelled on the UK Parliament petitions service: the
// states a petition moves through and who may move it, what a valid petition and a valid signature look
// like, how email addresses and names are made canonical for "one signature per person", the reasons a
// moderator may give for rejecting, and the thresholds that earn a council response or debate.
// Pure functions and constant data; safe from any thread.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "web/forms.h"
#include "web/http.h"

namespace cw::petitions {

// pending: made, the creator has not confirmed their email. validated: confirmed, gathering supporters.
// sponsored: enough supporters, waiting for moderation. flagged: a moderator wants a second opinion.
// dormant: moderation put on hold (for example in the weeks before an election). open: published and
// taking signatures. rejected: does not meet the standards (published with the reason unless the reason
// is a hidden one). hidden: rejected for a reason that cannot be published, or hidden after a report.
// closed: its time ran out. removed: taken down after publication, kept for the record.
enum class State { pending, validated, sponsored, flagged, dormant, open, rejected, hidden, closed, removed };

std::string_view state_name(State s);   // "open"
std::string_view state_label(State s);  // "Open", as shown to readers
std::optional<State> parse_state(std::string_view name);

// May a petition in `from` move to `to`? Only the moves below exist; everything else is refused:
// pending→validated, validated→sponsored, sponsored|flagged|dormant→open|rejected|hidden|flagged|dormant
// (not to itself), open→closed|removed|hidden, hidden→open (a moderator restores a reported petition
// that is still in time), rejected→hidden.
bool can_move(State from, State to);
// Readers see these; the rest are known only to the creator and moderators.
bool is_public(State s);
// Waiting for a moderator's decision.
bool in_moderation(State s);

// Limits from the e-petitions service, in characters.
inline constexpr std::size_t kActionMax = 80;
inline constexpr std::size_t kBackgroundMax = 300;
inline constexpr std::size_t kDetailsMax = 800;
inline constexpr std::size_t kNameMax = 100;
// The ward a signature counts in when the signer works or studies in the area but lives outside it.
inline constexpr const char* kOutsideWard = "outside";
// The sign form's answer to "Do you live in the area?": "live" (or "yes", as older forms sent), or
// "work" for people who work or study in it but live elsewhere.
bool declares_connection(std::string_view answer);
inline constexpr std::size_t kEmailMax = 254;

struct PetitionDraft {
  std::string action, background, details;
  std::string topic;      // a slug from modules/search/topics.h, or "" for none
  std::string ward_code;  // the ward it is about, or "" for the whole area
  std::string name, email, postcode;
  bool declaration = false;    // lives, works or studies in the area
  bool notify = true;          // mail me about the petition's progress
  bool lives_outside = false;  // works or studies in the area but lives elsewhere
};
PetitionDraft petition_draft_from_form(const web::Params& form);
// Every rule the draft breaks in form order (the postcode's shape is checked; whether it is in the area
// is the service's). Empty when valid.
std::vector<web::FieldError> check_petition_draft(const PetitionDraft& d);

struct SignerDraft {
  std::string name, email, postcode;
  bool declaration = false;
  bool notify = false;
  bool lives_outside = false;
};
SignerDraft signer_draft_from_form(const web::Params& form);
std::vector<web::FieldError> check_signer_draft(const SignerDraft& d);

// The address as the petition counts it: lower case, and for the mail services that ignore them
// (Gmail and Googlemail) without dots in the local part; "+tag" suffixes are dropped everywhere.
// nullopt when it is not one plausible address.
std::optional<std::string> canonical_signer_email(std::string_view email);
// A name as compared for duplicates: trimmed, inner spaces collapsed, lower case (ASCII).
std::string canonical_name(std::string_view name);
// True when a spreadsheet would read the text as a formula (= + - @ first, after spaces): such names are
// refused, and cells exported to CSV are made safe.
bool looks_like_formula(std::string_view text);
std::string email_domain(std::string_view canonical_email);

// Why a moderator may reject. Public reasons are shown on the petition; hidden ones (libel, offence,
// advertising…) make it hidden, and only the creator is told.
struct RejectionReason {
  const char* code;
  const char* label;        // for moderators
  const char* description;  // what readers (or the creator) are told
  bool hidden;
};
const std::vector<RejectionReason>& rejection_reasons();
const RejectionReason* find_rejection_reason(std::string_view code);

// Per-locality settings: data, not code, because councils choose their own petition schemes.
struct Settings {
  int sponsors_required = 5;
  int open_months = 6;
  std::int64_t response_threshold = 500;  // signatures that earn a written council response
  std::int64_t debate_threshold = 2500;   // signatures that earn a debate at full council
  int names_per_email = 3;                // people sharing one address (a household) may each sign
  std::string mailbox;                    // where threshold and moderation alerts go; "" for none
};
std::vector<web::FieldError> check_settings(const Settings& s);

// The closing time of a petition opened at `opened`: the end of the day `months` later (months clamped
// to their last day, as 31 August + 6 months is 28 or 29 February), so people can sign all of its last
// day and every page names that day as consultations do (civil::closes_text).
Micros closing_time(Micros opened, int months);

// Which thresholds a count has reached that were not yet recorded.
struct ThresholdsReached {
  bool response = false, debate = false;
};
ThresholdsReached thresholds_reached(std::int64_t count, const Settings& s, bool response_recorded,
                                     bool debate_recorded);

}  // namespace cw::petitions
