#include "modules/petitions/service.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/audit/audit.h"
#include "modules/petitions/notices.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "modules/places/request_locality.h"
#include "web/forms.h"

namespace cw::petitions {

namespace {

using web::FormInvalid;

constexpr std::size_t kTokenTimeDigits = 16;

// A signature's token starts with the time it was made, in microseconds as 16 hex digits, before the
// random part that makes it secret; its stored key keeps that start in the clear ahead of the hash
// (signature_token_key). New keys then sort after all the others, so under a surge a commit's
// signatures all go into the last page of the token index instead of a page each, and every page a
// commit changes is another page its log flush writes.
std::string new_signature_token() {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  return fmt::format("{:016x}", micros) + accounts::random_token();
}

std::string signature_token_key(const std::string& token) {
  bool timed = token.size() > kTokenTimeDigits &&
               std::all_of(token.begin(), token.begin() + kTokenTimeDigits,
                           [](char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'); });
  // A token without the time (made before it was added) keeps its plain hash as its key.
  return timed ? token.substr(0, kTokenTimeDigits) + accounts::token_hash(token)
               : accounts::token_hash(token);
}

std::string confirm_url(const Command& c, const std::string& token) {
  return c.base_url + "/petitions/confirm/" + token;
}

std::string support_url(const Command& c, const PetitionRow& p) {
  return c.base_url + "/petitions/" + std::to_string(p.id) + "/support/" + p.sponsor_token;
}

void refuse_unless_ward_of(store::Tx& tx, std::int64_t locality_id, const std::string& ward) {
  if (ward.empty()) return;
  auto wards = places::ward_refs(tx, locality_id);
  if (std::none_of(wards.begin(), wards.end(), [&](const auto& w) { return w.code == ward; }))
    throw FormInvalid("ward", "Select a ward from the list, or the whole area");
}

// Mails the person a link to confirm their signature (or, for the creator, the petition).
// The mail with the link that confirms a signature (or, for the creator, the petition).
Notice confirmation_notice(const Command& c, const std::string& action, const std::string& to,
                           const std::string& /*name*/, bool creator, const std::string& token) {
  return {.to = to,
          .kind = "petition.confirm",
          .subject = creator ? "Confirm your petition" : "Confirm your signature",
          // No words the requester typed (their name, a new petition's text) go to an address that is
          // not yet confirmed: otherwise anyone could mail anyone their own message from this site.
          .greeting = "Hello,",
          .paragraphs = {creator ? std::string("Thank you for starting a petition.")
                                 : "Thank you for signing the petition \"" + action + "\".",
                         creator ? "Confirm your email address to continue. We will then send you a link "
                                   "to share with the people who will support it."
                                 : "Your signature only counts once you confirm your email address.",
                         "If you did not do this, you can ignore this email."},
          .action_label = creator ? "Confirm your petition" : "Confirm your signature",
          .action_url = confirm_url(c, token)};
}

// "You have already signed", or nothing for a struck-out signature; the page says the same either way.
Signed tell_already_signed(store::Tx& tx, const Command& c, const SigningTerms& p, const SignatureRequest& r,
                           const SignatureRow& mine) {
  if (mine.state != "invalid")
    send_notice(tx, c.views, c.now,
                {.to = r.signer.email,
                 .kind = "petition.already_signed",
                 .subject = "You have already signed this petition",
                 .greeting = "Hello,",
                 .paragraphs = {"Someone, probably you, tried to sign the petition \"" + p.action +
                                    "\" again with this email address and name.",
                                "Each person can only sign once, so we have not added another signature." +
                                    std::string(mine.state == "pending"
                                                    ? " Your first signature still needs confirming: use the "
                                                      "link in the first email we sent you."
                                                    : "")},
                 .action_label = "See the petition",
                 .action_url = c.base_url + petition_href(p.id),
                 .once_a_day = true});
  return {SignOutcome::mailed_already_signed, {}};
}

void tell_creator_to_gather_support(store::Tx& tx, const Command& c, const PetitionRow& p, int needed) {
  send_notice(
      tx, c.views, c.now,
      {.to = p.creator_email,
       .kind = "petition.gather",
       .subject = "Get supporters for your petition",
       .greeting = "Dear " + p.creator_name + ",",
       .paragraphs = {"You have confirmed your petition \"" + p.action + "\".",
                      fmt::format("Now send this link to {} people who support it. Once {} of them have "
                                  "signed and confirmed, we will check it and publish it.",
                                  needed, needed)},
       .action_label = "Your petition's link for supporters",
       .action_url = support_url(c, p)});
}

void send_to_moderation(store::Tx& tx, const Command& c, const PetitionRow& p) {
  if (!change_state(tx, p.id, {.from = State::validated, .to = State::sponsored, .at = c.now})) return;
  auto s = load_settings(tx, p.locality_id);
  send_notice(tx, c.views, c.now,
              {.to = s.mailbox,
               .kind = "petition.moderate",
               .subject = "A petition is waiting to be checked",
               .paragraphs = {"\"" + p.action + "\" has enough supporters and is waiting for moderation."},
               .action_label = "Check the petition",
               .action_url = c.base_url + "/petitions/moderate/" + std::to_string(p.id)});
  send_notice(tx, c.views, c.now,
              {.to = p.creator_email,
               .kind = "petition.sponsored",
               .subject = "Your petition is being checked",
               .greeting = "Dear " + p.creator_name + ",",
               .paragraphs = {"Your petition \"" + p.action + "\" has enough supporters.",
                              "We will now check that it meets the petition standards. This usually takes a "
                              "week. We will email you when it is published, or tell you why not."},
               .action_label = "See your petition",
               .action_url = c.base_url + petition_href(p.id)});
}

}  // namespace

std::string petition_href(std::int64_t id) {
  return "/petitions/" + std::to_string(id);
}

bool may_moderate(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, accounts::Action::moderate_content, {.locality_id = locality_id});
}

bool may_respond(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, accounts::Action::respond_as_council, {.locality_id = locality_id});
}

std::optional<PetitionRow> petition_of_confirmation_link(store::Tx& tx, const std::string& token) {
  return petition_of_signature_token(tx, signature_token_key(token));
}

SignerPlace place_signer(store::Tx& tx, std::int64_t locality_id, const std::string& postcode,
                         bool lives_outside) {
  auto normal = places::normalise_postcode(postcode);
  if (!normal) throw FormInvalid("postcode", "Enter a real postcode, for example SM1 1EA");
  auto place = places::find_postcode(tx, *normal);
  auto here = places::locality_by_id(tx, locality_id);
  if (place && place->locality_code == here.code)
    return {*normal, place->ward_code.value_or(""), place->imd_decile.value_or(0)};
  // Someone who works or studies here signs from their home postcode, wherever it is.
  if (lives_outside) return {*normal, kOutsideWard, 0};
  auto problem = place ? fmt::format("{} is not in {}. Check the postcode", *normal, here.name)
                       : places::postcode_not_found_problem(tx, *normal, here.name);
  throw FormInvalid("postcode",
                    problem + fmt::format(", or if you work or study in {} but live outside it, say so "
                                          "under \"Do you live in the area?\"",
                                          here.name));
}

std::int64_t create_petition(store::Tx& tx, const Command& c, std::int64_t locality_id,
                             const PetitionDraft& d, const SignerPlace& where) {
  if (auto problems = check_petition_draft(d); !problems.empty()) throw FormInvalid(problems);
  refuse_unless_ward_of(tx, locality_id, d.ward_code);
  auto email_key = canonical_signer_email(d.email).value_or("");
  PetitionRow p{.locality_id = locality_id,
                .action = d.action,
                .background = d.background,
                .details = d.details,
                .topic = d.topic,
                .ward_code = d.ward_code,
                .creator_name = d.name,
                .creator_email = d.email,
                .creator_user_id = c.actor ? std::optional(c.actor->user_id) : std::nullopt,
                .sponsor_token = accounts::random_token(),
                .created_at = c.now};
  p.id = insert_petition(tx, p);
  auto token = new_signature_token();
  insert_signature(tx, {.petition_id = p.id,
                        .role = "creator",
                        .name = d.name,
                        .name_key = canonical_name(d.name),
                        .email = d.email,
                        .email_key = email_key,
                        .postcode = where.postcode,
                        .ward_code = where.ward_code,
                        .imd_decile = where.imd_decile,
                        .notify = true,
                        .token_hash = signature_token_key(token),
                        .network = audit::ip_prefix(c.ip),
                        .created_at = c.now});
  send_notice(tx, c.views, c.now, confirmation_notice(c, p.action, d.email, d.name, true, token));
  return p.id;
}

PreparedConfirmation prepare_confirmation(const Command& c, const std::string& petition_action,
                                          const std::string& to, const std::string& name) {
  PreparedConfirmation out{new_signature_token(), {}, {}};
  out.token_hash = signature_token_key(out.token);
  out.mail = render_notice(c.views, confirmation_notice(c, petition_action, to, name, false, out.token));
  return out;
}

namespace {

SignatureRow signature_row(const Command& c, const SignatureRequest& r, bool supporter,
                           const std::string& token_hash) {
  return SignatureRow{.petition_id = r.petition_id,
                      .role = supporter ? "sponsor" : "signer",
                      .name = r.signer.name,
                      .name_key = canonical_name(r.signer.name),
                      .email = r.signer.email,
                      .email_key = canonical_signer_email(r.signer.email).value_or(""),
                      .postcode = r.where.postcode,
                      .ward_code = r.where.ward_code,
                      .imd_decile = r.where.imd_decile,
                      .notify = r.signer.notify,
                      .suspect = r.verdict.suspect,
                      .suspect_reason = r.verdict.reason,
                      .token_hash = token_hash,
                      .network = r.network,
                      .created_at = c.now};
}

// Signing when the quick insert was not taken (or there was none): why, from the petition.
Signed sign_with_checks(store::Tx& tx, const Command& c, const SignatureRequest& r) {
  auto p = signing_terms(tx, r.petition_id);
  if (!p) throw FormInvalid("petition", "There is no such petition", 404);
  bool taking = r.as_supporter ? (p->state == State::validated || p->state == State::sponsored ||
                                  p->state == State::open)
                               : p->state == State::open;
  if (!taking) throw FormInvalid("petition", "This petition is not taking signatures", 409);
  auto prepared =
      r.prepared ? *r.prepared : prepare_confirmation(c, p->action, r.signer.email, r.signer.name);
  bool supporter = r.as_supporter && p->state != State::open;
  auto row = signature_row(c, r, supporter, prepared.token_hash);
  if (!insert_signature_if_room(tx, row, p->names_per_email)) {
    if (auto mine = find_signature(tx, p->id, row.email_key, row.name_key))
      return tell_already_signed(tx, c, *p, r, *mine);
    throw FormInvalid("email", fmt::format("{} people have already signed with this email address. Each "
                                           "person needs their own email address to sign",
                                           p->names_per_email));
  }
  mail::enqueue_mail(tx, prepared.mail, c.now);
  return {SignOutcome::mailed_confirmation, prepared.token};
}

// Confirming when the quick update did not take: why, from the signature and its petition.
Confirmed confirm_with_checks(store::Tx& tx, const Command& c, const std::string& token_key) {
  auto s = find_signature_by_token(tx, token_key);
  if (!s || s->state == "invalid")
    throw FormInvalid("token", "This link is not valid. Check that you copied the whole link from the email",
                      404);
  if (s->state == "confirmed") return {ConfirmOutcome::already_confirmed, s->petition_id, s->role};
  auto p = find_petition(tx, s->petition_id);
  if (!p) throw FormInvalid("token", "This petition no longer exists", 404);
  bool before_opening =
      p->state == State::pending || p->state == State::validated || p->state == State::sponsored;
  if (p->state != State::open && !(before_opening && s->role != "signer"))
    throw FormInvalid("token",
                      "This petition is no longer taking signatures, so your signature was not added", 409);
  confirm_signature(tx, s->id, c.now);
  if (s->role == "signer") return {ConfirmOutcome::confirmed, p->id, s->role};
  auto settings = load_settings(tx, p->locality_id);
  if (s->role == "creator" && p->state == State::pending) {
    change_state(tx, p->id, {.from = State::pending, .to = State::validated, .at = c.now});
    p->state = State::validated;
    if (settings.sponsors_required == 0)
      send_to_moderation(tx, c, *p);
    else
      tell_creator_to_gather_support(tx, c, *p, settings.sponsors_required);
  } else if (s->role == "sponsor" && p->state == State::validated &&
             confirmed_supporters(tx, p->id) >= settings.sponsors_required) {
    send_to_moderation(tx, c, *p);
  }
  return {ConfirmOutcome::confirmed, p->id, s->role};
}

}  // namespace

// A signer with the mail prepared starts with two statements, the insert (which checks the petition
// and the shared-email rule itself) and the mail, so a batch sends every signer's at once. When the
// insert was not taken, the mail is withdrawn and the checks find out why.
store::GroupCommit::Command sign_command(const Command& c, const SignatureRequest& r, Signed& out) {
  store::GroupCommit::Command command;
  if (r.prepared && !r.as_supporter)
    command.first = {signature_on_open_petition(signature_row(c, r, false, r.prepared->token_hash)),
                     mail::enqueue_mail_statement(r.prepared->mail, c.now)};
  command.then = [&c, &r, &out](store::Tx& tx, std::vector<store::Result>& first) {
    if (!first.empty()) {
      if (returned_id(first[0])) {
        out = {SignOutcome::mailed_confirmation, r.prepared->token};
        return;
      }
      mail::withdraw_mail(tx, first[1].one().integer(0));
    }
    out = sign_with_checks(tx, c, r);
  };
  return command;
}

store::GroupCommit::Command confirm_command(const Command& c, const std::string& token, Confirmed& out) {
  auto key = signature_token_key(token);
  store::GroupCommit::Command command;
  command.first = {signer_confirmation_on_open_petition(key, c.now)};
  command.then = [&c, key, &out](store::Tx& tx, std::vector<store::Result>& first) {
    if (auto petition = returned_id(first[0]))
      out = {ConfirmOutcome::confirmed, *petition, "signer"};
    else
      out = confirm_with_checks(tx, c, key);
  };
  return command;
}

Signed sign(store::Tx& tx, const Command& c, const SignatureRequest& r) {
  Signed out;
  store::GroupCommit::run_in(tx, sign_command(c, r, out));
  return out;
}

Confirmed confirm(store::Tx& tx, const Command& c, const std::string& token) {
  Confirmed out;
  store::GroupCommit::run_in(tx, confirm_command(c, token, out));
  return out;
}

}  // namespace cw::petitions
