#include "modules/budgeting/demo.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "modules/ballots/ballot_box.h"
#include "modules/budgeting/ideas_store.h"
#include "modules/budgeting/service.h"
#include "modules/budgeting/store.h"
#include "modules/budgeting/voting_codes.h"
#include "modules/places/overview.h"

namespace cw::budgeting {

namespace {

constexpr Micros kDay = 86'400'000'000;
constexpr int kDemoVoters = 2'400;
constexpr const char* kFinished = "Greener Sutton 2026";
constexpr const char* kOpen = "Sutton Community Fund 2027";

struct DemoProject {
  const char* title;  // {} is the ward's name
  std::int64_t pounds;
  bool whole_locality;
  double appeal;  // how likely a voter elsewhere is to choose it
};

const DemoProject kProjects[] = {
    {"Street trees for {}", 40'000, false, 0.10},
    {"A safer crossing near {} school", 55'000, false, 0.08},
    {"Repair the play area in {}", 30'000, false, 0.07},
    {"Benches and shade in {} park", 12'000, false, 0.06},
    {"A community fridge in {}", 8'000, false, 0.05},
    {"Youth club open evenings in {}", 25'000, false, 0.09},
    {"Wildflower verges in {}", 6'000, false, 0.06},
    {"Better lighting on {} footpaths", 35'000, false, 0.07},
    {"Free swimming lessons for every primary school child", 90'000, true, 0.30},
    {"A borough-wide repair café on wheels", 20'000, true, 0.20},
    {"Warm spaces in libraries over winter", 45'000, true, 0.25},
    {"Cycle training for adults", 15'000, true, 0.12},
};

std::int64_t locality_id_of(store::Tx& tx, const std::string& code) {
  for (const auto& l : places::locality_refs(tx))
    if (l.code == code) return l.id;
  return 0;
}

void remove_existing(store::Tx& tx, std::int64_t locality, const std::string& title) {
  for (const auto& p : list_processes(tx, locality))
    if (p.title == title) {
      ballots::remove_box(tx, box_of(p.id));
      delete_process(tx, p.id);
    }
}

Process demo_process(std::int64_t locality, const std::string& title, Micros ideas_from, Micros now) {
  Process p{.locality_id = locality, .title = title};
  p.rules = {.pot = 25'000'000,
             .rule = Rule::equal_shares,
             .ballot_type = BallotType::approval,
             .min_projects = 1,
             .max_projects = 5};
  for (std::size_t i = 0; i < p.starts.size(); ++i)
    p.starts[i] = ideas_from + static_cast<Micros>(i) * 30 * kDay;
  p.created_at = p.updated_at = std::min(now, ideas_from);
  return p;
}

// People choose the projects of their own ward more often than others, and the borough-wide ones most.
std::string demo_ballot(std::mt19937_64& random, const places::PostcodeArea& v,
                        const std::vector<Project>& projects, const std::vector<double>& appeal) {
  std::uniform_real_distribution<double> chance(0, 1);
  Ballot b;
  auto& chosen = b.projects;
  for (std::size_t i = 0; i < projects.size() && chosen.size() < 5; ++i) {
    bool mine = !projects[i].ward_code.empty() && projects[i].ward_code == v.ward_code;
    if (chance(random) < (mine ? 0.7 : appeal[i])) chosen.push_back(projects[i].id);
  }
  if (chosen.empty()) chosen.push_back(projects[static_cast<std::size_t>(random() % projects.size())].id);
  std::sort(chosen.begin(), chosen.end());
  return ballot_text(b);
}

// Ideas residents have put forward to the open budget so far, with an officer's first assessments.
void add_demo_ideas(store::Tx& tx, std::int64_t process_id, const std::vector<places::WardRef>& wards,
                    Micros now) {
  struct DemoIdea {
    const char* title;
    const char* description;
    std::int64_t estimate_pounds;
    Feasibility feasibility;
    const char* reason;
    std::int64_t cost_pounds;
  };
  const DemoIdea ideas[] = {
      {"A drinking fountain in the park", "Refill bottles instead of buying them, for runners and families.",
       8'000, Feasibility::feasible, "", 9'500},
      {"Sensory garden at the library", "A quiet garden for children and adults with autism or dementia.",
       30'000, Feasibility::unassessed, "", 0},
      {"Covered bike racks at the station", "Somewhere dry and safe to leave a bike all day.", 15'000,
       Feasibility::not_feasible, "The station forecourt belongs to the railway, not the council.", 0},
      {"Free tool library", "Borrow a drill or a ladder instead of buying one you use once a year.", 12'000,
       Feasibility::unassessed, "", 0},
  };
  std::size_t n = 0;
  for (const auto& d : ideas) {
    Idea idea{.process_id = process_id,
              .title = d.title,
              .description = d.description,
              .ward_code = wards.empty() ? "" : wards[(3 * n++) % wards.size()].code,
              .estimate = d.estimate_pounds * 100,
              .created_at = now - kDay,
              .updated_at = now - kDay};
    auto id = insert_idea(tx, idea);
    if (d.feasibility != Feasibility::unassessed)
      save_assessment(tx, id,
                      {.feasibility = d.feasibility,
                       .reason = d.reason,
                       .cost = d.cost_pounds ? std::optional(d.cost_pounds * 100) : std::nullopt},
                      now);
  }
}

std::int64_t load_finished(store::Tx& tx, std::int64_t locality, Micros now) {
  remove_existing(tx, locality, kFinished);
  auto p = demo_process(locality, kFinished, now - 170 * kDay, now);
  p.description = "£250,000 for projects residents proposed and chose, shared by the Method of Equal Shares.";
  p.id = insert_process(tx, p);
  auto wards = places::ward_refs(tx, locality);
  std::vector<double> appeal;
  std::size_t ward = 0;
  for (const auto& d : kProjects) {
    Project pr{.process_id = p.id, .cost = d.pounds * 100};
    if (d.whole_locality || wards.empty()) {
      pr.title = d.title;
    } else {
      // Each ward project twice, in two different wards, for more choice.
      for (int copy = 0; copy < 2; ++copy, ++ward) {
        const auto& w = wards[ward % wards.size()];
        pr.title = fmt::format(fmt::runtime(d.title), w.name);
        pr.ward_code = w.code;
        insert_project(tx, pr, p.created_at);
        appeal.push_back(d.appeal);
      }
      continue;
    }
    insert_project(tx, pr, p.created_at);
    appeal.push_back(d.appeal);
  }
  auto projects = list_projects(tx, p.id);
  // Each voter lives at one of the locality's real postcodes.
  auto voters = places::postcode_areas(tx, locality);
  std::mt19937_64 random(2026);
  for (int i = 0; i < kDemoVoters && !voters.empty(); ++i) {
    const auto& v = voters[static_cast<std::size_t>(random() % voters.size())];
    // Demo voters have no accounts: each holds a voting code (voting_codes.h). One in four voted on
    // paper, whose ballots say nothing of where their voters live; the rest voted online.
    auto at = voting_opens(p) + static_cast<Micros>(i) * 1'000'000;
    auto code_id = insert_code(tx, p.id, ballots::receipt_hash(ballots::new_code(kCodeCharacters)), at);
    bool paper = i % 4 == 3;
    ballots::cast(tx, box_of(p.id), -code_id, demo_ballot(random, v, projects, appeal), at,
                  paper ? ballots::VoterArea{} : ballots::VoterArea{v.ward_code, v.decile});
  }
  return p.id;
}

// The first funded projects under way: one done, one in progress, the rest not started.
void add_demo_delivery(store::Db& db, std::int64_t process_id, Micros now) {
  store::in_write(db, [&](store::Tx& tx) {
    auto r = find_results(tx, process_id);
    if (!r || r->selected.size() < 2) return;
    auto first = std::stoll(r->selected[0]), second = std::stoll(r->selected[1]);
    insert_delivery_update(tx, {.project_id = first,
                                .status = DeliveryStatus::in_progress,
                                .progress = 30,
                                .note = "Contractor appointed; work starts next month.",
                                .created_at = now - 4 * kDay});
    insert_delivery_update(tx, {.project_id = first,
                                .status = DeliveryStatus::done,
                                .progress = 100,
                                .note = "Finished and opened by the ward's residents' association.",
                                .created_at = now - kDay});
    insert_delivery_update(tx, {.project_id = second,
                                .status = DeliveryStatus::in_progress,
                                .progress = 50,
                                .note = "Half the work is done; the rest waits for the spring.",
                                .created_at = now - 2 * kDay});
  });
}

}  // namespace

std::string load_demo_budgets(store::Db& db, const std::string& locality_code, Micros now) {
  auto ids = store::in_write(db, [&](store::Tx& tx) -> std::pair<std::int64_t, std::int64_t> {
    auto locality = locality_id_of(tx, locality_code);
    if (locality == 0) return {0, 0};
    auto finished = load_finished(tx, locality, now);
    remove_existing(tx, locality, kOpen);
    auto open = demo_process(locality, kOpen, now - 5 * kDay, now);
    open.description =
        "£150,000 for the projects you suggest. Send us your ideas now; officers will cost "
        "them, and everyone can vote on the shortlist.";
    open.rules.pot = 15'000'000;
    auto open_id = insert_process(tx, open);
    add_demo_ideas(tx, open_id, places::ward_refs(tx, locality), now);
    return {finished, open_id};
  });
  if (ids.first == 0) return "No budgets loaded: the demo locality is missing";
  close_and_count(db, ids.first, now);
  add_demo_delivery(db, ids.first, now);
  return fmt::format("Loaded 2 demo budgets: one counted from {} ballots, one open for ideas", kDemoVoters);
}

}  // namespace cw::budgeting
