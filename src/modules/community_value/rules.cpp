#include "modules/community_value/rules.h"

#include <algorithm>
#include <charconv>

#include "common/text.h"
#include "modules/accounts/rules.h"

namespace cw::community_value {

namespace {

constexpr std::size_t kMaxName = 200, kMaxText = 5000;

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

void need(std::vector<web::FieldError>& out, const std::string& value, const char* field, const char* missing,
          std::size_t max, const char* what) {
  if (blank(value))
    out.push_back({field, missing});
  else if (value.size() > max)
    out.push_back({field, std::string(what) + " must be " + (max == kMaxName ? "200" : "5,000") +
                              " characters or fewer"});
  else if (max == kMaxName)
    if (auto e = text::name_refusal(value, what)) out.push_back({field, *e});
}

std::optional<web::FieldError> not_future(const char* field, Date on, Date today, const char* what) {
  if (on > today) return web::FieldError{field, std::string(what) + " must be today or in the past"};
  return std::nullopt;
}

bool was_listed(const Facts& f) {
  return f.decided_on && (f.status == Status::listed || f.status == Status::removed);
}

}  // namespace

const std::vector<PeriodInfo>& period_infos() {
  static const std::vector<PeriodInfo> all{
      {"decision", "Council decision on a nomination, from receipt", &Periods::decision},
      {"listing", "How long a listing lasts", &Periods::listing},
      {"review_request", "Owner's review request, from the listing notice", &Periods::review_request},
      {"review_decision", "Council decision on a review, from the request", &Periods::review_decision},
      {"interim_moratorium", "Interim moratorium, from the owner's notice", &Periods::interim_moratorium},
      {"full_moratorium", "Full moratorium, from the owner's notice", &Periods::full_moratorium},
      {"protected_period", "Protected period, from the owner's notice", &Periods::protected_period},
      {"compensation_claim", "Compensation claim, from the loss or expense", &Periods::compensation_claim},
      {"reminder_lead", "Reminders are sent this long before a date", &Periods::reminder_lead},
  };
  return all;
}

const PeriodInfo* find_period(std::string_view name) {
  for (const auto& i : period_infos())
    if (name == i.name) return &i;
  return nullptr;
}

const std::vector<BodyType>& body_types() {
  static const std::vector<BodyType> all{
      {"parish_council", "Parish or town council"},
      {"neighbourhood_forum", "Neighbourhood forum"},
      {"unincorporated_group", "Unincorporated group of at least 21 local people on the electoral roll"},
      {"charity", "Charity"},
      {"community_interest_company", "Community interest company"},
      {"cooperative", "Co-operative society"},
      {"community_benefit_society", "Community benefit society"},
      {"company_limited_by_guarantee", "Company limited by guarantee that does not distribute profits"},
  };
  return all;
}

const BodyType* find_body_type(std::string_view code) {
  for (const auto& b : body_types())
    if (code == b.code) return &b;
  return nullptr;
}

std::optional<int> local_members_of(const Nomination& n) {
  if (n.body_type != "unincorporated_group") return std::nullopt;
  std::string_view s = n.local_members;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<web::FieldError> nomination_problems(const Nomination& n) {
  std::vector<web::FieldError> out;
  need(out, n.asset_name, "asset_name", "Enter the name of the land or building", kMaxName, "The name");
  need(out, n.address, "address", "Enter where it is: an address or a description of the place", kMaxText,
       "Where it is");
  need(out, n.description, "description", "Describe the land or building", kMaxText, "The description");
  need(out, n.boundaries, "boundaries", "Describe the boundaries you propose for the listing", kMaxText,
       "The boundaries");
  need(out, n.owners, "owners",
       "Enter who owns and who occupies it, with their addresses, as far as you know (write \"not known\" "
       "if you do not know)",
       kMaxText, "The owners and occupiers");
  if (!blank(n.owner_email) && !accounts::canonical_email(n.owner_email))
    out.push_back({"owner_email",
                   "Enter the owner's email address in the correct format, like "
                   "name@example.com, or leave it empty"});
  need(out, n.reasons, "reasons",
       "Explain how its use furthers, or could again further, the social wellbeing or interests of the "
       "local community",
       kMaxText, "The reasons");
  need(out, n.body_name, "body_name", "Enter the name of the body making the nomination", kMaxName,
       "The body's name");
  if (!find_body_type(n.body_type)) {
    out.push_back({"body_type", "Choose what kind of body is making the nomination"});
  } else if (n.body_type == "unincorporated_group") {
    auto members = local_members_of(n);
    if (!members)
      out.push_back({"local_members",
                     "Enter how many of your members are on the local electoral roll, "
                     "as a whole number"});
    else if (*members < kMinLocalMembers)
      out.push_back({"local_members",
                     "An unincorporated group needs at least 21 members on the local "
                     "electoral roll to nominate"});
  }
  need(out, n.eligibility, "eligibility",
       "Give evidence that the body may nominate, such as its charity or company number, or its members' "
       "names and addresses",
       kMaxText, "The evidence");
  return out;
}

const char* status_name(Status s) {
  switch (s) {
    case Status::nominated:
      return "nominated";
    case Status::listed:
      return "listed";
    case Status::not_listed:
      return "not_listed";
    case Status::removed:
      return "removed";
  }
  return "nominated";
}

std::optional<Status> status_from(std::string_view name) {
  for (auto s : {Status::nominated, Status::listed, Status::not_listed, Status::removed})
    if (name == status_name(s)) return s;
  return std::nullopt;
}

Date decision_due(const Facts& f, const Periods& p) {
  return add(f.received_on, p.decision);
}

std::optional<Date> listed_until(const Facts& f, const Periods& p) {
  if (!was_listed(f)) return std::nullopt;
  return add(*f.decided_on, p.listing);
}

std::optional<Date> review_request_deadline(const Facts& f, const Periods& p) {
  if (!was_listed(f)) return std::nullopt;
  return add(*f.decided_on, p.review_request);
}

std::optional<Date> review_decision_due(const Facts& f, const Periods& p) {
  if (!f.review_requested_on) return std::nullopt;
  return add(*f.review_requested_on, p.review_decision);
}

Moratorium moratorium_of(const Notice& n, const Periods& p) {
  Moratorium m{n.received_on, add(n.received_on, p.interim_moratorium), std::nullopt,
               add(n.received_on, p.protected_period)};
  bool asked_in_time = std::any_of(n.bidder_requests.begin(), n.bidder_requests.end(),
                                   [&](Date d) { return d >= n.received_on && d <= m.interim_end; });
  if (asked_in_time) m.full_end = add(n.received_on, p.full_moratorium);
  return m;
}

const Notice* moratorium_notice(const Facts& f) {
  for (auto it = f.notices.rbegin(); it != f.notices.rend(); ++it)
    if (it->starts_moratorium) return &*it;
  return nullptr;
}

Standing standing_on(const Facts& f, const Periods& p, Date today) {
  switch (f.status) {
    case Status::nominated:
      return Standing::awaiting_decision;
    case Status::not_listed:
      return Standing::not_listed;
    case Status::removed:
      return Standing::removed;
    case Status::listed:
      return today > *listed_until(f, p) ? Standing::listing_ended : Standing::listed;
  }
  return Standing::awaiting_decision;
}

const char* standing_name(Standing s) {
  switch (s) {
    case Standing::awaiting_decision:
      return "awaiting_decision";
    case Standing::listed:
      return "listed";
    case Standing::not_listed:
      return "not_listed";
    case Standing::removed:
      return "removed";
    case Standing::listing_ended:
      return "listing_ended";
  }
  return "awaiting_decision";
}

const char* standing_label(Standing s) {
  switch (s) {
    case Standing::awaiting_decision:
      return "Awaiting decision";
    case Standing::listed:
      return "Listed";
    case Standing::not_listed:
      return "Not listed";
    case Standing::removed:
      return "Listing removed";
    case Standing::listing_ended:
      return "Listing ended";
  }
  return "";
}

std::optional<web::FieldError> refuse_decision(const Facts& f, Date on, Date today) {
  if (f.status != Status::nominated)
    return web::FieldError{"outcome", "This nomination was already decided on " + long_date(*f.decided_on)};
  if (on < f.received_on)
    return web::FieldError{"decided_on", "The decision date must be on or after " + long_date(f.received_on) +
                                             ", when the nomination was received"};
  return not_future("decided_on", on, today, "The decision date");
}

std::optional<web::FieldError> refuse_review_request(const Facts& f, Date on, const Periods& p, Date today) {
  if (f.status != Status::listed)
    return web::FieldError{"requested_on", "Only the owner of a listed asset can ask for a review"};
  if (f.review_requested_on)
    return web::FieldError{"requested_on",
                           "The owner already asked for a review on " + long_date(*f.review_requested_on)};
  if (on < *f.decided_on)
    return web::FieldError{"requested_on", "The review request must be dated on or after the listing on " +
                                               long_date(*f.decided_on)};
  if (auto e = not_future("requested_on", on, today, "The date the request was received")) return e;
  auto deadline = *review_request_deadline(f, p);
  if (on > deadline)
    return web::FieldError{"requested_on", "The owner's review request came after the " +
                                               describe_adjective(p.review_request) + " deadline of " +
                                               long_date(deadline)};
  return std::nullopt;
}

std::optional<web::FieldError> refuse_review_decision(const Facts& f, Date on, Date today) {
  if (!f.review_requested_on || f.review_decided_on)
    return web::FieldError{"review_outcome", "There is no review waiting for a decision"};
  if (on < *f.review_requested_on)
    return web::FieldError{
        "review_decided_on",
        "The review decision must be dated on or after the request on " + long_date(*f.review_requested_on)};
  return not_future("review_decided_on", on, today, "The review decision date");
}

NoticeRuling rule_on_notice(const Facts& f, Date on, const Periods& p, Date today) {
  auto refuse = [](std::string message) {
    return NoticeRuling{web::FieldError{"notice_on", std::move(message)}};
  };
  if (f.status != Status::listed)
    return refuse("The asset is not listed, so its owner does not need to give notice of a disposal");
  if (on < *f.decided_on)
    return refuse("The notice must be dated on or after the listing on " + long_date(*f.decided_on));
  auto until = *listed_until(f, p);
  if (on > until) return refuse("The listing ended on " + long_date(until) + ", so no notice is needed");
  if (!f.notices.empty() && on < f.notices.back().received_on)
    return refuse("The notice must be dated on or after the last one, received on " +
                  long_date(f.notices.back().received_on));
  if (auto e = not_future("notice_on", on, today, "The date the notice was received")) return {e};
  const Notice* earlier = moratorium_notice(f);
  return {std::nullopt, !earlier || on > moratorium_of(*earlier, p).protected_end};
}

std::optional<web::FieldError> refuse_bidder_request(const Facts& f, std::int64_t notice_id, Date on,
                                                     const Periods& p, Date today) {
  auto n =
      std::find_if(f.notices.begin(), f.notices.end(), [&](const Notice& x) { return x.id == notice_id; });
  if (n == f.notices.end())
    return web::FieldError{"group_name", "There is no notice of intended disposal to bid under"};
  if (!n->starts_moratorium)
    return web::FieldError{
        "group_name", "That notice came during the protected period, so there is no moratorium to bid in"};
  if (on < n->received_on)
    return web::FieldError{
        "bid_on", "The request must be dated on or after the owner's notice of " + long_date(n->received_on)};
  if (auto e = not_future("bid_on", on, today, "The date the request was received")) return e;
  auto m = moratorium_of(*n, p);
  if (on > m.interim_end)
    return web::FieldError{
        "bid_on",
        "The request to be treated as a potential bidder came after the interim moratorium "
        "ended on " +
            long_date(m.interim_end)};
  return std::nullopt;
}

std::optional<web::FieldError> refuse_compensation_claim(const Facts& f, Date loss_on, Date received_on,
                                                         const Periods& p, Date today) {
  if (!was_listed(f))
    return web::FieldError{"loss_on", "Compensation can only be claimed for land that is or was listed"};
  if (auto e = not_future("loss_on", loss_on, today, "The date of the loss or expense")) return e;
  if (auto e = not_future("claim_on", received_on, today, "The date the claim was received")) return e;
  if (received_on < loss_on)
    return web::FieldError{"claim_on", "The claim must be dated on or after the loss or expense it is for"};
  auto deadline = add(loss_on, p.compensation_claim);
  if (received_on > deadline)
    return web::FieldError{"claim_on", "The compensation claim came after the " +
                                           describe_adjective(p.compensation_claim) + " deadline of " +
                                           long_date(deadline)};
  return std::nullopt;
}

}  // namespace cw::community_value
