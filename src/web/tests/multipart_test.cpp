#include "web/multipart.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>

#include "html/views.h"
#include "store/db.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/csrf.h"

namespace cw::web {
namespace {

const std::string kType = "multipart/form-data; boundary=----b0undary";

std::string part(std::string_view disposition, std::string_view content,
                 std::string_view extra_headers = {}) {
  return "------b0undary\r\nContent-Disposition: form-data; " + std::string(disposition) + "\r\n" +
         std::string(extra_headers) + "\r\n" + std::string(content) + "\r\n";
}

const std::string kEnd = "------b0undary--\r\n";

int status_of(std::string_view type, std::string_view body, const MultipartLimits& limits = {}) {
  try {
    parse_multipart(type, body, limits);
  } catch (const HttpError& e) {
    return e.status;
  }
  return 200;
}

TEST(Multipart, fields_and_files_are_parsed_in_order) {
  std::string body = part("name=\"title\"", "Old library") +
                     part("name=\"photo\"; filename=\"bench.jpg\"", std::string("\xFF\xD8\xFF\0\r\n--x", 9),
                          "Content-Type: image/jpeg\r\n") +
                     part("name=\"ward\"", "E1") + part("name=\"ward\"", "E2") + kEnd;
  auto form = parse_multipart(kType, body);
  EXPECT_EQ(form.fields.get("title"), "Old library");
  EXPECT_EQ(form.fields.all("ward"), (std::vector<std::string>{"E1", "E2"}));
  ASSERT_EQ(form.files.size(), 1u);
  const UploadedFile* photo = form.file("photo");
  ASSERT_NE(photo, nullptr);
  EXPECT_EQ(photo->filename, "bench.jpg");
  EXPECT_EQ(photo->content_type, "image/jpeg");
  EXPECT_EQ(photo->bytes, std::string("\xFF\xD8\xFF\0\r\n--x", 9));
  EXPECT_EQ(form.file("title"), nullptr);
}

TEST(Multipart, boundary_may_be_quoted_and_the_type_any_case) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;boundary=\"a b:c?\""), "a b:c?");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; BOUNDARY=x"), "x");
  EXPECT_EQ(multipart_boundary("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(multipart_boundary(""), std::nullopt);
  for (const char* bad :
       {"multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"ends with space \"", "multipart/form-data; boundary=a\"b",
        "multipart/form-data; boundary=\"unclosed", "multipart/form-data; boundary=has<angle>"})
    EXPECT_THROW(multipart_boundary(bad), HttpError) << bad;
  EXPECT_THROW(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), HttpError);
  auto form = parse_multipart("multipart/form-data; boundary=\"q q\"",
                              "--q q\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--q q--");
  EXPECT_EQ(form.fields.get("a"), "1");
}

TEST(Multipart, preamble_and_epilogue_are_ignored) {
  std::string body =
      "This is a preamble.\r\n" + part("name=\"a\"", "1") + kEnd + "epilogue --------b0undary\r\n";
  EXPECT_EQ(parse_multipart(kType, body).fields.get("a"), "1");
  // Transport padding after a boundary is allowed.
  EXPECT_EQ(parse_multipart(
                kType, "------b0undary  \t\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n" + kEnd)
                .fields.get("a"),
            "x");
}

TEST(Multipart, content_that_merely_contains_the_boundary_is_not_split) {
  std::string body = part("name=\"a\"", "x\r\n------b0undaryX\r\ny") + kEnd;
  EXPECT_EQ(parse_multipart(kType, body).fields.get("a"), "x\r\n------b0undaryX\r\ny");
}

