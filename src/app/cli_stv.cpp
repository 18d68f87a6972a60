#include "app/cli.h"
namespace cw::app {
void add_stv_command(CLI::App&) {}
}  // namespace cw::app
