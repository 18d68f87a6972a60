// How residents reach their council: website, phone, email and address per locality, set by its
// admin and shown as "Who to contact" on every ward page. Rules, SQL and the settings page; the SQL
// runs in the caller's transaction.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"
#include "web/forms.h"
#include "web/router.h"

namespace cw::places {

struct LocalityContact {
  std::string website, phone, email, address;
  bool empty() const { return website.empty() && phone.empty() && email.empty() && address.empty(); }
};

// Every problem at once: a website is an http(s) address, an email an address, a phone digits.
std::vector<web::FieldError> contact_problems(const LocalityContact& c);

LocalityContact find_contact(store::Tx& tx, std::int64_t locality_id);
void save_contact(store::Tx& tx, std::int64_t locality_id, const LocalityContact& c);

// The "Who to contact" section of a ward page, or false when the council has given no details.
nlohmann::json contact_view(const LocalityContact& c, const std::string& locality_name);

// GET and POST /places/{locality}/contact, for the locality's admins.
void register_contact_routes(web::Router& router);

}  // namespace cw::places
