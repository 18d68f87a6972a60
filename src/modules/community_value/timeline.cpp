// The case timeline and the reminders it calls for: both read only the recorded facts, the periods in
// force and today's date, so that the page, the job and the tests agree on every date.
#include <algorithm>

#include "modules/community_value/rules.h"

namespace cw::community_value {

namespace {

Period before(Period p) {
  return {-p.amount, p.unit};
}

// A deadline someone must meet: due once it is within the reminder lead, overdue after it.
Mark deadline_mark(Date due, Date today, const Periods& p) {
  if (today > due) return Mark::overdue;
  if (today >= add(due, before(p.reminder_lead))) return Mark::due;
  return Mark::upcoming;
}

// Something that simply happens on a day (a moratorium ending).
Mark event_mark(Date on, Date today) {
  return today > on ? Mark::done : Mark::upcoming;
}

std::string late_by(Date done, Date due) {
  if (done <= due) return {};
  auto days = (done - due).count();
  return std::to_string(days) + (days == 1 ? " day" : " days") + " after the deadline of " + long_date(due);
}

void add_notice(std::vector<TimelineEntry>& out, const Notice& n, const Periods& p, Date today) {
  if (!n.starts_moratorium) {
    out.push_back({"Owner's notice of intended disposal received", n.received_on, Mark::done,
                   "Given during the protected period, so it starts no new moratorium"});
    return;
  }
  out.push_back({"Owner's notice of intended disposal received", n.received_on, Mark::done,
                 "The owner may not sell while the moratorium lasts"});
  for (Date d : n.bidder_requests)
    out.push_back({"A community group asked to be treated as a potential bidder", d, Mark::done, ""});
  auto m = moratorium_of(n, p);
  bool interim_over = today > m.interim_end;
  out.push_back({interim_over ? "Interim moratorium ended" : "Interim moratorium ends", m.interim_end,
                 event_mark(m.interim_end, today),
                 interim_over ? ""
                              : "Community groups may ask on this page or in writing to be treated as "
                                "potential bidders until then"});
  if (m.full_end)
    out.push_back({today > *m.full_end ? "Full moratorium ended" : "Full moratorium ends", *m.full_end,
                   event_mark(*m.full_end, today), "Community groups have until then to make a bid"});
  out.push_back({today > m.protected_end ? "Protected period ended" : "Protected period ends",
                 m.protected_end, event_mark(m.protected_end, today),
                 "Until then the owner may sell to anyone, and a new notice starts no new moratorium"});
}

void add_review(std::vector<TimelineEntry>& out, const Facts& f, const Periods& p, Date today) {
  auto deadline = *review_request_deadline(f, p);
  if (f.review_requested_on)
    out.push_back({"Owner asked for a review of the listing", *f.review_requested_on, Mark::done, ""});
  else if (f.status == Status::listed)
    out.push_back(
        {today > deadline ? "Owner could have asked for a review until" : "Owner may ask for a review until",
         deadline, today > deadline ? Mark::passed : Mark::upcoming, ""});
  if (!f.review_requested_on) return;
  auto due = *review_decision_due(f, p);
  if (f.review_decided_on)
    out.push_back(
        {f.status == Status::removed ? "Review decided: listing removed" : "Review decided: listing kept",
         *f.review_decided_on, Mark::done, late_by(*f.review_decided_on, due)});
  else
    out.push_back({"Council decision on the review due", due, deadline_mark(due, today, p), ""});
}

}  // namespace

const char* mark_name(Mark m) {
  switch (m) {
    case Mark::done:
      return "done";
    case Mark::due:
      return "due";
    case Mark::overdue:
      return "overdue";
    case Mark::upcoming:
      return "upcoming";
    case Mark::passed:
      return "passed";
  }
  return "upcoming";
}

std::vector<TimelineEntry> timeline(const Facts& f, const Periods& p, Date today) {
  std::vector<TimelineEntry> out;
  out.push_back({"Nomination received", f.received_on, Mark::done, ""});
  auto due = decision_due(f, p);
  if (!f.decided_on) {
    out.push_back({"Council decision due", due, deadline_mark(due, today, p), ""});
  } else {
    bool listed = f.status == Status::listed || f.status == Status::removed;
    out.push_back(
        {listed ? "Council listed it as an asset of community value" : "Council decided not to list it",
         *f.decided_on, Mark::done, late_by(*f.decided_on, due)});
  }
  if (auto until = listed_until(f, p)) {
    add_review(out, f, p, today);
    for (const auto& n : f.notices) add_notice(out, n, p, today);
    if (f.status == Status::listed)
      out.push_back({today > *until ? "Listing ended" : "Listing ends", *until, event_mark(*until, today),
                     today > *until ? "" : "It can be nominated again to stay on the list"});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
}

std::vector<Reminder> reminders_due(const Facts& f, const Periods& p, Date today) {
  std::vector<Reminder> out;
  auto soon = [&](Date d) { return today >= add(d, before(p.reminder_lead)); };
  auto just_after = [&](Date d) { return today > d && today <= add(d, p.reminder_lead); };
  if (f.status == Status::nominated) {
    auto due = decision_due(f, p);
    if (today > due)
      out.push_back({"decision_overdue", due, Audience::officers, "decision overdue",
                     "The council's decision on this nomination was due by " + long_date(due) + "."});
    else if (soon(due))
      out.push_back({"decision_due_soon", due, Audience::officers, "decision due soon",
                     "The council must decide this nomination by " + long_date(due) + "."});
  }
  if (auto due = review_decision_due(f, p); due && !f.review_decided_on) {
    if (today > *due)
      out.push_back({"review_overdue", *due, Audience::officers, "review decision overdue",
                     "The decision on the owner's review was due by " + long_date(*due) + "."});
    else if (soon(*due))
      out.push_back({"review_due_soon", *due, Audience::officers, "review decision due soon",
                     "The council must decide the owner's review by " + long_date(*due) + "."});
  }
  if (f.status != Status::listed) return out;
  if (const Notice* n = moratorium_notice(f)) {
    auto m = moratorium_of(*n, p);
    if (n->bidder_requests.empty() && today <= m.interim_end && soon(m.interim_end))
      out.push_back({"bid_window_closing", m.interim_end, Audience::followers, "last days to ask to bid",
                     "Community groups have until " + long_date(m.interim_end) +
                         " to ask, on the case page or in writing, to be treated as potential bidders."});
    if (just_after(m.end()))
      out.push_back({"moratorium_ended", m.end(), Audience::followers, "moratorium ended",
                     "The moratorium ended on " + long_date(m.end()) +
                         ". The owner may now sell to anyone until the protected period ends on " +
                         long_date(m.protected_end) + "."});
  }
  auto until = *listed_until(f, p);
  if (today <= until && soon(until))
    out.push_back(
        {"listing_ending", until, Audience::followers, "listing ends soon",
         "The listing ends on " + long_date(until) + ". It can be nominated again to stay on the list."});
  return out;
}

}  // namespace cw::community_value
