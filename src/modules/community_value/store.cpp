#include "modules/community_value/store.h"

#include <stdexcept>

namespace cw::community_value {

namespace {

constexpr const char* kCaseColumns =
    "id, locality_id, asset_id, asset_name, address, description, boundaries, owners, owner_email, reasons, "
    "body_name, body_type, local_members, eligibility, nominated_by, status, received_on, decided_on, "
    "decision_reasons, review_requested_on, review_grounds, review_decided_on, review_reasons, updated_at";

Date date_cell(const store::Row& row, std::size_t i) {
  auto d = parse_iso_date(row.text(i));
  if (!d) throw std::runtime_error("community value: a stored date is not YYYY-MM-DD: " + row.text(i));
  return *d;
}

std::optional<Date> opt_date(const store::Row& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return date_cell(row, i);
}

CaseRow case_from(const store::Row& r) {
  CaseRow c;
  c.id = r.integer(0);
  c.locality_id = r.integer(1);
  c.asset_id = r.opt_integer(2);
  auto& n = c.nomination;
  n.asset_name = r.text(3);
  n.address = r.text(4);
  n.description = r.text(5);
  n.boundaries = r.text(6);
  n.owners = r.text(7);
  n.owner_email = r.text(8);
  n.reasons = r.text(9);
  n.body_name = r.text(10);
  n.body_type = r.text(11);
  if (!r.is_null(12)) n.local_members = std::to_string(r.integer(12));
  n.eligibility = r.text(13);
  c.nominated_by = r.opt_integer(14);
  c.facts.status = status_from(r.text(15)).value_or(Status::nominated);
  c.facts.received_on = date_cell(r, 16);
  c.facts.decided_on = opt_date(r, 17);
  c.decision_reasons = r.text(18);
  c.facts.review_requested_on = opt_date(r, 19);
  c.review_grounds = r.text(20);
  c.facts.review_decided_on = opt_date(r, 21);
  c.review_reasons = r.text(22);
  c.updated_at = r.integer(23);
  return c;
}

std::vector<NoticeRow> notices_of(store::Tx& tx, std::int64_t case_id) {
  std::vector<NoticeRow> out;
  for (const auto& r : tx.run("SELECT id, received_on, starts_moratorium, note FROM community_value_notices "
                              "WHERE case_id = $1 ORDER BY received_on, id",
                              case_id)
                           .rows)
    out.push_back({r.integer(0), date_cell(r, 1), r.boolean(2), r.text(3), {}});
  auto bidders = tx.run(
      "SELECT b.notice_id, b.id, b.group_name, b.received_on FROM community_value_bidders b JOIN "
      "community_value_notices n ON n.id = b.notice_id WHERE n.case_id = $1 ORDER BY b.received_on, b.id",
      case_id);
  for (const auto& r : bidders.rows)
    for (auto& n : out)
      if (n.id == r.integer(0)) n.bidders.push_back({r.integer(1), r.text(2), date_cell(r, 3)});
  return out;
}

}  // namespace

Periods load_periods(store::Tx& tx, std::int64_t locality_id) {
  Periods p;
  // The locality's rows sort after the defaults, so they win.
  auto rows = tx.run(
      "SELECT period, amount, unit FROM community_value_periods WHERE locality_id IN (0, $1) ORDER BY "
      "locality_id",
      locality_id);
  for (const auto& r : rows.rows) {
    const auto* info = find_period(r.text(0));
    auto unit = unit_from(r.text(2));
    if (info && unit) p.*(info->member) = {static_cast<int>(r.integer(1)), *unit};
  }
  return p;
}

void save_period(store::Tx& tx, std::int64_t locality_id, const std::string& name, Period p) {
  tx.run(
      "INSERT INTO community_value_periods (locality_id, period, amount, unit) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (locality_id, period) DO UPDATE SET amount = excluded.amount, unit = excluded.unit",
      locality_id, name, p.amount, unit_name(p.unit));
}

std::string officer_email(store::Tx& tx, std::int64_t locality_id) {
  auto r = tx.run("SELECT officer_email FROM community_value_teams WHERE locality_id = $1", locality_id);
  return r.empty() ? std::string() : r.rows[0].text(0);
}

void save_officer_email(store::Tx& tx, std::int64_t locality_id, const std::string& email) {
  tx.run(
      "INSERT INTO community_value_teams (locality_id, officer_email) VALUES ($1, $2) ON CONFLICT "
      "(locality_id) DO UPDATE SET officer_email = excluded.officer_email",
      locality_id, email);
}

std::int64_t insert_case(store::Tx& tx, std::int64_t locality_id, std::optional<std::int64_t> asset_id,
                         const Nomination& n, std::optional<std::int64_t> nominated_by, Date received_on,
                         Micros now) {
  auto members = local_members_of(n);
  return tx
      .run(
          "INSERT INTO community_value_cases (locality_id, asset_id, asset_name, address, description, "
          "boundaries, owners, owner_email, reasons, body_name, body_type, local_members, eligibility, "
          "nominated_by, received_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, "
          "$11, $12, $13, $14, $15, $16, $16) RETURNING id",
          locality_id, asset_id, n.asset_name, n.address, n.description, n.boundaries, n.owners,
          n.owner_email, n.reasons, n.body_name, n.body_type, members, n.eligibility, nominated_by,
          iso(received_on), now)
      .one()
      .integer(0);
}

std::optional<CaseRow> find_case(store::Tx& tx, std::int64_t id) {
  auto r = tx.run(std::string("SELECT ") + kCaseColumns + " FROM community_value_cases WHERE id = $1", id);
  if (r.empty()) return std::nullopt;
  auto c = case_from(r.rows[0]);
  c.notices = notices_of(tx, id);
  for (const auto& n : c.notices) {
    Notice facts{n.id, n.received_on, n.starts_moratorium, {}};
    for (const auto& b : n.bidders) facts.bidder_requests.push_back(b.received_on);
    c.facts.notices.push_back(std::move(facts));
  }
  return c;
}

std::vector<CaseRow> list_cases(store::Tx& tx, std::optional<std::int64_t> locality_id) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM community_value_cases ";
  const char* order = " ORDER BY received_on DESC, id DESC";
  auto r = locality_id ? tx.run(sql + "WHERE locality_id = $1" + order, *locality_id) : tx.run(sql + order);
  std::vector<CaseRow> out;
  for (const auto& row : r.rows) out.push_back(case_from(row));
  return out;
}

