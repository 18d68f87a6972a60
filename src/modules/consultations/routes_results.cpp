// Results for those running a consultation: per question the counts as a chart and a table, free text
// as written, responses by ward and by deprivation decile, and every response as CSV.
#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "html/chart.h"
#include "html/table.h"
#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"
#include "modules/consultations/results.h"
#include "modules/places/ward_map.h"

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::Context;
using web::Request;
using web::Response;

constexpr std::size_t kTextsShown = 200;

struct ResultsData {
  Consultation c;
  std::vector<ResponseRow> responses;
  std::vector<GroupCount> by_ward, by_decile;
  std::vector<places::WardRef> wards;
  std::vector<places::WardShape> shapes;  // only when a question asks for a point on the map
  HeldResponses held;
};

ResultsData load(const Context& ctx, const Request& req) {
  return store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = managed_by(tx, ctx, path_id(req));
    bool maps = std::any_of(c.survey.begin(), c.survey.end(),
                            [](const Question& q) { return q.type == QuestionType::map_point; });
    return ResultsData{c,
                       submitted_responses(tx, c.id),
                       responses_by_ward(tx, c.id),
                       responses_by_decile(tx, c.id),
                       places::ward_refs(tx, c.locality_id),
                       maps ? places::ward_shapes(tx, c.locality_id) : std::vector<places::WardShape>{},
                       held_responses(tx, c.id)};
  });
}

std::string percent(std::int64_t n, std::int64_t of) {
  if (of == 0) return "0%";
  return std::to_string((n * 100 + of / 2) / of) + "%";
}

json counts_block(const QuestionResult& r) {
  const auto& q = *r.question;
  bool ranking = q.type == QuestionType::ranking;
  bool long_labels = false;
  for (const auto& c : r.counts) long_labels = long_labels || c.label.size() > 10;
  std::vector<html::Bar> bars;
  std::vector<html::TableColumn> cols{{ranking ? "Item" : "Answer", false},
                                      {ranking ? "Ranked first" : "Responses", true},
                                      {ranking ? "Average rank" : "Share", true}};
  html::Table table("Answers to question " + std::to_string(r.number), cols);
  for (std::size_t i = 0; i < r.counts.size(); ++i) {
    const auto& c = r.counts[i];
    bars.push_back({long_labels ? std::to_string(i + 1) : c.label, static_cast<long>(c.count)});
    char avg[16];
    std::snprintf(avg, sizeof avg, "%.1f", c.average_rank);
    table.add_row({{(long_labels ? std::to_string(i + 1) + ". " : "") + c.label, "", false},
                   {std::to_string(c.count), "", true},
                   {ranking ? std::string(avg) : percent(c.count, r.answered), "", true}});
  }
  auto description =
      std::to_string(r.answered) + " people answered. The table below the chart gives the numbers.";
  return {{"chart", html::bar_chart("chart-" + q.id, (ranking ? "First choices: " : "Answers: ") + q.title,
                                    description, bars)},
          {"table", std::move(table).data()}};
}

json question_block(const QuestionResult& r) {
  const auto& q = *r.question;
  json block{{"number", r.number}, {"title", q.title}, {"answered", r.answered}, {"chart", false},
             {"table", false},     {"texts", false},   {"more_texts", false}};
  if (!r.counts.empty()) {
    auto counts = counts_block(r);
    block["chart"] = counts["chart"];
    block["table"] = counts["table"];
  } else {
    json texts = json::array();
    for (std::size_t i = 0; i < r.texts.size() && i < kTextsShown; ++i) texts.push_back(r.texts[i]);
    block["texts"] = texts;
    if (r.texts.size() > kTextsShown)
      block["more_texts"] = std::to_string(r.texts.size() - kTextsShown) + " more are in the CSV download.";
  }
  return block;
}

// The points marked in answer to a place question, over the ward boundaries; false when none were.
json place_map(const QuestionResult& r, const ResultsData& d) {
  std::vector<places::MapPoint> points;
  for (const auto& resp : d.responses) {
    auto it = resp.answers.find(r.question->id);
    if (it == resp.answers.end() || it->second.size() != 3 || it->second[1].empty()) continue;
    const auto& v = it->second;
    points.push_back({resp.id, v[0].empty() ? "Response " + std::to_string(resp.id) : v[0], "place", "",
                      std::strtod(v[1].c_str(), nullptr), std::strtod(v[2].c_str(), nullptr)});
  }
  if (points.empty() || d.shapes.empty()) return false;
  auto n = std::to_string(r.number);
  return places::svg_map(d.shapes, points,
                         {.title = "Map of the places marked in answer to question " + n,
                          .description = std::to_string(points.size()) +
                                         " places marked on the map, over the ward boundaries. The answers "
                                         "listed give each place's latitude and longitude.",
                          .id = "place-map-" + r.question->id});
}

