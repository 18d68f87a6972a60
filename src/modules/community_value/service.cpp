#include "modules/community_value/service.h"

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/rules.h"
#include "modules/assets/register.h"
#include "modules/audit/audit.h"
#include "modules/mail/outbox.h"
#include "web/forms.h"
#include "web/problems.h"

namespace cw::community_value {

using web::FormInvalid;

namespace {

constexpr std::size_t kMaxNote = 5000;

CaseRow load(store::Tx& tx, std::int64_t id) {
  auto c = find_case(tx, id);
  if (!c) throw FormInvalid("case", "There is no community right to bid case with that number", 404);
  return *c;
}

// A case an officer acts on: it exists and the actor is an officer of its locality.
CaseRow load_for_officer(store::Tx& tx, const Command& c, std::int64_t id) {
  auto row = load(tx, id);
  if (!may_decide(c.actor, row.locality_id))
    throw FormInvalid("case", "Only the council's officers for this area can record that", 403);
  return row;
}

std::string case_url(const Command& c, std::int64_t id) {
  return c.base_url + "/assets/community-value/" + std::to_string(id);
}

struct Recipients {
  bool nominator = false, owner = false, followers = false, officers = false;
  std::optional<std::int64_t> asker;  // the person who sent this request
};

std::vector<std::string> addresses(store::Tx& tx, const CaseRow& row, Recipients a) {
  std::vector<std::string> out;
  auto add = [&](const std::string& email) {
    if (!email.empty() && std::find(out.begin(), out.end(), email) == out.end()) out.push_back(email);
  };
  if (a.nominator && row.nominated_by)
    if (auto who = accounts::contact_of(tx, *row.nominated_by)) add(who->email);
  if (a.owner && !row.nomination.owner_email.empty())
    add(accounts::canonical_email(row.nomination.owner_email).value_or(""));
  if (a.followers)
    for (auto id : followers(tx, row.id))
      if (auto who = accounts::contact_of(tx, id)) add(who->email);
  if (a.officers) add(officer_email(tx, row.locality_id));
  if (a.asker)
    if (auto who = accounts::contact_of(tx, *a.asker)) add(who->email);
  return out;
}

void tell(store::Tx& tx, const Command& c, const CaseRow& row, Recipients a, const std::string& headline,
          const std::vector<std::string>& paragraphs, const char* kind) {
  nlohmann::json data{
      {"subject", "Community right to bid: " + row.nomination.asset_name + " – " + headline},
      {"asset_name", row.nomination.asset_name},
      {"paragraphs", paragraphs},
      {"url", case_url(c, row.id)},
      {"footer",
       "You are told because you nominated it, own it, follow it, asked to bid for it or work on it."}};
  for (const auto& to : addresses(tx, row, a))
    mail::enqueue_mail(tx, mail::render_mail(c.views, "community_value/mail/notice", data, to, kind), c.now);
}

void audit(store::Tx& tx, const Command& c, const CaseRow& row, const std::string& action,
           const std::string& before, const std::string& after) {
  audit::record_change(
      tx, c.actor, c.ip, c.now,
      {"community_value." + action, "community_value_case", row.id, row.locality_id, before, after});
}

void note_listing(store::Tx& tx, const Command& c, const CaseRow& row, const std::string& change,
                  const std::string& summary) {
  if (!row.asset_id) return;
  if (auto asset = assets::find_asset_ref(tx, *row.asset_id))
    assets::note_asset_change(tx, *asset, change, summary,
                              c.actor ? std::optional(c.actor->user_id) : std::nullopt, c.now);
}

}  // namespace

bool may_decide(const Actor* actor, std::int64_t locality_id) {
  return accounts::can(actor, accounts::Action::curate_assets, {.locality_id = locality_id});
}

std::int64_t nominate(store::Tx& tx, const Command& c, std::int64_t locality_id,
                      std::optional<std::int64_t> asset_id, const Nomination& n) {
  if (!accounts::can(c.actor, accounts::Action::act_as_resident))
    throw FormInvalid("asset_name", "Sign in to nominate an asset", 403);
  if (asset_id) {
    auto asset = assets::find_asset_ref(tx, *asset_id);
    if (!asset || asset->locality_id != locality_id)
      throw FormInvalid("asset_name",
                        "That asset is not on this area's register: leave it out or choose another");
  }
  auto problems = nomination_problems(n);
  if (!problems.empty()) throw FormInvalid(problems);
  auto today = date_of(c.now);
  auto id = insert_case(tx, locality_id, asset_id, n, c.actor->user_id, today, c.now);
  auto row = load(tx, id);
  auto due = decision_due(row.facts, load_periods(tx, locality_id));
  tell(tx, c, row, {.nominator = true, .officers = true}, "nomination received",
       {"The council received the nomination of " + n.asset_name + " by " + n.body_name + " on " +
            long_date(today) + ".",
        "The council must decide whether to list it by " + long_date(due) + "."},
       "community_value.nominated");
  audit(tx, c, row, "nominate", "", "nominated by " + n.body_name);
  return id;
}

void decide_nomination(store::Tx& tx, const Command& c, std::int64_t case_id, bool list, Date on,
                       const std::string& reasons) {
  auto row = load_for_officer(tx, c, case_id);
  web::Problems problems;
  problems.add(refuse_decision(row.facts, on, date_of(c.now)));
  if (!list)
    problems.need_text("decision_reasons", reasons, "Give the reasons it is not listed: they are published",
                       kMaxNote);
  problems.keep_short("decision_reasons", reasons, kMaxNote);
  problems.refuse_if_any();
  auto status = list ? Status::listed : Status::not_listed;
  set_decision(tx, case_id, status, on, reasons, c.now);
  row = load(tx, case_id);
  auto p = load_periods(tx, row.locality_id);
  std::vector<std::string> said;
  if (list) {
    said = {"The council listed " + row.nomination.asset_name + " as an asset of community value on " +
                long_date(on) + ". It stays on the list until " + long_date(*listed_until(row.facts, p)) +
                ".",
            "The owner may ask for a review of the listing until " +
                long_date(*review_request_deadline(row.facts, p)) + ".",
            "Before selling, the owner must tell the council, and community groups may then ask to bid."};
    note_listing(tx, c, row, "listed",
                 "Listed as an asset of community value until " + long_date(*listed_until(row.facts, p)));
  } else {
    said = {"The council decided on " + long_date(on) + " not to list " + row.nomination.asset_name + ".",
            "Its reasons: " + reasons};
  }
  tell(tx, c, row, {.nominator = true, .owner = true, .followers = true}, list ? "listed" : "not listed",
       said, "community_value.decided");
  audit(tx, c, row, list ? "list" : "not_list", "nominated",
        std::string(status_name(status)) + " on " + iso(on));
}

void request_review(store::Tx& tx, const Command& c, std::int64_t case_id, Date on,
                    const std::string& grounds) {
  auto row = load_for_officer(tx, c, case_id);
  auto p = load_periods(tx, row.locality_id);
  web::Problems problems;
  problems.add(refuse_review_request(row.facts, on, p, date_of(c.now)));
  problems.keep_short("grounds", grounds, kMaxNote);
  problems.refuse_if_any();
  set_review_request(tx, case_id, on, grounds, c.now);
  row = load(tx, case_id);
  auto due = *review_decision_due(row.facts, p);
  tell(tx, c, row, {.nominator = true, .owner = true, .followers = true}, "review requested",
       {"The owner asked on " + long_date(on) + " for a review of the listing.",
        "The council must decide the review by " + long_date(due) + ". The asset stays listed meanwhile."},
       "community_value.review_requested");
  audit(tx, c, row, "review_request", "listed", "review requested on " + iso(on));
}

void decide_review(store::Tx& tx, const Command& c, std::int64_t case_id, bool keep_listed, Date on,
                   const std::string& reasons) {
  auto row = load_for_officer(tx, c, case_id);
  web::Problems problems;
  problems.add(refuse_review_decision(row.facts, on, date_of(c.now)));
  problems.need_text("review_reasons", reasons, "Give the reasons for the review decision", kMaxNote);
  problems.refuse_if_any();
  auto status = keep_listed ? Status::listed : Status::removed;
  set_review_decision(tx, case_id, status, on, reasons, c.now);
  row = load(tx, case_id);
  if (!keep_listed)
    note_listing(tx, c, row, "listing_removed", "Removed from the list after the owner's review");
  tell(tx, c, row, {.nominator = true, .owner = true, .followers = true},
       keep_listed ? "listing kept after review" : "listing removed after review",
       {"The council decided the owner's review on " + long_date(on) + ": the asset " +
            (keep_listed ? "stays listed." : "is removed from the list."),
        "Its reasons: " + reasons},
       "community_value.review_decided");
  audit(tx, c, row, keep_listed ? "review_keep" : "review_remove", "listed, review requested",
        std::string(status_name(status)) + " on " + iso(on));
}

std::int64_t record_notice(store::Tx& tx, const Command& c, std::int64_t case_id, Date on,
                           const std::string& note) {
  auto row = load_for_officer(tx, c, case_id);
  auto p = load_periods(tx, row.locality_id);
  auto ruling = rule_on_notice(row.facts, on, p, date_of(c.now));
  web::Problems problems;
  problems.add(ruling.refusal);
  problems.keep_short("notice_note", note, kMaxNote);
  problems.refuse_if_any();
  auto id = insert_notice(tx, case_id, on, ruling.starts_moratorium, note, c.actor->user_id, c.now);
  row = load(tx, case_id);
  std::vector<std::string> said{"The owner told the council on " + long_date(on) +
                                " that they intend to sell."};
  if (ruling.starts_moratorium) {
    auto m = moratorium_of(row.facts.notices.back(), p);
    said.push_back(
        "Community groups may ask on the case page or in writing to be treated as potential bidders until " +
        long_date(m.interim_end) + ". If one does, the owner may not sell until " +
        long_date(add(on, p.full_moratorium)) + ".");
  } else {
    said.push_back(
        "The notice came during the protected period of an earlier one, so no new moratorium starts.");
  }
  tell(tx, c, row, {.nominator = true, .followers = true}, "the owner intends to sell", said,
       "community_value.notice");
  audit(tx, c, row, "disposal_notice", "listed",
        std::string(ruling.starts_moratorium ? "moratorium from " : "notice in protected period on ") +
            iso(on));
  return id;
}

namespace {

// Records a group's request under a notice and tells those the case concerns: the first request starts
// the full moratorium, which the nominator, the owner and the followers hear about.
std::int64_t add_bidder(store::Tx& tx, const Command& c, const CaseRow& before, const BidderInsert& b) {
  bool first = true;
  for (const auto& n : before.facts.notices)
    if (n.id == b.notice_id) first = n.bidder_requests.empty();
  auto id = insert_bidder(tx, b, c.now);
  auto row = load(tx, before.id);
  auto p = load_periods(tx, row.locality_id);
  for (const auto& n : row.facts.notices)
    if (n.id == b.notice_id && first)
      tell(tx, c, row, {.nominator = true, .owner = true, .followers = true}, "full moratorium",
           {b.group_name + " asked on " + long_date(b.received_on) + " to be treated as a potential bidder.",
            "The owner may not sell until " + long_date(*moratorium_of(n, p).full_end) +
                ", so that community groups can raise the money to bid."},
           "community_value.bidder");
  audit(tx, c, row, "bidder_request", "", b.group_name + " on " + iso(b.received_on));
  return id;
}

}  // namespace

std::int64_t record_bidder(store::Tx& tx, const Command& c, std::int64_t case_id, std::int64_t notice_id,
                           const std::string& group_name, Date on) {
  auto row = load_for_officer(tx, c, case_id);
  auto p = load_periods(tx, row.locality_id);
  web::Problems problems;
  problems.need_name("group_name", group_name, "Enter the name of the community group that asked to bid");
  problems.add(refuse_bidder_request(row.facts, notice_id, on, p, date_of(c.now)));
  problems.refuse_if_any();
  return add_bidder(
      tx, c, row,
      {.notice_id = notice_id, .group_name = group_name, .received_on = on, .recorded_by = c.actor->user_id});
}

std::int64_t ask_to_bid(store::Tx& tx, const Command& c, std::int64_t case_id, const BidRequest& r) {
  if (!accounts::can(c.actor, accounts::Action::act_as_resident))
    throw FormInvalid("group_name", "Sign in to ask for your group to be treated as a potential bidder", 403);
  auto row = load(tx, case_id);
  auto p = load_periods(tx, row.locality_id);
  auto today = date_of(c.now);
  web::Problems problems;
  problems.need_name("group_name", r.group_name, "Enter the name of your community group");
  if (!find_body_type(r.group_type)) problems.add("group_type", "Choose what kind of group it is");
  if (!r.local_connection)
    problems.add("local_connection", "Confirm that your group's activities are wholly or partly in the area");
  const Notice* notice = moratorium_notice(row.facts);
  if (!notice) {
    problems.add("group_name",
                 "The owner has not told the council of a sale, so there is nothing to bid in yet");
  } else if (auto e = refuse_bidder_request(row.facts, notice->id, today, p, today)) {
    problems.add("group_name", e->message);
  } else if (bidder_named(tx, notice->id, r.group_name)) {
    problems.add("group_name", r.group_name + " has already asked to be treated as a potential bidder");
  }
  problems.refuse_if_any();
  auto id = add_bidder(tx, c, row,
                       {.notice_id = notice->id,
                        .group_name = r.group_name,
                        .group_type = r.group_type,
                        .received_on = today,
                        .requested_by = c.actor->user_id});
  auto after = load(tx, case_id);
  auto m = moratorium_of(*moratorium_notice(after.facts), p);
  tell(tx, c, row, {.officers = true, .asker = c.actor->user_id}, "request to bid received",
       {"The council received the request of " + r.group_name + " on " + long_date(today) +
            " to be treated as a potential bidder.",
        "The owner may not sell until " + long_date(m.full_end.value_or(m.interim_end)) +
            ". The council tells the owner; the owner, not the council, decides whether to sell to a group."},
       "community_value.bid_request");
  return id;
}

std::int64_t record_claim(store::Tx& tx, const Command& c, std::int64_t case_id, const ClaimRow& claim) {
  auto row = load_for_officer(tx, c, case_id);
  auto p = load_periods(tx, row.locality_id);
  web::Problems problems;
  problems.need_text("claimant", claim.claimant, "Enter who is claiming compensation", kMaxNote);
  problems.add(refuse_compensation_claim(row.facts, claim.loss_on, claim.received_on, p, date_of(c.now)));
  problems.keep_short("claim_details", claim.details, kMaxNote);
  problems.refuse_if_any();
  auto id = insert_claim(tx, case_id, claim, c.actor->user_id, c.now);
  audit(tx, c, row, "compensation_claim", "",
        claim.claimant + " claimed " + std::to_string(claim.amount_pence) + "p on " + iso(claim.received_on));
  return id;
}

void set_following(store::Tx& tx, const Command& c, std::int64_t case_id, bool follow) {
  if (!c.actor) throw FormInvalid("follow", "Sign in to follow a case", 403);
  load(tx, case_id);
  if (follow)
    add_follower(tx, case_id, c.actor->user_id, c.now);
  else
    remove_follower(tx, case_id, c.actor->user_id);
}

void save_settings(store::Tx& tx, const Command& c, std::int64_t locality_id,
                   const std::vector<std::pair<std::string, Period>>& periods, const std::string& officer) {
  if (!accounts::can(c.actor, accounts::Action::configure_locality, {.locality_id = locality_id}))
    throw FormInvalid("settings", "Only this area's locality admin can change the periods", 403);
  std::vector<web::FieldError> problems;
  for (const auto& [name, p] : periods)
    if (!find_period(name) || p.amount < 1 || p.amount > 1000)
      problems.push_back({name + "-amount", "Enter a whole number from 1 to 1000"});
  std::string email;
  if (!officer.empty()) {
    auto canonical = accounts::canonical_email(officer);
    if (!canonical) problems.push_back({"officer_email", "Enter an email address like name@example.com"});
    email = canonical.value_or("");
  }
  if (!problems.empty()) throw FormInvalid(problems);
  auto before = load_periods(tx, locality_id);
  std::string changes;
  for (const auto& [name, p] : periods) {
    Period old = before.*(find_period(name)->member);
    if (old == p) continue;
    save_period(tx, locality_id, name, p);
    changes += (changes.empty() ? "" : "; ") + name + " " + describe(old) + " → " + describe(p);
  }
  if (officer_email(tx, locality_id) != email) {
    save_officer_email(tx, locality_id, email);
    changes += (changes.empty() ? "" : "; ") + std::string("officers' mailbox changed");
  }
  if (changes.empty()) return;
  audit::record_audit(tx,
                      {.actor_user_id = c.actor->user_id,
                       .actor_label = c.actor->email,
                       .action = "community_value.settings",
                       .object_type = "locality",
                       .object_id = std::to_string(locality_id),
                       .locality_id = locality_id,
                       .ip = c.ip,
                       .after = changes},
                      c.now);
}

int send_due_reminders(store::Db& db, const html::Views& views, const std::string& base_url, Micros now) {
  auto ids = store::in_read(db, [](store::Tx& tx) { return open_case_ids(tx); });
  int sent = 0;
  Command c{nullptr, views, base_url, "", now};
  for (auto id : ids) {
    try {
      sent += store::in_write(db, [&](store::Tx& tx) {
        auto row = load(tx, id);
        int here = 0;
        for (const auto& r : reminders_due(row.facts, load_periods(tx, row.locality_id), date_of(now))) {
          bool to_officers = r.audience == community_value::Audience::officers;
          Recipients who{.followers = !to_officers, .officers = to_officers};
          if (addresses(tx, row, who).empty()) continue;  // kept for when someone is there to tell
          if (!claim_reminder(tx, id, r.kind, r.due_on, now)) continue;
          tell(tx, c, row, who, r.headline, {r.message}, ("community_value." + r.kind).c_str());
          ++here;
        }
        return here;
      });
    } catch (const std::exception& e) {
      std::cerr << "community value reminders: case " << id << ": " << e.what() << "\n";
    }
  }
  return sent;
}

}  // namespace cw::community_value
