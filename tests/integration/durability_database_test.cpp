// Database faults under load, against a child `commonweal serve`: PostgreSQL stopped as by a crash and
// started again, and SQLite on a disk that fills up and is then freed. Meanwhile the server answers 503
// with a page that says to try again (not a 500, not a hang, not a crash), comes back by itself once
// the database does, and keeps everything it acknowledged; the SQLite file passes integrity_check.
#include <gtest/gtest.h>

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "child_server.h"
#include "durability_load.h"
#include "http_client.h"
#include "site_fixture.h"
#include "store/tests/pg_harness.h"

namespace cw::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void expect_acknowledged_stored(const SigningLoad& load, const std::string& url, std::int64_t petition) {
  auto stored = stored_signatures(url, petition);
  auto acks = load.acknowledged();
  int lost = 0;
  for (const auto& email : acks.signed_emails) lost += stored.contains(email) ? 0 : 1;
  for (const auto& email : acks.confirmed_emails) lost += stored[email] == "confirmed" ? 0 : 1;
  EXPECT_EQ(lost, 0) << "of " << acks.signed_emails.size() << " acknowledged signatures and "
                     << acks.confirmed_emails.size() << " confirmations";
}

// The harness runs PostgreSQL with synchronous_commit=off for speed, which acknowledges a commit before
// its log leaves the server's memory: a crash then loses the last commits by design. A site must not
// run so, and this database does not (fsync may stay off: the machine does not crash, only PostgreSQL).
void durable_commits(const std::string& url) {
  auto db = store::Db::open(url, 1);
  store::in_write(*db, [](store::Tx& tx) {
    auto name = tx.run("SELECT current_database()").one().text(0);
    tx.exec_script("ALTER DATABASE \"" + name + "\" SET synchronous_commit = on");
  });
  db->close();
}

// One signature sent by hand, to read what the server says; JSON when `json`.
HttpReply sign_once(std::uint16_t port, std::int64_t petition, const std::string& token, bool json) {
  auto body = form_body({{"csrf_token", token},
                         {"name", "Probe"},
                         {"email", "probe-" + std::to_string(::random()) + "@example.org"},
                         {"postcode", "SM1 1EA"},
                         {"declaration", "yes"}});
  return http_request(port, "POST", "/petitions/" + std::to_string(petition) + "/sign", body,
                      "application/x-www-form-urlencoded",
                      std::string("Sec-Fetch-Site: same-origin\r\nX-Forwarded-For: 10.200.0.1\r\n") +
                          cookie_header("") + (json ? "Accept: application/json\r\n" : ""));
}

void expect_unavailable_page(const HttpReply& r) {
  EXPECT_EQ(r.status, 503) << r.body.substr(0, 2000);
  EXPECT_EQ(r.header("retry-after"), "60");
  EXPECT_TRUE(contains(r.body, "The service is briefly unavailable, please try again in a minute"))
      << r.body.substr(0, 2000);
}

template <typename F>
bool within(std::chrono::milliseconds limit, F done) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

