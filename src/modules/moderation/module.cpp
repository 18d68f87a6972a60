#include "modules/moderation/module.h"

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/moderation/moderation.h"

namespace cw::moderation {

void register_routes(web::Router& router);  // routes.cpp

modules::Module module() {
  return {.name = "moderation",
          .register_routes = register_routes,
          .queues = {{.title = "Reports to moderate",
                      .href = "/moderation",
                      .order = 20,
                      .count = [](store::Tx& tx, const Actor& a, Micros) -> std::optional<std::int64_t> {
                        bool all = accounts::can(&a, accounts::Action::manage_platform);
                        auto ids = accounts::locality_ids_where(tx, &a, accounts::Action::moderate_content);
                        if (ids.empty() && !all) return std::nullopt;
                        return static_cast<std::int64_t>(open_queue(tx, ids, all).size());
                      }}},
          .personal_data = {personal_data()}};
}

}  // namespace cw::moderation