std::optional<std::int64_t> latest_case_for_asset(store::Tx& tx, std::int64_t asset_id) {
  auto r = tx.run(
      "SELECT id FROM community_value_cases WHERE asset_id = $1 ORDER BY received_on DESC, id DESC LIMIT 1",
      asset_id);
  if (r.empty()) return std::nullopt;
  return r.rows[0].integer(0);
}

std::vector<std::int64_t> open_case_ids(store::Tx& tx) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.run("SELECT id FROM community_value_cases WHERE status IN ('nominated', 'listed') ORDER BY id")
           .rows)
    out.push_back(r.integer(0));
  return out;
}

void set_decision(store::Tx& tx, std::int64_t id, Status status, Date on, const std::string& reasons,
                  Micros now) {
  tx.run(
      "UPDATE community_value_cases SET status = $2, decided_on = $3, decision_reasons = $4, updated_at = $5 "
      "WHERE id = $1",
      id, status_name(status), iso(on), reasons, now);
}

void set_review_request(store::Tx& tx, std::int64_t id, Date on, const std::string& grounds, Micros now) {
  tx.run(
      "UPDATE community_value_cases SET review_requested_on = $2, review_grounds = $3, updated_at = $4 WHERE "
      "id = $1",
      id, iso(on), grounds, now);
}

