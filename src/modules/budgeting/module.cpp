#include "modules/budgeting/module.h"

#include "modules/budgeting/ideas_module.h"
#include "modules/budgeting/pages.h"
#include "modules/budgeting/store.h"
#include "modules/places/overview.h"

namespace cw::budgeting {

namespace {

void register_routes(web::Router& router) {
  register_manage_routes(router);
  register_vote_routes(router);
  register_results_routes(router);
  register_explain_routes(router);
  register_delivery_routes(router);
  register_idea_routes(router);
  register_code_routes(router);
  register_exclusion_routes(router);
  register_import_routes(router);
}

// Officers' work before voting opens: a budget whose shortlist is still being drawn up. Nullopt for
// someone who runs budgets nowhere.
std::optional<std::int64_t> shortlists_to_prepare(store::Tx& tx, const Actor& a, Micros now) {
  return sum_over_managed(tx, a, [&](const Process& p) { return phase(p, now) < Phase::voting ? 1 : 0; });
}

}  // namespace

modules::Module module() {
  register_idea_content_kinds();
  return {.name = "budgeting",
          .nav = {{.label = "Budgets",
                   .href = "/budgets",
                   .summary = "Decide how council money is spent: vote for the projects you want funded, in "
                              "secret, and see how the money was shared out."}},
          .register_routes = register_routes,
          .jobs = {{.name = "budgeting.close",
                    .every = std::chrono::minutes(1),
                    .run = [](const modules::JobContext& job) { close_due(job.db, job.clock.now()); }}},
          .queues = {{.title = "Budgets whose shortlist is being prepared",
                      .href = "/budgets",
                      .order = 60,
                      .count = shortlists_to_prepare},
                     ideas_to_assess_queue()},
          .personal_data = {personal_data(), ideas_personal_data()}};
}

}  // namespace cw::budgeting
