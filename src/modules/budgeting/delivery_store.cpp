// The budget_delivery_updates table.
#include "modules/budgeting/store.h"

namespace cw::budgeting {

namespace {

constexpr const char* kColumns =
    "SELECT u.id, u.project_id, u.status, u.progress, u.note, u.created_by, u.created_at FROM "
    "budget_delivery_updates u ";

DeliveryUpdate update_from(const store::Row& r) {
  return {.id = r.integer(0),
          .project_id = r.integer(1),
          .status = delivery_status_from_slug(r.text(2)).value_or(DeliveryStatus::not_started),
          .progress = static_cast<int>(r.integer(3)),
          .note = r.text(4),
          .created_by = r.opt_integer(5),
          .created_at = r.integer(6)};
}

}  // namespace

std::int64_t insert_delivery_update(store::Tx& tx, const DeliveryUpdate& u) {
  return tx
      .run(
          "INSERT INTO budget_delivery_updates (project_id, status, progress, note, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          u.project_id, std::string(delivery_status_slug(u.status)), u.progress, u.note, u.created_by,
          u.created_at)
      .one()
      .integer(0);
}

std::vector<DeliveryUpdate> delivery_updates(store::Tx& tx, std::int64_t project_id) {
  std::vector<DeliveryUpdate> out;
  for (const auto& r :
       tx.run(std::string(kColumns) + "WHERE u.project_id = $1 ORDER BY u.id DESC", project_id).rows)
    out.push_back(update_from(r));
  return out;
}

std::map<std::int64_t, DeliveryUpdate> latest_delivery_updates(store::Tx& tx, std::int64_t process_id) {
  std::map<std::int64_t, DeliveryUpdate> out;
  for (const auto& r :
       tx.run(std::string(kColumns) +
                  "JOIN budget_projects p ON p.id = u.project_id WHERE p.process_id = $1 AND u.id = "
                  "(SELECT MAX(id) FROM budget_delivery_updates WHERE project_id = u.project_id)",
              process_id)
           .rows) {
    auto u = update_from(r);
    out[u.project_id] = u;
  }
  return out;
}

}  // namespace cw::budgeting