void set_review_decision(store::Tx& tx, std::int64_t id, Status status, Date on, const std::string& reasons,
                         Micros now) {
  tx.run(
      "UPDATE community_value_cases SET status = $2, review_decided_on = $3, review_reasons = $4, updated_at "
      "= "
      "$5 WHERE id = $1",
      id, status_name(status), iso(on), reasons, now);
}

std::int64_t insert_notice(store::Tx& tx, std::int64_t case_id, Date on, bool starts_moratorium,
                           const std::string& note, std::int64_t recorded_by, Micros now) {
  tx.run("UPDATE community_value_cases SET updated_at = $2 WHERE id = $1", case_id, now);
  return tx
      .run(
          "INSERT INTO community_value_notices (case_id, received_on, starts_moratorium, note, recorded_by, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          case_id, iso(on), starts_moratorium, note, recorded_by, now)
      .one()
      .integer(0);
}

std::int64_t insert_bidder(store::Tx& tx, const BidderInsert& b, Micros now) {
  return tx
      .run(
          "INSERT INTO community_value_bidders (notice_id, group_name, group_type, received_on, recorded_by, "
          "requested_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          b.notice_id, b.group_name, b.group_type, iso(b.received_on), b.recorded_by, b.requested_by, now)
      .one()
      .integer(0);
}

bool bidder_named(store::Tx& tx, std::int64_t notice_id, const std::string& group_name) {
  return !tx.run(
                "SELECT 1 FROM community_value_bidders WHERE notice_id = $1 AND LOWER(group_name) = "
                "LOWER($2)",
                notice_id, group_name)
              .empty();
}

std::int64_t insert_claim(store::Tx& tx, std::int64_t case_id, const ClaimRow& c, std::int64_t recorded_by,
                          Micros now) {
  return tx
      .run(
          "INSERT INTO community_value_claims (case_id, claimant, loss_on, received_on, amount_pence, "
          "details, "
          "recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          case_id, c.claimant, iso(c.loss_on), iso(c.received_on), c.amount_pence, c.details, recorded_by,
          now)
      .one()
      .integer(0);
}

std::vector<ClaimRow> list_claims(store::Tx& tx, std::int64_t case_id) {
  std::vector<ClaimRow> out;
  for (const auto& r : tx.run("SELECT id, claimant, loss_on, received_on, amount_pence, details FROM "
                              "community_value_claims WHERE case_id = $1 ORDER BY received_on, id",
                              case_id)
                           .rows)
    out.push_back({r.integer(0), r.text(1), date_cell(r, 2), date_cell(r, 3), r.integer(4), r.text(5)});
  return out;
}

bool add_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id, Micros now) {
  return tx.run(
               "INSERT INTO community_value_followers (case_id, user_id, created_at) VALUES ($1, $2, $3) ON "
               "CONFLICT (case_id, user_id) DO NOTHING",
               case_id, user_id, now)
             .affected > 0;
}

bool remove_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id) {
  return tx.run("DELETE FROM community_value_followers WHERE case_id = $1 AND user_id = $2", case_id, user_id)
             .affected > 0;
}

bool is_follower(store::Tx& tx, std::int64_t case_id, std::int64_t user_id) {
  return !tx.run("SELECT 1 FROM community_value_followers WHERE case_id = $1 AND user_id = $2", case_id,
                 user_id)
              .empty();
}

std::vector<std::int64_t> followers(store::Tx& tx, std::int64_t case_id) {
  std::vector<std::int64_t> out;
  for (const auto& r :
       tx.run("SELECT user_id FROM community_value_followers WHERE case_id = $1 ORDER BY user_id", case_id)
           .rows)
    out.push_back(r.integer(0));
  return out;
}

bool claim_reminder(store::Tx& tx, std::int64_t case_id, const std::string& kind, Date due_on, Micros now) {
  return tx.run(
               "INSERT INTO community_value_reminders (case_id, kind, due_on, sent_at) VALUES ($1, $2, $3, "
               "$4) "
               "ON CONFLICT (case_id, kind, due_on) DO NOTHING",
               case_id, kind, iso(due_on), now)
             .affected > 0;
}

}  // namespace cw::community_value
