// The Community Right to Bid's commands: nominate, decide, review, record owners' notices, bidders and
// compensation claims, follow a case, change a locality's periods, and send the reminders the dates call
// for. Each command checks who is acting and the statutory rules, writes the store, the audit log and
// the outbox in the caller's one transaction, and throws web::FormInvalid (403, 404 or 422) to refuse.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/actor.h"
#include "common/clock.h"
#include "modules/command.h"
#include "modules/community_value/store.h"
#include "store/db.h"

namespace cw::html {
class Views;
}

namespace cw::community_value {

using modules::Command;

bool may_decide(const Actor* actor, std::int64_t locality_id);  // a council officer there

// A signed-in person nominates for their body; the nomination is received today. Tells the nominator
// and the council's mailbox. Throws FormInvalid with every problem of the nomination at once.
std::int64_t nominate(store::Tx& tx, const Command& c, std::int64_t locality_id,
                      std::optional<std::int64_t> asset_id, const Nomination& n);
void decide_nomination(store::Tx& tx, const Command& c, std::int64_t case_id, bool list, Date on,
                       const std::string& reasons);
void request_review(store::Tx& tx, const Command& c, std::int64_t case_id, Date on,
                    const std::string& grounds);
void decide_review(store::Tx& tx, const Command& c, std::int64_t case_id, bool keep_listed, Date on,
                   const std::string& reasons);
std::int64_t record_notice(store::Tx& tx, const Command& c, std::int64_t case_id, Date on,
                           const std::string& note);
std::int64_t record_bidder(store::Tx& tx, const Command& c, std::int64_t case_id, std::int64_t notice_id,
                           const std::string& group_name, Date on);
// A signed-in person asks, for their community group, to be treated as a potential bidder under the
// owner's notice; received today, so only within the interim moratorium. Tells the council's mailbox and
// the person, and for the first request the nominator, the owner and the followers. Throws FormInvalid
// with every problem at once.
struct BidRequest {
  std::string group_name, group_type;
  bool local_connection = false;  // its activities are wholly or partly in the area
};
std::int64_t ask_to_bid(store::Tx& tx, const Command& c, std::int64_t case_id, const BidRequest& r);
std::int64_t record_claim(store::Tx& tx, const Command& c, std::int64_t case_id, const ClaimRow& claim);
// Starts or stops following; any signed-in person may follow any case.
void set_following(store::Tx& tx, const Command& c, std::int64_t case_id, bool follow);

// Replaces the locality's periods and officers' mailbox.
void save_settings(store::Tx& tx, const Command& c, std::int64_t locality_id,
                   const std::vector<std::pair<std::string, Period>>& periods,
                   const std::string& officer_email);

// Sends every reminder due today for every open case that has not gone before: to the locality's
// officers' mailbox or to the case's followers. One transaction per case, so one bad case stops only
// itself. Returns the number of reminders sent.
int send_due_reminders(store::Db& db, const html::Views& views, const std::string& base_url, Micros now);

}  // namespace cw::community_value
