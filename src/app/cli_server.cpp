#include "app/cli.h"
namespace cw::app {
void add_server_commands(CLI::App&) {}
}  // namespace cw::app
