// All SQL of the Community Right to Bid: periods per locality, cases, owners' notices and bidders,
// compensation claims, followers and sent reminders. Each function runs in the caller's transaction;
// none checks permissions or rules (service.h does).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/community_value/rules.h"
#include "store/db.h"

namespace cw::community_value {

struct BidderRow {
  std::int64_t id = 0;
  std::string group_name;
  Date received_on;
};

struct NoticeRow {
  std::int64_t id = 0;
  Date received_on;
  bool starts_moratorium = true;
  std::string note;
  std::vector<BidderRow> bidders;
};

struct ClaimRow {
  std::int64_t id = 0;
  std::string claimant;
  Date loss_on, received_on;
  std::int64_t amount_pence = 0;
  std::string details;
};

struct CaseRow {
  std::int64_t id = 0, locality_id = 0;
  std::optional<std::int64_t> asset_id;
  Nomination nomination;
  std::optional<std::int64_t> nominated_by;
  Facts facts;  // notices are filled only by find_case
  std::string decision_reasons, review_grounds, review_reasons;
  std::vector<NoticeRow> notices;  // likewise
  Micros updated_at = 0;
};

// The locality's own periods over the defaults (locality 0).
Periods load_periods(store::Tx& tx, std::int64_t locality_id);
void save_period(store::Tx& tx, std::int64_t locality_id, const std::string& name, Period p);
std::string officer_email(store::Tx& tx, std::int64_t locality_id);
void save_officer_email(store::Tx& tx, std::int64_t locality_id, const std::string& email);

std::int64_t insert_case(store::Tx& tx, std::int64_t locality_id, std::optional<std::int64_t> asset_id,
                         const Nomination& n, std::optional<std::int64_t> nominated_by, Date received_on,
                         Micros now);
// The case with its notices and their bidders, or nullopt.
std::optional<CaseRow> find_case(store::Tx& tx, std::int64_t id);
// Cases of one locality (or all when nullopt), newest first, without notices.
std::vector<CaseRow> list_cases(store::Tx& tx, std::optional<std::int64_t> locality_id);
// The most recent nomination of an asset on the register.
std::optional<std::int64_t> latest_case_for_asset(store::Tx& tx, std::int64_t asset_id);
// Cases a reminder may still be due for: awaiting a decision or listed.
std::vector<std::int64_t> open_case_ids(store::Tx& tx);

void set_decision(store::Tx& tx, std::int64_t id, Status status, Date on, const std::string& reasons,
                  Micros now);
void set_review_request(store::Tx& tx, std::int64_t id, Date on, const std::string& grounds, Micros now);
void set_review_decision(store::Tx& tx, std::int64_t id, Status status, Date on, const std::string& reasons,
                         Micros now);
std::int64_t insert_notice(store::Tx& tx, std::int64_t case_id, Date on, bool starts_moratorium,
                           const std::string& note, std::int64_t recorded_by, Micros now);
// One group's request under a notice: entered by an officer from a letter (`recorded_by`) or sent on
// the case page by a signed-in person (`requested_by`).
struct BidderInsert {
  std::int64_t notice_id = 0;
  std::string group_name, group_type;
  Date received_on;
  std::optional<std::int64_t> recorded_by, requested_by;
};
std::int64_t insert_bidder(store::Tx& tx, const BidderInsert& b, Micros now);
// Whether a group of that name (ignoring case) already asked under the notice.
bool bidder_named(store::Tx& tx, std::int64_t notice_id, const std::string& group_name);
std::int64_t insert_claim(store::Tx& tx, std::int64_t case_id, const ClaimRow& c, std::int64_t recorded_by,
                          Micros now);
std::vector<ClaimRow> list_claims(store::Tx& tx, std::int64_t case_id);

// false when nothing changed (already following, or not following).
bool add_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id, Micros now);
bool remove_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id);
bool is_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id);
std::vector<std::int64_t> followers(store::Tx& tx, std::int64_t case_id);

// Records that a reminder went; false when it had already gone (so the caller sends nothing).
bool claim_reminder(store::Tx& tx, std::int64_t case_id, const std::string& kind, Date due_on, Micros now);

}  // namespace cw::community_value
