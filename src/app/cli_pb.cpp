#include "app/cli.h"
namespace cw::app {
void add_pb_command(CLI::App&) {}
}  // namespace cw::app
