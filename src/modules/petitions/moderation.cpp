// Moderators' and officers' commands (service.h): decisions on petitions, the council's response and
// debate, suspect signatures, settings and burst flags.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "html/markdown.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/rules.h"
#include "modules/audit/audit.h"
#include "modules/petitions/notices.h"
#include "modules/petitions/service.h"
#include "web/forms.h"

namespace cw::petitions {

namespace {

using web::FormInvalid;

void audit_petition(store::Tx& tx, const Command& c, const PetitionRow& p, const std::string& action,
                    const std::string& before, const std::string& after) {
  audit::record_change(tx, c.actor, c.ip, c.now, {action, "petition", p.id, p.locality_id, before, after});
}

PetitionRow load(store::Tx& tx, std::int64_t id) {
  auto p = find_petition(tx, id);
  if (!p) throw FormInvalid("petition", "There is no such petition", 404);
  return *p;
}

struct Move {
  State to;
  std::string subject, paragraph;
};

Move move_for(const Decision& d, const PetitionRow& p, const RejectionReason* reason) {
  using enum State;
  if (d.action == "publish")
    return {open, "Your petition is open", "Your petition has been published and is open for signatures."};
  if (d.action == "reject") {
    if (!reason) throw FormInvalid("reason", "Choose why the petition is rejected");
    return {reason->hidden ? hidden : rejected, "We could not publish your petition",
            std::string("We could not publish your petition. ") + reason->description};
  }
  if (d.action == "flag") return {flagged, "", ""};
  if (d.action == "dormant") return {dormant, "", ""};
  if (d.action == "hide")
    return {hidden, "Your petition has been hidden",
            "A moderator has hidden your petition while it is looked into."};
  if (d.action == "restore")
    return {p.state == hidden ? open : p.state, "Your petition is visible again",
            "A moderator has looked into your petition and it is visible again."};
  if (d.action == "remove")
    return {removed, "Your petition has been removed", "A moderator has taken down your petition."};
  throw FormInvalid("decision", "Choose what to do with the petition");
}

}  // namespace

void set_hidden_from_queue(store::Tx& tx, std::int64_t petition_id, bool hidden, Micros now) {
  auto p = find_petition(tx, petition_id);
  if (!p) return;
  StateChange change{.from = p->state, .to = hidden ? State::hidden : State::open, .at = now};
  if (!hidden && !p->opened_at)
    throw FormInvalid("decision",
                      "This petition was hidden when it was rejected, so it cannot be shown again from here. "
                      "Dismiss the reports instead",
                      409);
  if (!hidden && !p->closes_at)
    change.closes_at = closing_time(now, load_settings(tx, p->locality_id).open_months);
  if (!can_move(p->state, change.to) || !change_state(tx, p->id, change)) return;
  index_petition(tx, *find_petition(tx, p->id));
}

void moderate(store::Tx& tx, const Command& c, std::int64_t petition_id, const Decision& d) {
  auto p = load(tx, petition_id);
  if (!may_moderate(c.actor, p.locality_id))
    throw FormInvalid("decision", "Only the area's moderators can do that", 403);
  const RejectionReason* reason = d.action == "reject" ? find_rejection_reason(d.reason_code) : nullptr;
  auto mv = move_for(d, p, reason);
  if ((d.action == "flag" || d.action == "dormant" || d.action == "remove" || d.action == "hide") &&
      accounts::utf8_length(d.details) < 1)
    throw FormInvalid("details", "Say why, for the record");
  if (accounts::utf8_length(d.details) > 2000)
    throw FormInvalid("details", "The explanation must be 2,000 characters or fewer");
  // Publishing is for petitions waiting for moderation; only a petition hidden after it opened (a report)
  // can be restored, never one hidden by a rejection.
  bool wrong = (d.action == "publish" && !in_moderation(p.state)) || (d.action == "restore" && !p.opened_at);
  if (wrong || !can_move(p.state, mv.to))
    throw FormInvalid(
        "decision",
        fmt::format("A petition that is {} cannot be moved to {}", state_label(p.state), state_label(mv.to)),
        409);
  auto settings = load_settings(tx, p.locality_id);
  StateChange change{.from = p.state, .to = mv.to, .at = c.now};
  if (mv.to == State::open && !p.closes_at) change.closes_at = closing_time(c.now, settings.open_months);
  if (reason) {
    change.rejection_code = reason->code;
    change.rejection_details = d.details;
  } else {
    change.moderation_note = d.details;
  }
  if (!change_state(tx, p.id, change))
    throw FormInvalid("decision", "Someone else has just decided on this petition. Reload the page", 409);
  audit_petition(tx, c, p, "petition." + d.action, std::string(state_name(p.state)),
                 std::string(state_name(mv.to)) + (reason ? std::string(" (") + reason->code + ")" : ""));
  auto now = find_petition(tx, p.id);
  index_petition(tx, *now);
  if (!mv.subject.empty()) {
    std::vector<std::string> paragraphs{"\"" + p.action + "\"", mv.paragraph};
    if (!d.details.empty() && d.action != "publish") paragraphs.push_back(d.details);
    send_notice(tx, c.views, c.now,
                {.to = p.creator_email,
                 .kind = "petition." + d.action,
                 .subject = mv.subject,
                 .greeting = "Dear " + p.creator_name + ",",
                 .paragraphs = paragraphs,
                 .action_label = mv.to == State::hidden ? "" : "See your petition",
                 .action_url = mv.to == State::hidden ? "" : c.base_url + petition_href(p.id)});
  }
  if (d.action == "publish" || d.action == "reject") insert_mailout(tx, p.id, "moderated", c.now);
}

void respond(store::Tx& tx, const Command& c, std::int64_t petition_id, const std::string& response) {
  auto p = load(tx, petition_id);
  if (!may_respond(c.actor, p.locality_id))
    throw FormInvalid("response", "Only the council's officers for this area can respond", 403);
  if (p.state != State::open && p.state != State::closed)
    throw FormInvalid("response", "Only open or closed petitions can have a response", 409);
  if (response.find_first_not_of(" \r\n\t") == std::string::npos)
    throw FormInvalid("response", "Enter the council's response");
  if (accounts::utf8_length(response) > 10000)
    throw FormInvalid("response", "The response must be 10,000 characters or fewer");
  bool first = !p.responded_at;
  save_response(tx, p.id, response, c.now);
  audit_petition(tx, c, p, "petition.respond", first ? "no response" : "response", "response published");
  if (first) insert_mailout(tx, p.id, "response", c.now);
  auto now = find_petition(tx, p.id);
  index_petition(tx, *now);
}

void record_debate(store::Tx& tx, const Command& c, std::int64_t petition_id, const std::string& date,
                   const std::string& outcome) {
  auto p = load(tx, petition_id);
  if (!may_respond(c.actor, p.locality_id))
    throw FormInvalid("outcome", "Only the council's officers for this area can record a debate", 403);
  if (p.state != State::open && p.state != State::closed)
    throw FormInvalid("outcome", "Only open or closed petitions can be debated", 409);
  std::vector<web::FieldError> problems;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-')
    problems.push_back({"debate_on", "Enter the date of the debate, for example 27 3 2027"});
  if (outcome.find_first_not_of(" \r\n\t") == std::string::npos)
    problems.push_back({"outcome", "Enter what the council decided"});
  else if (accounts::utf8_length(outcome) > 10000)
    problems.push_back({"outcome", "The outcome must be 10,000 characters or fewer"});
  if (!problems.empty()) throw FormInvalid(problems);
  bool first = !p.debated_at;
  save_debate(tx, p.id, date, outcome, c.now);
  audit_petition(tx, c, p, "petition.debate", first ? "not debated" : "debated", "debated on " + date);
  if (first) insert_mailout(tx, p.id, "debate", c.now);
}

std::int64_t decide_suspects(store::Tx& tx, const Command& c, std::int64_t petition_id, bool release) {
  auto p = load(tx, petition_id);
  if (!may_moderate(c.actor, p.locality_id))
    throw FormInvalid("decision", "Only the area's moderators can do that", 403);
  auto n = release ? release_suspects(tx, p.id, c.now) : invalidate_suspects(tx, p.id);
  clear_flags(tx, p.id, c.now);
  audit_petition(tx, c, p, release ? "petition.suspects.release" : "petition.suspects.strike",
                 fmt::format("{} suspect signatures", n), release ? "counted" : "struck out");
  return n;
}

void update_settings(store::Tx& tx, const Command& c, std::int64_t locality_id, const Settings& s) {
  if (!accounts::can(c.actor, accounts::Action::configure_locality, {.locality_id = locality_id}))
    throw FormInvalid("sponsors_required", "Only the area's administrators can change petition settings",
                      403);
  if (auto problems = check_settings(s); !problems.empty()) throw FormInvalid(problems);
  auto before = load_settings(tx, locality_id);
  save_settings(tx, locality_id, s);
  audit::record_audit(
      tx,
      {.actor_user_id = c.actor->user_id,
       .actor_label = c.actor->email,
       .action = "petition.settings",
       .object_type = "locality",
       .object_id = std::to_string(locality_id),
       .locality_id = locality_id,
       .ip = c.ip,
       .before = fmt::format("{} supporters, {} months, response {}, debate {}", before.sponsors_required,
                             before.open_months, before.response_threshold, before.debate_threshold),
       .after = fmt::format("{} supporters, {} months, response {}, debate {}", s.sponsors_required,
                            s.open_months, s.response_threshold, s.debate_threshold)},
      c.now);
}

void flag_burst(store::Tx& tx, const Command& c, std::int64_t petition_id) {
  auto p = find_petition(tx, petition_id);
  if (!p) return;
  insert_flag(tx, p->id, "burst", "Signatures arrived far faster than before", c.now);
  auto s = load_settings(tx, p->locality_id);
  send_notice(tx, c.views, c.now,
              {.to = s.mailbox,
               .kind = "petition.burst",
               .subject = "A sudden rush of signatures",
               .paragraphs = {"Signatures to \"" + p->action + "\" are arriving much faster than before.",
                              "Check that they look genuine. Suspect signatures do not count until you "
                              "release them."},
               .action_label = "Check the petition",
               .action_url = c.base_url + "/petitions/moderate/" + std::to_string(p->id)});
}

}  // namespace cw::petitions
