// libFuzzer target: request-target, query-string and urlencoded-form parsing. Any input must either
// parse or raise HttpError 4xx; nothing else may escape, crash or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/html_escape.h"
#include "web/http.h"
#include "web/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  // First line: the request target; the rest: a form body.
  auto nl = input.find('\n');
  std::string target = input.substr(0, nl);
  std::string body = nl == std::string::npos ? "" : input.substr(nl + 1);
  cw::web::Headers headers;
  headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  try {
    auto req = cw::web::build_request("POST", target, headers, body, "127.0.0.1");
    auto form = req.form();
    (void)form.get("name");
    static const cw::web::Router router = [] {
      cw::web::Router r;
      r.get("/wards/{code}", {});
      r.get("/places/{locality}/wards/{code}", {});
      r.post("/places", {});
      return r;
    }();
    (void)router.match(req.method, req.path);
    (void)cw::html_escape(req.path);
  } catch (const cw::web::HttpError& e) {
    if (e.status < 400 || e.status >= 500) __builtin_trap();
  }
  return 0;
}
