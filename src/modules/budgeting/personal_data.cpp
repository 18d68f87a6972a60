// What budgeting holds about a person: that they voted in a budget, and when (the ballot box's
// register), and how far they got with ballots (for the drop-out figures, removed with the account). How they
// voted is in an anonymous ballot nothing joins to them, so it is neither shown nor exported, and an
// account's deletion removes the register's rows but leaves the ballot counted.
#include "common/civil_date.h"
#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/module.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"

namespace cw::budgeting {

namespace {

constexpr const char* kBoxPrefix = "budgeting/";

std::optional<Process> process_of(store::Tx& tx, const std::string& box) {
  try {
    return find_process(tx, std::stoll(box.substr(std::string(kBoxPrefix).size())));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<modules::ActivityItem> activity(store::Tx& tx, const modules::Person& person, Micros now) {
  std::vector<modules::ActivityItem> out;
  for (const auto& v : ballots::boxes_voted_in(tx, person.user_id, kBoxPrefix))
    if (auto p = process_of(tx, v.box))
      out.push_back({.what = "Voted",
                     .title = p->title,
                     .href = process_href(p->id),
                     .at = v.at,
                     .status = phase(*p, now) == Phase::voting ? "Voting open" : "Voting closed"});
  return out;
}

nlohmann::json export_data(store::Tx& tx, const modules::Person& person, Micros) {
  auto votes = nlohmann::json::array();
  for (const auto& v : ballots::boxes_voted_in(tx, person.user_id, kBoxPrefix))
    if (auto p = process_of(tx, v.box))
      votes.push_back({{"budget_id", p->id},
                       {"budget", p->title},
                       {"voted_at", civil::iso_time(v.at)},
                       {"ballot", "secret: not linked to you, so not included"}});
  return {{"votes", votes}};
}

void forget(store::Tx& tx, const modules::Person& person, Micros) {
  ballots::forget_voter(tx, person.user_id, kBoxPrefix);
  forget_steps(tx, person.user_id);
}

}  // namespace

modules::PersonalData personal_data() {
  return {.key = "budgeting",
          .heading = "Budgets",
          .order = 35,
          .activity = activity,
          .export_data = export_data,
          .forget = forget};
}

}  // namespace cw::budgeting
