// Bad input at the protocol level: oversized headers and bodies, malformed request lines, slow
// clients and too many connections. The server must answer with the right 4xx/5xx and keep serving.
#include <gtest/gtest.h>

#include <thread>

#include "http_client.h"
#include "test_server.h"

namespace cw::testing {
namespace {

class LimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web::ServerOptions o;
    o.header_timeout = std::chrono::seconds(1);
    o.idle_timeout = std::chrono::seconds(1);
    o.body_timeout = std::chrono::seconds(1);
    o.max_connections = 4;
    server_ = std::make_unique<TestServer>(EngineUnderTest::sqlite, o, false);
  }
  void expect_still_serving() { EXPECT_EQ(http_get(server_->port(), "/healthz").status, 200); }
  std::uint16_t port() const { return server_->port(); }
  std::unique_ptr<TestServer> server_;
};

TEST_F(LimitsTest, headers_over_8_kib_get_431) {
  auto r = send_raw(port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_EQ(r.status, 431);
  expect_still_serving();
}

TEST_F(LimitsTest, body_over_1_mib_gets_413_before_it_is_read) {
  auto r =
      send_raw(port(), "POST /places HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: " +
                           std::to_string(2 << 20) + "\r\n\r\nabc");
  EXPECT_EQ(r.status, 413);
  expect_still_serving();
}

TEST_F(LimitsTest, chunked_body_over_the_limit_gets_413) {
  Connection c(port());
  std::string chunk(64 * 1024, 'x');
  c.send("POST /places HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 20; ++i) c.send("10000\r\n" + chunk + "\r\n");
  EXPECT_EQ(c.read_reply().status, 413);
  expect_still_serving();
}

TEST_F(LimitsTest, malformed_request_lines_get_400) {
  for (const std::string bad :
       {"GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    auto r = send_raw(port(), bad);
    EXPECT_EQ(r.status, 400) << bad;
  }
  expect_still_serving();
}

TEST_F(LimitsTest, bad_query_gets_400_json_error_on_the_api) {
  auto r = http_get(port(), "/api/v1/localities?x=%G0");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("\"code\":\"bad_query\""), std::string::npos) << r.body;
}

TEST_F(LimitsTest, slow_client_is_cut_off_after_the_header_timeout) {
  Connection c(port());
  c.send("GET / HTTP/1.1\r\nHost: x\r\n");  // never finishes the head
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server(4000));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  expect_still_serving();
}

TEST_F(LimitsTest, idle_keep_alive_connection_is_closed_after_idle_timeout) {
  Connection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read_reply().status, 200);
  EXPECT_TRUE(c.closed_by_server(4000));
}

TEST_F(LimitsTest, connections_beyond_the_cap_get_503_when_every_one_is_mid_request) {
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<Connection>(port()));
    // Partway through a body: busy, so not to be displaced (until the 1 s body timeout).
    held.back()->send(
        "POST /places HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nab");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Connection extra(port());
  auto r = extra.read_reply(2000);
  EXPECT_EQ(r.status, 503);
  held.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  expect_still_serving();
}

TEST_F(LimitsTest, idle_connections_at_the_cap_give_way_to_a_new_one) {
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 6; ++i) held.push_back(std::make_unique<Connection>(port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  expect_still_serving();
  EXPECT_TRUE(held.front()->closed_by_server(500)) << "the longest idle connection gave way";
}

TEST(PerAddress, one_address_beyond_its_share_of_connections_gets_503_and_others_are_served) {
  web::ServerOptions o;
  o.max_connections_per_address = 3;
  TestServer server(EngineUnderTest::sqlite, o, false);
  std::vector<std::unique_ptr<Connection>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<Connection>(server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // accepted before the fourth arrives
  auto refused = http_get(server.port(), "/healthz");
  EXPECT_EQ(refused.status, 503);
  EXPECT_TRUE(refused.body.find("Too many connections from your network") != std::string::npos)
      << refused.body;
  held.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(http_get(server.port(), "/healthz").status, 200) << "a closed connection frees its place";
}

TEST(BehindTls, hsts_is_sent_only_when_behind_tls) {
  TestServer server(EngineUnderTest::sqlite, {}, false, true);
  auto r = http_get(server.port(), "/healthz");
  EXPECT_EQ(r.header("strict-transport-security"), "max-age=31536000; includeSubDomains");
}

}  // namespace
}  // namespace cw::testing
