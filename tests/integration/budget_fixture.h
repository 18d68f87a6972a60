// The budgeting tests' fixture: a process open for voting with a three-project shortlist, residents
// signed in to vote through the real form (any ballot type), the clock moved past the close, and the
// recount of a published Pabulib file by `commonweal pb count`.
#pragma once
#include <gtest/gtest.h>

#include <unistd.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "modules/budgeting/store.h"
#include "site_fixture.h"

namespace cw::testing {

inline constexpr Micros kDay = 86'400'000'000LL;
// kServerNow is 14 November 2023, 22:13 UTC: voting opens that day and closes at the end of the 15th.
inline constexpr Micros kVotingOpens = 1'699'920'000'000'000;  // 2023-11-14T00:00Z

class BudgetingTest : public SiteTest {
 protected:
  // A process open for voting now, with three projects on the shortlist; returns its id and fills ids_.
  std::int64_t open_budget(budgeting::BallotType type = budgeting::BallotType::approval,
                           budgeting::Rule rule = budgeting::Rule::greedy,
                           std::array<std::int64_t, 3> costs = {60'000, 30'000, 50'000}) {
    budgeting::Process p{.locality_id = demo_locality(), .title = "Greener Sutton"};
    // Ranked: two places; cumulative: 10 points to spread.
    p.rules = {.pot = 100'000,
               .rule = rule,
               .ballot_type = type,
               .min_projects = 1,
               .max_projects = 2,
               .points = type == budgeting::BallotType::cumulative ? 10 : 0};
    p.starts = {kVotingOpens - 9 * kDay, kVotingOpens - 6 * kDay, kVotingOpens - 3 * kDay, kVotingOpens,
                kVotingOpens + 2 * kDay, kVotingOpens + 30 * kDay};
    p.created_at = p.updated_at = kServerNow;
    return store::in_write(db(), [&](store::Tx& tx) {
      auto id = budgeting::insert_process(tx, p);
      ids_.clear();
      int n = 0;
      for (const char* title : {"Trees on Cheam Road", "Benches in Manor Park", "Bins for the High Street"})
        ids_.push_back(std::to_string(budgeting::insert_project(
            tx, {.process_id = id, .title = title, .cost = costs[n++]}, kServerNow)));
      return id;
    });
  }
  std::string path(std::int64_t id, const std::string& rest = "") {
    return "/budgets/" + std::to_string(id) + rest;
  }
  HttpReply vote(std::int64_t id, const std::string& cookie, const std::vector<std::string>& ticked,
                 const std::string& receipt = "", const std::string& action = "vote") {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const auto& t : ticked) fields.emplace_back("projects", t);
    return vote_with(id, cookie, fields, receipt, action);
  }
  // A ballot of any type: `ballot` holds its fields ("projects", "points-<id>", "rank-<n>").
  HttpReply vote_with(std::int64_t id, const std::string& cookie,
                      const std::vector<std::pair<std::string, std::string>>& ballot,
                      const std::string& receipt = "", const std::string& action = "vote") {
    auto token = csrf_in(get(path(id, "/vote"), cookie).body);
    // Voting closed, so no form there: the token any of the person's forms (or, signed out, any
    // anonymous form) would carry.
    if (token.empty()) token = csrf_in(get("/account/delete", cookie).body);
    if (token.empty()) token = csrf_in(get("/account/sign-in", cookie).body);
    std::vector<std::pair<std::string, std::string>> fields{{"csrf_token", token}, {"action", action}};
    if (!receipt.empty()) fields.emplace_back("receipt", receipt);
    fields.insert(fields.end(), ballot.begin(), ballot.end());
    return send_form(path(id, "/vote"), fields, cookie);
  }
  // Posts `fields` (in order, repeats allowed) as a browser sends a form from this site, signed in as
  // `session` ("" for nobody, with the fixture's form cookie).
  HttpReply send_form(const std::string& to, const std::vector<std::pair<std::string, std::string>>& fields,
                      const std::string& session) {
    std::string body;
    for (const auto& [k, v] : fields)
      body += (body.empty() ? "" : "&") + web::percent_encode(k) + "=" + web::percent_encode(v);
    return http_request(port(), "POST", to, body, "application/x-www-form-urlencoded",
                        cookie_header(session) + "Sec-Fetch-Site: same-origin\r\n");
  }
  static std::string receipt_in(const std::string& html) {
    std::smatch m;
    if (!std::regex_search(html, m, std::regex(R"re(id="receipt-code">([0-9A-Z-]+)<)re"))) return {};
    return m[1].str();
  }
  std::string resident(int n) { return session_for(person("voter" + std::to_string(n) + "@example.org")); }
  // The funded projects' ids, from the open-data results, and the published Pabulib file.
  std::set<std::string> published(std::int64_t id) {
    auto results = nlohmann::json::parse(get("/api/v1/budgets/" + std::to_string(id) + "/results").body);
    std::set<std::string> out;
    for (const auto& s : results["selected"]) out.insert(s.get<std::string>());
    return out;
  }
  std::string pabulib(std::int64_t id) {
    return get("/api/v1/budgets/" + std::to_string(id) + "/pabulib").body;
  }
  void close_voting() { server_->clock().set(kVotingOpens + 2 * kDay + 3600'000'000LL); }

  std::vector<std::string> ids_;
};

// Recounts `pb` with `commonweal pb count --json` and returns the ids it funds.
inline std::set<std::string> recount_with_cli(const std::string& pb) {
  auto file = std::filesystem::temp_directory_path() / ("budget-" + std::to_string(::getpid()) + ".pb");
  std::ofstream(file) << pb;
  std::string out;
  if (FILE* p =
          ::popen((std::string(CW_COMMONWEAL_BINARY) + " pb count --json " + file.string()).c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << out;
  }
  std::filesystem::remove(file);
  // One object, pretty-printed or (counting several files) one a line: the first is this file's.
  auto json = nlohmann::json::parse(out, nullptr, false);
  if (json.is_discarded()) json = nlohmann::json::parse(out.substr(0, out.find('\n')));
  std::set<std::string> ids;
  for (const auto& s : json["selected"]) ids.insert(s.get<std::string>());
  return ids;
}

}  // namespace cw::testing
