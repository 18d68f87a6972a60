// Email alerts' manifest (see modules/module.h): people subscribe without an account to a postcode or a
// ward and topics, confirm by mail, and a background job mails digests of new petitions and
// consultations from the search index (modules/search/index.h).
#pragma once
#include "modules/module.h"

namespace cw::alerts {

modules::Module module();
// Its part of "Your activity", "Download my data" and account deletion (personal_data.cpp).
modules::PersonalData personal_data();

}  // namespace cw::alerts
