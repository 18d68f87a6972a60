#include "modules/budgeting/pages.h"

#include "common/civil_date.h"
#include "modules/budgeting/store.h"
#include "web/path_number.h"

namespace cw::budgeting {

std::int64_t path_id(const web::Request& req) {
  return web::path_number(req, "id", "There is no budget with that number.");
}

Process process_in(store::Tx& tx, const web::Request& req) {
  auto p = find_process(tx, path_id(req));
  if (!p) throw web::HttpError(404, "not_found", "There is no budget with that number.");
  return *p;
}

void refused(const web::FormInvalid& e) {
  const char* code = e.status == 403 ? "forbidden" : e.status == 404 ? "not_found" : "conflict";
  throw web::HttpError(e.status == 422 ? 409 : e.status, code, e.what());
}

std::string process_href(std::int64_t id) {
  return "/budgets/" + std::to_string(id);
}

std::vector<web::Breadcrumb> crumbs(const Process& p) {
  return {{"Home", "/"}, {"Budgets", "/budgets"}, {p.title, process_href(p.id)}};
}

std::string voting_dates_text(const Process& p, Micros now) {
  auto ph = phase(p, now);
  if (ph < Phase::voting)
    return "Voting opens on " + civil::long_date(voting_opens(p)) + " and closes at the end of " +
           civil::long_date(civil::last_day(voting_closes(p)));
  if (ph == Phase::voting)
    return "Voting is open until the end of " + civil::long_date(civil::last_day(voting_closes(p)));
  return "Voting closed on " + civil::long_date(civil::last_day(voting_closes(p)));
}

std::pair<Process, Results> counted(const web::Request& req, web::Context& ctx, bool with_pabulib) {
  auto p = store::in_read(ctx.db, [&](store::Tx& tx) { return process_in(tx, req); });
  try {
    return {p, results(ctx.db, p.id, ctx.clock.now(), with_pabulib)};
  } catch (const web::FormInvalid& e) {
    refused(e);
  }
}

web::Response message(const web::Context& ctx, const Process& p, const std::string& heading,
                      const std::vector<std::string>& paragraphs, int status) {
  nlohmann::json links =
      nlohmann::json::array({{{"text", "Back to the budget"}, {"href", process_href(p.id)}}});
  return ctx.page(
      "budgeting/message", {.title = heading, .breadcrumbs = crumbs(p), .nav_current = "/budgets"},
      {{"caption", p.title}, {"heading", heading}, {"paragraphs", paragraphs}, {"links", links}}, status);
}

}  // namespace cw::budgeting