TEST(Multipart, crlf_is_required) {
  EXPECT_EQ(
      status_of(kType, "------b0undary\nContent-Disposition: form-data; name=a\n\nx\n------b0undary--\n"),
      400);
  EXPECT_EQ(
      status_of(kType, "------b0undary\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\nx\r\n" + kEnd),
      400);
  EXPECT_EQ(
      status_of(kType, "------b0undary\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n" + kEnd),
      400)
      << "folded header";
  EXPECT_EQ(status_of(kType, "------b0undary\r\nContent-Disposition: form-data; name=a\r\nx\r\n" + kEnd), 400)
      << "no blank line after the headers";
}

TEST(Multipart, missing_final_boundary_or_no_boundary_at_all_is_a_400) {
  EXPECT_EQ(status_of(kType, part("name=\"a\"", "1")), 400);
  EXPECT_EQ(status_of(kType, part("name=\"a\"", "1") + "------b0undary"), 400);
  EXPECT_EQ(status_of(kType, "------b0undary\r\nContent-Disposition: form-data; name=a\r\n\r\ncut sho"), 400);
  EXPECT_EQ(status_of(kType, "no boundary here"), 400);
  EXPECT_EQ(status_of(kType, ""), 400);
  EXPECT_EQ(status_of(kType, kEnd), 200) << "an empty form";
}

TEST(Multipart, parts_need_form_data_disposition_with_a_name) {
  EXPECT_EQ(status_of(kType, "------b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n" + kEnd), 400);
  EXPECT_EQ(status_of(kType, "------b0undary\r\n\r\nx\r\n" + kEnd), 400);
  EXPECT_EQ(status_of(kType, "------b0undary\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n" + kEnd),
            400);
  EXPECT_EQ(
      status_of(kType, "------b0undary\r\nContent-Disposition: form-data; filename=a\r\n\r\nx\r\n" + kEnd),
      400);
  EXPECT_EQ(status_of(kType, part("name=\"a\"", "x", "Content-Transfer-Encoding: base64\r\n") + kEnd), 400);
  EXPECT_EQ(status_of(kType, part("name=\"a\"", std::string("x\0y", 3)) + kEnd), 400) << "NUL in text";
  EXPECT_EQ(status_of("application/json", kEnd), 415);
}

TEST(Multipart, filenames_lose_their_path_and_keep_quotes) {
  auto name_of = [](std::string_view disposition) {
    auto form = parse_multipart(kType, part(disposition, "data") + kEnd);
    return form.files.at(0).filename;
  };
  EXPECT_EQ(name_of(R"(name="f"; filename="C:\Users\Ann\Pictures\bench.jpg")"), "bench.jpg");
  EXPECT_EQ(name_of(R"(name="f"; filename="../../etc/passwd")"), "passwd");
  EXPECT_EQ(name_of(R"(name="f"; filename="my \"best\" photo.png")"), "my \"best\" photo.png");
  EXPECT_EQ(name_of(R"(name="f"; filename="say %22cheese%22.png")"), "say \"cheese\".png");
  EXPECT_EQ(name_of(R"(name="f"; filename="a%0D%0Ab.png")"), "ab.png");
  EXPECT_EQ(name_of(R"(name="f"; filename=plain.jpg)"), "plain.jpg");
  EXPECT_EQ(name_of(R"(name="f"; filename="semi;colon.jpg")"), "semi;colon.jpg");
  EXPECT_EQ(name_of(R"(name="f"; filename="café.jpg")"), "café.jpg");
  auto form = parse_multipart(kType, part(R"(name="f"; filename="x.bin")", "") + kEnd);
  EXPECT_EQ(form.files.at(0).content_type, "application/octet-stream");
}

TEST(Multipart, an_empty_file_input_sends_no_file) {
  auto form = parse_multipart(
      kType, part(R"(name="photo"; filename="")", "", "Content-Type: application/octet-stream\r\n") +
                 part("name=\"t\"", "") + kEnd);
  EXPECT_TRUE(form.files.empty());
  EXPECT_EQ(form.fields.get("t"), "");
}

