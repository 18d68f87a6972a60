// "Count a Pabulib file": anyone signed in uploads a .pb file (a city's published vote, say) and sees it
// counted here by its own rule, or by greedy or the Method of Equal Shares, beside the outcome the file
// publishes. Nothing uploaded is kept. Counting a large file takes a second of a core, so each account
// may count a few files a minute.
#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "modules/budgeting/imported_count.h"
#include "modules/budgeting/pages.h"
#include "web/forms.h"
#include "web/multipart.h"
#include "web/rate_limiter.h"

namespace cw::budgeting {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Request;
using web::Response;

constexpr std::size_t kMaxFileBytes = 25 * 1024 * 1024;  // Warsaw's largest district file is ~6 MB
constexpr std::size_t kWarningsShown = 10;
constexpr const char* kPath = "/budgets/count-a-file";

web::RateLimiter& counts_by_account() {
  static web::RateLimiter limiter("budget-file-counts", 5, 2);
  return limiter;
}

json result_data(const ImportedCount& c) {
  json projects = json::array();
  for (const auto& p : c.projects)
    projects.push_back(
        {{"id", p.id},
         {"name", p.name.empty() ? json(false) : json(p.name)},
         {"cost", p.cost},
         {"score", p.score},
         {"funded", p.funded ? "Yes" : "No"},
         {"in_file", p.funded_in_file ? json(*p.funded_in_file ? "Yes" : "No") : json(false)}});
  json warnings = json::array();
  for (std::size_t i = 0; i < c.warnings.size() && i < kWarningsShown; ++i) warnings.push_back(c.warnings[i]);
  auto funded = std::count_if(c.projects.begin(), c.projects.end(), [](auto& p) { return p.funded; });
  return {
      {"title", c.title},
      {"rule", c.rule_name},
      {"budget", c.budget},
      {"voters", c.voters},
      {"vote_type", c.vote_type},
      {"funded_text",
       fmt::format("{} of {} projects, costing {}; {} left", funded, c.projects.size(), c.cost, c.left)},
      {"agreement", !c.agrees_with_file ? json(false)
                    : *c.agrees_with_file
                        ? json("This count funds exactly the projects the file marks as selected.")
                        : json("This count differs from the outcome the file publishes: compare the last "
                               "two columns.")},
      {"has_in_file", c.agrees_with_file.has_value()},
      {"projects", projects},
      {"warnings", warnings},
      {"has_warnings", !warnings.empty()},
      {"warnings_text", fmt::format("The file has {} harmless {}, counted as the published counts do{}:",
                                    c.warnings.size(), c.warnings.size() == 1 ? "mistake" : "mistakes",
                                    c.warnings.size() > kWarningsShown ? " (the first 10 are shown)" : "")}};
}

Response count_page(const Context& ctx, const FormView& form, const std::string& rule, json result,
                    int status) {
  json data{
      {"signed_in", ctx.actor != nullptr},
      {"sign_in_href", "/account/sign-in?next=" + web::percent_encode(kPath)},
      {"action", kPath},
      {"file_error", form.error_for("file").empty() ? json(false) : json(form.error_for("file"))},
      {"rule", form.choices("rule", "How to count it",
                            {{"file", "By the rule the file names", "Its META rule, with its completion."},
                             {"greedy", "Greedy (most votes first)", ""},
                             {"equalshares/add1", "Method of Equal Shares (add1 completion)", ""}},
                            {rule}, false)},
      {"result", std::move(result)},
      {"errors", form.summary()}};
  return ctx.page("budgeting/count_file",
                  {.title = "Count a Pabulib file",
                   .breadcrumbs = {{"Home", "/"}, {"Budgets", "/budgets"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/budgets"},
                  std::move(data), status);
}

Response count_form(const Request&, Context& ctx) {
  return count_page(ctx, {}, "file", false, 200);
}

Response count_upload(const Request& req, Context& ctx) {
  if (!ctx.actor) return Response::redirect("/account/sign-in?next=" + web::percent_encode(kPath));
  auto key = std::to_string(ctx.actor->user_id);
  if (!counts_by_account().allow(key, ctx.clock.now()))
    throw HttpError(429, "too_many_requests",
                    "You have counted several files in the last minute. Wait a "
                    "minute and try again.");
  auto upload = web::multipart_form(req, {.max_file = kMaxFileBytes});
  auto rule = upload.fields.get_or("rule", "file").substr(0, 40);
  const auto* file = upload.file("file");
  try {
    if (!file || file->bytes.empty()) throw FormInvalid("file", "Choose a Pabulib .pb file to count");
    auto name = file->filename.empty() ? std::string("the file") : file->filename.substr(0, 200);
    return count_page(ctx, {}, rule, result_data(count_imported(file->bytes, name, rule)), 200);
  } catch (const FormInvalid& e) {
    return count_page(ctx, FormView(upload.fields, e.errors), rule, false, 422);
  }
}

}  // namespace

void register_import_routes(web::Router& router) {
  router.get(kPath, count_form);
  router.post(kPath, count_upload, {.max_body = kMaxFileBytes + 64 * 1024});
}

}  // namespace cw::budgeting
