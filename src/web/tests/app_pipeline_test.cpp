// The pipeline's own rules. What escapes a handler: a 500 that is logged (route pattern, never the path),
// answered as JSON on /api/ paths and as a page elsewhere, with the security headers like every other
// response; the warning when a proxy that is not trusted forwards requests; every X-Forwarded-For line
// read, not the first; and /metrics for this machine or the token only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "html/views.h"
#include "store/db.h"
#include "web/app.h"

namespace cw::web {
namespace {

class AppPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cw-app-errors-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    db_ = store::Db::open("sqlite:" + (dir_ / "t.db").string(), 1);
    router_.get("/api/v1/broken/{id}", [](const Request&, Context&) -> Response {
      throw std::runtime_error("the database said no");
    });
    router_.get("/broken", [](const Request&, Context&) -> Response { throw 42; });
    app_ = std::make_unique<WebApp>(*db_, html::shared_views(), clock_, site_, router_,
                                    AppOptions{.log_requests = false});
  }
  void TearDown() override {
    app_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Response get(const std::string& target) {
    auto req = build_request("GET", target, {{"Host", "x"}}, "", "127.0.0.1");
    return app_->handle(req);
  }
  static std::string header(const Response& r, const char* name) {
    auto it = r.headers.find(name);
    return it == r.headers.end() ? "" : it->second;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Db> db_;
  FixedClock clock_{1'700'000'000'000'000};
  Site site_;
  Router router_;
  std::unique_ptr<WebApp> app_;
};

TEST_F(AppPipeline, an_exception_in_an_api_handler_is_logged_and_answered_as_json_with_the_headers) {
  ::testing::internal::CaptureStderr();
  auto res = get("/api/v1/broken/SM1%201EA");
  auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(header(res, "Content-Type"), "application/json");
  EXPECT_NE(res.body.find("\"code\":\"internal_error\""), std::string::npos);
  EXPECT_FALSE(header(res, "Content-Security-Policy").empty());
  EXPECT_EQ(header(res, "X-Content-Type-Options"), "nosniff");
  EXPECT_NE(log.find("\"route\":\"/api/v1/broken/{id}\""), std::string::npos) << log;
  EXPECT_NE(log.find("the database said no"), std::string::npos);
  EXPECT_EQ(log.find("SM1"), std::string::npos) << "the path may hold personal data";
}

TEST_F(AppPipeline, anything_thrown_is_caught_and_logged_as_a_page) {
  ::testing::internal::CaptureStderr();
  auto res = get("/broken");
  auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(res.status, 500);
  EXPECT_TRUE(header(res, "Content-Type").starts_with("text/html"));
  EXPECT_NE(log.find("\"level\":\"error\""), std::string::npos);
}

TEST_F(AppPipeline, forwarding_from_a_peer_that_is_not_trusted_is_warned_about_once) {
  auto forwarded = [&] {
    auto req =
        build_request("GET", "/broken", {{"Host", "x"}, {"X-Forwarded-For", "198.51.100.7"}}, "", "10.0.0.5");
    return app_->handle(req);
  };
  ::testing::internal::CaptureStderr();
  forwarded();
  forwarded();
  auto log = ::testing::internal::GetCapturedStderr();
  auto first = log.find("X-Forwarded-For from 10.0.0.5, which is not a --trusted-proxy");
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("X-Forwarded-For from", first + 1), std::string::npos) << "once";
}

TEST_F(AppPipeline, a_forwarded_for_line_a_client_forged_above_the_proxys_own_is_not_believed) {
  Router router;  // the fixture's app has registered its own routes on router_ already
  router.get("/whoami", [](const Request&, Context& ctx) { return Response::text(ctx.remote_ip()); });
  WebApp behind_proxy(*db_, html::shared_views(), clock_, site_, router,
                      AppOptions{.log_requests = false, .trusted_proxies = {"10.0.0.2"}});
  // HAProxy's `option forwardfor` adds a line of its own rather than appending to the client's.
  auto req =
      build_request("GET", "/whoami",
                    {{"Host", "x"}, {"X-Forwarded-For", "198.51.100.66"}, {"X-Forwarded-For", "203.0.113.9"}},
                    "", "10.0.0.2");
  EXPECT_EQ(behind_proxy.handle(req).body, "203.0.113.9");
}

TEST_F(AppPipeline, metrics_answer_this_machine_and_the_token_only) {
  auto metrics = [&](WebApp& app, const std::string& from, Headers headers) {
    headers.emplace("Host", "x");
    auto req = build_request("GET", "/metrics", headers, "", from);
    return app.handle(req).status;
  };
  EXPECT_EQ(metrics(*app_, "127.0.0.1", {}), 200);
  EXPECT_EQ(metrics(*app_, "::1", {}), 200);
  EXPECT_EQ(metrics(*app_, "203.0.113.9", {}), 404) << "not from elsewhere";
  Router other;
  WebApp with_token(*db_, html::shared_views(), clock_, site_, other,
                    AppOptions{.log_requests = false, .metrics_token = "s3cret-token"});
  EXPECT_EQ(metrics(with_token, "203.0.113.9", {{"Authorization", "Bearer s3cret-token"}}), 200);
  EXPECT_EQ(metrics(with_token, "203.0.113.9", {{"Authorization", "Bearer wrong-token!"}}), 404);
}

TEST_F(AppPipeline, protocol_errors_carry_the_security_headers_too) {
  auto res = app_->protocol_error(431, "headers_too_large", "The request headers are too large.", false);
  EXPECT_EQ(res.status, 431);
  EXPECT_FALSE(header(res, "Content-Security-Policy").empty());
  EXPECT_EQ(header(res, "X-Frame-Options"), "DENY");
}

}  // namespace
}  // namespace cw::web
