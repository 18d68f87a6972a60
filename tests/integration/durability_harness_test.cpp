// The test harness's PostgreSQL does not outlive a test run that is killed with SIGKILL (a CI timeout,
// an impatient kill -9), which no signal handler sees: a copy of this program starts the harness's
// server and is killed, and the server must exit and its directory go. It would fail if the harness
// relied on its exit handlers alone, as pg_ctl's daemonised postmaster would then run on.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/tests/pg_harness.h"

extern char** environ;

namespace cw::testing {
namespace {

namespace fs = std::filesystem;
constexpr const char* kHoldVariable = "CW_TEST_HOLD_POSTGRES";

// In the copy: start the harness's server, say where it is in the named file, and wait to be killed.
// An environment, so that it runs from main, once every static object of the harness exists.
class HoldPostgres : public ::testing::Environment {
 public:
  void SetUp() override {
    std::string file = std::getenv(kHoldVariable);
    auto& pg = store::testing::TempPostgres::shared();
    {
      std::ofstream out(file + ".tmp");
      out << pg.postmaster_pid() << "\n" << pg.directory() << "\n";
    }
    fs::rename(file + ".tmp", file);
    for (;;) ::pause();
  }
};
[[maybe_unused]] const auto* holding =
    std::getenv(kHoldVariable) ? ::testing::AddGlobalTestEnvironment(new HoldPostgres) : nullptr;

// A process that has exited but not been reaped yet (a zombie) counts as gone.
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string id, name, state;
  return stat >> id >> name >> state && state != "Z";
}

template <typename F>
bool within(std::chrono::seconds limit, F done) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

TEST(DurabilityHarness, postgres_started_by_a_test_run_exits_when_the_run_is_killed_with_sigkill) {
  auto file = (fs::temp_directory_path() / ("cw-hold-" + std::to_string(::getpid()))).string();
  fs::remove(file);
  auto variable = std::string(kHoldVariable) + "=" + file;
  std::vector<char*> env{variable.data()};
  for (char** e = environ; *e; ++e) env.push_back(*e);
  env.push_back(nullptr);
  std::string exe = fs::read_symlink("/proc/self/exe").string();
  char* argv[] = {exe.data(), nullptr};
  pid_t child = 0;
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&quiet, 1, 2);
  int spawned = ::posix_spawn(&child, exe.c_str(), &quiet, nullptr, argv, env.data());
  posix_spawn_file_actions_destroy(&quiet);
  ASSERT_EQ(spawned, 0);
  bool started = within(std::chrono::seconds(60), [&] { return fs::exists(file); });
  if (!started) ::kill(child, SIGKILL);
  ASSERT_TRUE(started) << "the copy did not start PostgreSQL";
  pid_t postmaster = 0;
  std::string dir;
  std::ifstream(file) >> postmaster >> dir;
  fs::remove(file);
  ASSERT_GT(postmaster, 0);
  ASSERT_TRUE(alive(postmaster));
  ASSERT_TRUE(fs::exists(dir));

  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(within(std::chrono::seconds(15), [&] { return !alive(postmaster); }))
      << "PostgreSQL (pid " << postmaster << ") outlived the killed test run";
  EXPECT_TRUE(within(std::chrono::seconds(15), [&] { return !fs::exists(dir); })) << dir << " was left";
}

}  // namespace
}  // namespace cw::testing
