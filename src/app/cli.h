// The subcommands of the `commonweal` binary. Each add_* function registers one subcommand and its
// callback. A callback that fails prints the reason on stderr and throws CLI::RuntimeError(exit_code);
// bad usage is reported by CLI11 and exits with 2 (see main.cpp).
#pragma once
#include <CLI/CLI.hpp>

namespace cw::app {

void add_server_commands(CLI::App& app);  // serve, migrate, demo
void add_pb_command(CLI::App& app);       // pb count, pb check
void add_stv_command(CLI::App& app);      // stv count
void add_audit_command(CLI::App& app);    // audit verify
void add_user_command(CLI::App& app);     // user add
void add_import_command(CLI::App& app);   // import geo

}  // namespace cw::app
