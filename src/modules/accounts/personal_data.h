// The account's own part of "Download my data" (the account, its sessions and roles), and how the rest
// of the site knows the person an account is (modules::Person).
#pragma once
#include "modules/accounts/store.h"
#include "modules/module.h"

namespace cw::accounts {

// The account and, once confirmed, its email address.
modules::Person person_of(const User& user);

modules::PersonalData account_personal_data();

}  // namespace cw::accounts
