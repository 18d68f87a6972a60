// Compressed responses: which encoding a client gets, that what is sent decompresses to the page, and
// that static files are served precompressed with their own ETag per form.
#include "web/compression.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "web/static_files.h"

namespace cw::web {
namespace {

std::string page_of(std::size_t n) {
  std::string out;
  while (out.size() < n) out += "<p class=\"govuk-body\">A paragraph of a page, much like the others.</p>\n";
  return out;
}

Request asking(std::string accept_encoding, std::string path = "/") {
  Request r;
  r.path = std::move(path);
  if (!accept_encoding.empty()) r.headers.emplace("Accept-Encoding", std::move(accept_encoding));
  return r;
}

std::string header(const Response& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

TEST(Compression, brotli_is_preferred_then_gzip_and_q0_refuses) {
  EXPECT_EQ(preferred_encoding("gzip, deflate, br, zstd"), Encoding::brotli);
  EXPECT_EQ(preferred_encoding("gzip, deflate"), Encoding::gzip);
  EXPECT_EQ(preferred_encoding("br;q=0, GZIP;q=0.5"), Encoding::gzip);
  EXPECT_EQ(preferred_encoding("gzip;q=0"), Encoding::identity);
  EXPECT_EQ(preferred_encoding(""), Encoding::identity);
  EXPECT_EQ(preferred_encoding("identity"), Encoding::identity);
  EXPECT_EQ(preferred_encoding("xbr, gzipped"), Encoding::identity);
}

TEST(Compression, both_forms_round_trip_and_shrink_a_page) {
  auto page = page_of(20000);
  auto gz = gzip_compress(page);
  auto br = brotli_compress(page);
  EXPECT_LT(gz.size(), page.size() / 5);
  EXPECT_LT(br.size(), page.size() / 5);
  EXPECT_EQ(gzip_decompress(gz), page);
  EXPECT_EQ(brotli_decompress(br), page);
  EXPECT_THROW(gzip_decompress("not gzip at all"), std::runtime_error);
}

TEST(Compression, a_page_goes_out_compressed_for_clients_that_ask) {
  auto res = Response::html(page_of(5000));
  compress_response(asking("gzip, br"), res);
  EXPECT_EQ(header(res, "Content-Encoding"), "br");
  EXPECT_EQ(header(res, "Vary"), "Accept-Encoding");
  EXPECT_EQ(brotli_decompress(res.body), page_of(5000));

  auto plain = Response::html(page_of(5000));
  compress_response(asking(""), plain);
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding") << "caches must still keep the forms apart";
  EXPECT_EQ(plain.body, page_of(5000));
}

TEST(Compression, small_bodies_and_images_are_left_alone) {
  auto small = Response::html("<p>Short</p>");
  compress_response(asking("gzip"), small);
  EXPECT_EQ(header(small, "Content-Encoding"), "");
  auto image = Response::text(std::string(5000, 'x'), "image/jpeg");
  compress_response(asking("gzip"), image);
  EXPECT_EQ(header(image, "Content-Encoding"), "");
  EXPECT_EQ(header(image, "Vary"), "");
}

TEST(Compression, static_files_are_served_precompressed_with_an_etag_per_form) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("cw-compress-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "app.css") << page_of(8000);
  {
    StaticFiles files(dir.string());
    auto url = files.url("app.css");
    auto br = files.serve(asking("gzip, br", url));
    auto gz = files.serve(asking("gzip", url));
    auto plain = files.serve(asking("", url));
    ASSERT_TRUE(br && gz && plain);
    EXPECT_EQ(header(*br, "Content-Encoding"), "br");
    EXPECT_EQ(brotli_decompress(br->body), page_of(8000));
    EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
    EXPECT_EQ(gzip_decompress(gz->body), page_of(8000));
    EXPECT_EQ(plain->body, page_of(8000));
    EXPECT_NE(header(*br, "ETag"), header(*plain, "ETag"));
    EXPECT_NE(header(*gz, "ETag"), header(*br, "ETag"));
    auto again = asking("gzip", url);
    again.headers.emplace("If-None-Match", header(*gz, "ETag"));
    EXPECT_EQ(files.serve(again)->status, 304);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cw::web
