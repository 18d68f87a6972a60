// The accounts module: people, sessions, roles and permissions. Its manifest also supplies the web
// layer's Authenticator, so every other module can ask who is signed in.
#pragma once
#include "modules/module.h"

namespace cw::accounts {

modules::Module module();

}  // namespace cw::accounts
