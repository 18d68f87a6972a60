#include "modules/community_value/view_models.h"

#include "modules/community_value/routes.h"
#include "web/form_fields.h"

namespace cw::community_value {

namespace {

const char* mark_colour(Mark m) {
  switch (m) {
    case Mark::done:
      return "green";
    case Mark::due:
      return "yellow";
    case Mark::overdue:
      return "red";
    case Mark::upcoming:
      return "blue";
    case Mark::passed:
      return "grey";
  }
  return "grey";
}

const char* mark_label(Mark m) {
  switch (m) {
    case Mark::done:
      return "Done";
    case Mark::due:
      return "Due soon";
    case Mark::overdue:
      return "Overdue";
    case Mark::upcoming:
      return "Upcoming";
    case Mark::passed:
      return "Passed";
  }
  return "";
}

nlohmann::json date_json(std::optional<Date> d) {
  if (!d) return nullptr;
  return {{"iso", iso(*d)}, {"text", long_date(*d)}};
}

}  // namespace

const char* standing_colour(Standing s) {
  switch (s) {
    case Standing::awaiting_decision:
      return "blue";
    case Standing::listed:
      return "green";
    case Standing::not_listed:
      return "grey";
    case Standing::removed:
      return "orange";
    case Standing::listing_ended:
      return "grey";
  }
  return "grey";
}

nlohmann::json timeline_view(const CaseRow& c, const Periods& p, Date today) {
  auto standing = standing_on(c.facts, p, today);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : timeline(c.facts, p, today))
    items.push_back({{"date", long_date(e.date)},
                     {"iso", iso(e.date)},
                     {"label", e.label},
                     {"detail", web::or_false(e.detail)},
                     {"mark", mark_name(e.mark)},
                     {"mark_label", mark_label(e.mark)},
                     {"colour", mark_colour(e.mark)}});
  return {{"href", "/assets/community-value/" + std::to_string(c.id)},
          {"asset_name", c.nomination.asset_name},
          {"standing", standing_name(standing)},
          {"standing_label", standing_label(standing)},
          {"colour", standing_colour(standing)},
          {"items", items}};
}

nlohmann::json case_json(const CaseRow& c, const Periods& p, Date today) {
  auto standing = standing_on(c.facts, p, today);
  const auto* body = find_body_type(c.nomination.body_type);
  return {{"id", c.id},
          {"href", "/assets/community-value/" + std::to_string(c.id)},
          {"asset_name", c.nomination.asset_name},
          {"address", c.nomination.address},
          {"asset_id", c.asset_id ? nlohmann::json(*c.asset_id) : nlohmann::json(nullptr)},
          {"nominated_by", c.nomination.body_name},
          {"body_type", body ? body->label : c.nomination.body_type},
          {"standing", standing_name(standing)},
          {"standing_label", standing_label(standing)},
          {"colour", standing_colour(standing)},
          {"received_on", date_json(c.facts.received_on)},
          {"decision_due", date_json(decision_due(c.facts, p))},
          {"decided_on", date_json(c.facts.decided_on)},
          {"listed_until", date_json(listed_until(c.facts, p))},
          {"reasons", c.decision_reasons}};
}

nlohmann::json nomination_rows(const CaseRow& c) {
  const auto& n = c.nomination;
  const auto* body = find_body_type(n.body_type);
  std::string by = n.body_name + " (" + (body ? body->label : n.body_type) + ")";
  if (auto members = local_members_of(n))
    by += ", " + std::to_string(*members) + " members on the electoral roll";
  nlohmann::json rows = nlohmann::json::array();
  auto row = [&](const char* key, const std::string& value) {
    rows.push_back({{"key", key}, {"value", value}, {"href", false}});
  };
  row("Where it is", n.address);
  row("Description", n.description);
  row("Proposed boundaries", n.boundaries);
  row("Owners and occupiers", n.owners);
  row("Why it matters to the community", n.reasons);
  row("Nominated by", by);
  row("Evidence the body may nominate", n.eligibility);
  return {{"rows", rows}};
}

std::optional<nlohmann::json> timeline_for_asset(store::Tx& tx, std::int64_t asset_id, Micros now) {
  auto id = latest_case_for_asset(tx, asset_id);
  if (!id) return std::nullopt;
  auto c = find_case(tx, *id);
  if (!c) return std::nullopt;
  return timeline_view(*c, load_periods(tx, c->locality_id), date_of(now));
}

}  // namespace cw::community_value