TEST(Multipart, limits_answer_413_with_the_field) {
  MultipartLimits limits{.max_parts = 3, .max_part_headers = 200, .max_field = 10, .max_file = 20};
  std::string three = part("name=a", "1") + part("name=b", "2") + part("name=c", "3");
  EXPECT_EQ(status_of(kType, three + kEnd, limits), 200);
  EXPECT_EQ(status_of(kType, three + part("name=d", "4") + kEnd, limits), 413);
  EXPECT_EQ(status_of(kType, part("name=a", std::string(10, 'x')) + kEnd, limits), 200);
  try {
    parse_multipart(kType, part("name=notes", std::string(11, 'x')) + kEnd, limits);
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status, 413);
    EXPECT_EQ(e.field, "notes");
  }
  EXPECT_EQ(status_of(kType, part("name=f; filename=a", std::string(20, 'x')) + kEnd, limits), 200);
  try {
    parse_multipart(kType, part("name=photo; filename=a.jpg", std::string(21, 'x')) + kEnd, limits);
    FAIL();
  } catch (const HttpError& e) {
    EXPECT_EQ(e.status, 413);
    EXPECT_EQ(e.field, "photo");
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos);
  }
  EXPECT_EQ(status_of(kType, part("name=a", "1", "X-Long: " + std::string(300, 'h') + "\r\n") + kEnd, limits),
            413);
  EXPECT_EQ(
      status_of(kType, "------b0undary\r\nContent-Disposition: form-data; name=a\r\n" + std::string(300, 'h'),
                limits),
      400)
      << "headers that never end";
}

TEST(Multipart, field_is_found_without_copying_files) {
  std::string body =
      part("name=photo; filename=a.jpg", std::string(100, 'x')) + part("name=csrf_token", "tok") + kEnd;
  EXPECT_EQ(multipart_field(kType, body, "csrf_token", {.max_file = 10}), "tok");
  EXPECT_EQ(multipart_field(kType, body, "missing"), std::nullopt);
  EXPECT_THROW(multipart_field(kType, part("name=a", "1"), "csrf_token"), HttpError);
}

// The pipeline reads the CSRF token from multipart bodies as from urlencoded ones.
class FixedKey final : public Authenticator {
 public:
  std::optional<Actor> authenticate(store::Db&, const std::string&, Micros) const override {
    return std::nullopt;
  }
  std::string csrf_key(store::Db&) const override { return "test-key"; }
  void record_refusal(store::Db&, const Actor&, const Request&, const std::string&, Micros) const override {}
};

TEST(Multipart, csrf_token_is_read_from_a_multipart_form) {
  auto dir = std::filesystem::temp_directory_path() / ("cw-multipart-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto db = store::Db::open("sqlite:" + (dir / "t.db").string(), 1);
    const html::Views& views = html::shared_views();
    FixedClock clock(1'700'000'000'000'000);
    Site site;
    Router router;
    router.post("/upload", [](const Request& req, Context&) {
      return Response::text(multipart_form(req).fields.get_or("title", ""));
    });
    WebApp app(*db, views, clock, site, router, AppOptions{.log_requests = false});
    app.set_authenticator(std::make_shared<FixedKey>());
    auto cookie = new_form_cookie();
    auto send = [&](const std::string& token) {
      std::string body =
          part("name=title", "Bench") + (token.empty() ? "" : part("name=csrf_token", token)) + kEnd;
      Headers headers{{"Content-Type", kType}, {"Host", "x"}, {"Cookie", "commonweal_form=" + cookie}};
      auto req = build_request("POST", "/upload", headers, body, "127.0.0.1");
      return app.handle(req);
    };
    auto ok = send(anonymous_csrf_token("test-key", cookie, clock.now()));
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, "Bench");
    EXPECT_EQ(send("").status, 403);
    EXPECT_EQ(send(anonymous_csrf_token("another key", cookie, clock.now())).status, 403);
    EXPECT_EQ(send(anonymous_csrf_token("test-key", new_form_cookie(), clock.now())).status, 403);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cw::web