json ward_table(const ResultsData& d) {
  html::Table table("Responses by ward (from the postcode given)", {{"Ward", false}, {"Responses", true}});
  for (const auto& w : d.wards) {
    std::int64_t n = 0;
    for (const auto& g : d.by_ward)
      if (g.key == w.code) n = g.count;
    table.add_row({{w.name, "", false}, {std::to_string(n), "", true}});
  }
  std::int64_t other = 0;
  for (const auto& g : d.by_ward) {
    bool known =
        g.key && std::any_of(d.wards.begin(), d.wards.end(), [&](const auto& w) { return w.code == *g.key; });
    if (!known) other += g.count;
  }
  table.add_row({{"No postcode, or outside the area", "", false}, {std::to_string(other), "", true}});
  return std::move(table).data();
}

json decile_block(const ResultsData& d) {
  html::Table table(
      "Responses by deprivation decile of the neighbourhood (1 is the most deprived 10% in England)",
      {{"Decile", false}, {"Responses", true}});
  std::vector<html::Bar> bars;
  std::int64_t unknown = 0;
  for (const auto& g : d.by_decile)
    if (!g.key) unknown = g.count;
  for (int decile = 1; decile <= 10; ++decile) {
    std::int64_t n = 0;
    for (const auto& g : d.by_decile)
      if (g.key == std::to_string(decile)) n = g.count;
    bars.push_back({std::to_string(decile), static_cast<long>(n)});
    table.add_row({{std::to_string(decile), "", false}, {std::to_string(n), "", true}});
  }
  table.add_row({{"Not known", "", false}, {std::to_string(unknown), "", true}});
  return {
      {"chart",
       html::bar_chart(
           "chart-decile", "Responses by deprivation decile",
           "Responses from each deprivation decile, 1 the most deprived. The table has the numbers.", bars)},
      {"table", std::move(table).data()}};
}

Response results_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto d = load(ctx, req);
  json questions = json::array();
  for (const auto& r : question_results(d.c, d.responses)) {
    auto block = question_block(r);
    block["map"] = r.question->type == QuestionType::map_point ? place_map(r, d) : json(false);
    questions.push_back(std::move(block));
  }
  auto p = phase(d.c, ctx.clock.now());
  return ctx.page(
      "consultations/results",
      {.title = "Results: " + d.c.title, .breadcrumbs = crumbs(d.c), .nav_current = "/consultations"},
      {{"title", d.c.title},
       {"id", d.c.id},
       {"total", d.responses.size()},
       {"total_text",
        d.responses.size() == 1 ? "1 response" : std::to_string(d.responses.size()) + " responses"},
       {"phase", {{"text", phase_label(p)}, {"colour", phase_colour(p)}}},
       {"closed", p == Phase::closed},
       {"questions", questions},
       {"wards", ward_table(d)},
       {"deciles", decile_block(d)},
       {"unconfirmed", d.held.unconfirmed > 0 ? json(d.held.unconfirmed) : json(false)},
       {"suspect", d.held.suspect > 0 ? json(d.held.suspect) : json(false)},
       {"burst", d.c.burst_at ? json(long_date(*d.c.burst_at)) : json(false)}});
}

// An officer has checked the responses held as suspect and counts them.
Response count_suspects_post(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  try {
    count_suspects(ctx.db, command(ctx), id);
  } catch (const web::FormInvalid& e) {
    refused(e);
  }
  return Response::redirect(consultation_href(id) + "/results");
}

Response results_csv(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto d = load(ctx, req);
  std::map<std::string, std::string> names;
  for (const auto& w : d.wards) names[w.code] = w.name;
  auto res = Response::text(responses_csv(d.c, d.responses, names), "text/csv; charset=utf-8");
  res.set("Content-Disposition",
          "attachment; filename=\"consultation-" + std::to_string(d.c.id) + "-responses.csv\"");
  res.set("Cache-Control", "no-store");
  return res;
}

}  // namespace

void register_results_routes(web::Router& router) {
  router.get("/consultations/{id}/results", results_page);
  router.get("/consultations/{id}/responses.csv", results_csv);
  router.post("/consultations/{id}/suspects", count_suspects_post);
}

}  // namespace cw::consultations
