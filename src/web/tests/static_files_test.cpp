#include "web/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cw::web {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cw-static-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "vendor");
    std::ofstream(dir_ / "app.css") << "body{}";
    std::ofstream(dir_ / "vendor" / "x.js") << "export {}";
  }
  void TearDown() override { fs::remove_all(dir_); }
  Request get(const std::string& path) {
    Request r;
    r.path = path;
    return r;
  }
  fs::path dir_;
};

TEST_F(StaticFilesTest, hashed_url_is_served_with_long_cache_and_etag) {
  StaticFiles files(dir_.string());
  auto url = files.url("app.css");
  EXPECT_TRUE(url.starts_with("/static/app.")) << url;
  EXPECT_TRUE(url.ends_with(".css")) << url;
  auto res = files.serve(get(url));
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ(res->body, "body{}");
  EXPECT_NE(res->headers.find("Cache-Control")->second.find("immutable"), std::string::npos);
  EXPECT_EQ(res->headers.find("Content-Type")->second, "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, matching_etag_gives_304_without_body) {
  StaticFiles files(dir_.string());
  auto req = get(files.url("vendor/x.js"));
  auto etag = files.serve(req)->headers.find("ETag")->second;
  req.headers.emplace("If-None-Match", etag);
  auto res = files.serve(req);
  EXPECT_EQ(res->status, 304);
  EXPECT_TRUE(res->body.empty());
}

TEST_F(StaticFilesTest, content_change_changes_the_hashed_name) {
  auto before = StaticFiles(dir_.string()).url("app.css");
  std::ofstream(dir_ / "app.css") << "body{color:red}";
  EXPECT_NE(StaticFiles(dir_.string()).url("app.css"), before);
}

TEST_F(StaticFilesTest, unknown_and_traversal_paths_are_not_served) {
  StaticFiles files(dir_.string());
  EXPECT_FALSE(files.serve(get("/static/missing.css")).has_value());
  EXPECT_FALSE(files.serve(get("/static/../CMakeLists.txt")).has_value());
  EXPECT_THROW(files.url("nope.css"), std::out_of_range);
}

}  // namespace
}  // namespace cw::web