TEST(DurabilityDatabase,
     postgresql_stopped_under_load_gives_503_then_the_server_reconnects_and_loses_nothing) {
  auto url = real_time_demo_site(EngineUnderTest::postgresql);
  durable_commits(url);
  auto petition = open_petition(url);
  ChildServer server(url, {"--trusted-proxy", "127.0.0.1"});
  auto token =
      csrf_in(http_get(server.port(), "/petitions/" + std::to_string(petition), cookie_header("")).body);
  SigningLoad load(server.port(), url, petition, 3, "pg");
  ASSERT_TRUE(within(20s, [&] { return load.signed_count() >= 20; })) << server.output();

  auto& pg = store::testing::TempPostgres::shared();
  pg.stop_immediately();
  std::this_thread::sleep_for(1500ms);  // the load keeps signing against a database that is gone
  expect_unavailable_page(sign_once(server.port(), petition, token, false));
  auto json = sign_once(server.port(), petition, token, true);
  EXPECT_EQ(json.status, 503);
  EXPECT_TRUE(contains(json.body, R"("code":"unavailable")")) << json.body;
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 503);
  auto during = load.statuses();
  pg.start_again();

  // Back by itself: no restart of commonweal, and soon every request succeeds again.
  EXPECT_TRUE(within(10s, [&] { return sign_once(server.port(), petition, token, false).status == 303; }));
  auto signed_before = load.signed_count();
  EXPECT_TRUE(within(10s, [&] { return load.signed_count() >= signed_before + 20; }));
  load.stop();
  EXPECT_GT(during[503], 0) << "the load never saw the database gone";
  EXPECT_EQ(load.statuses()[500], 0) << load.body_for(500);
  EXPECT_LT(load.slowest_reply(), 5s) << "a request hung while the database was down";
  EXPECT_TRUE(server.running());
  expect_acknowledged_stored(load, url, petition);

  // A restart between two requests: every idle pooled connection is dead, and no request may be the
  // one to find out (each would otherwise get a 503 for a database that is up).
  pg.stop_immediately();
  pg.start_again();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_once(server.port(), petition, token, false).status, 303);
  EXPECT_EQ(server.terminate(), 0) << server.output();
}

// A small tmpfs, so the disk really fills: as root a mount is all it takes (a test run as another user
// would need a loop device or a user namespace, which this harness does not set up).
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size) {
    std::string tmpl = (fs::temp_directory_path() / "cw-full-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, ("size=" + size).c_str()) != 0)
      throw std::runtime_error("cannot mount a tmpfs on " + dir_ +
                               " (this test must run as root): " + std::strerror(errno));
  }
  ~SmallDisk() {
    ::umount2(dir_.c_str(), MNT_DETACH);
    ::rmdir(dir_.c_str());
  }
  const std::string& dir() const { return dir_; }
  // Writes a filler file until the disk is full.
  void fill() {
    std::FILE* f = std::fopen((dir_ + "/filler").c_str(), "wb");
    if (!f) throw std::runtime_error("cannot create " + dir_ + "/filler");
    std::string chunk(4096, 'x');
    while (std::fwrite(chunk.data(), 1, chunk.size(), f) == chunk.size() && std::fflush(f) == 0) {
    }
    std::fclose(f);
  }
  void free_space() { fs::remove(dir_ + "/filler"); }

 private:
  std::string dir_;
};

TEST(DurabilityDatabase,
     sqlite_on_a_full_disk_gives_503_keeps_the_file_whole_and_recovers_when_space_is_freed) {
  SmallDisk disk("12m");
  auto url = real_time_demo_site(EngineUnderTest::sqlite, disk.dir() + "/site.sqlite");
  auto petition = open_petition(url);
  ChildServer server(url, {"--trusted-proxy", "127.0.0.1"});
  auto token =
      csrf_in(http_get(server.port(), "/petitions/" + std::to_string(petition), cookie_header("")).body);
  SigningLoad load(server.port(), url, petition, 3, "full");
  ASSERT_TRUE(within(20s, [&] { return load.signed_count() >= 20; })) << server.output();

  disk.fill();
  // The log and the file have some room left inside them; signing soon needs more.
  EXPECT_TRUE(within(20s, [&] { return load.statuses()[503] > 0; })) << "the full disk never showed";
  expect_unavailable_page(sign_once(server.port(), petition, token, false));
  EXPECT_TRUE(server.running());

  disk.free_space();
  EXPECT_TRUE(within(10s, [&] { return sign_once(server.port(), petition, token, false).status == 303; }));
  auto signed_before = load.signed_count();
  EXPECT_TRUE(within(10s, [&] { return load.signed_count() >= signed_before + 20; }));
  load.stop();
  EXPECT_EQ(load.statuses()[500], 0) << load.body_for(500);
  EXPECT_EQ(server.terminate(), 0) << server.output();
  expect_acknowledged_stored(load, url, petition);
  auto db = store::Db::open(url, 1);
  auto check =
      store::in_read(*db, [](store::Tx& tx) { return tx.run("PRAGMA integrity_check").one().text(0); });
  db->close();
  EXPECT_EQ(check, "ok");
}

}  // namespace
}  // namespace cw::testing
