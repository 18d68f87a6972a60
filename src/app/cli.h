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
void add_backup_commands(CLI::App& app);  // backup, restore
void add_mail_command(CLI::App& app);     // mail suppress

// --base-url (or COMMONWEAL_BASE_URL), the site's public address: `serve` puts it in the links it mails,
// `user add` in the link it prints, so both take it the same way, with the same default.
inline constexpr const char* kDefaultBaseUrl = "http://localhost:8080";
void add_base_url_option(CLI::App* command, std::string& base_url, const std::string& what);
// Without trailing slashes, so paths append cleanly.
std::string trimmed_base_url(std::string url);

}  // namespace cw::app
