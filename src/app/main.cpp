// Entry point of the `commonweal` binary: parses the command line and runs one subcommand.
#include <cstdio>
#include <iostream>

#include "app/cli.h"

#ifndef CW_VERSION
#define CW_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{"commonweal: run local services together — assets, petitions, budgets, co-ops, services"};
  app.name("commonweal");
  app.require_subcommand(1);
  app.add_subcommand("version", "Print the version and exit")->callback([] {
    std::cout << "commonweal " << CW_VERSION << "\n";
  });
  cw::app::add_server_commands(app);
  cw::app::add_pb_command(app);
  cw::app::add_stv_command(app);
  cw::app::add_audit_command(app);
  cw::app::add_user_command(app);
  cw::app::add_import_command(app);
  cw::app::add_backup_commands(app);
  cw::app::add_mail_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  return 0;
}
