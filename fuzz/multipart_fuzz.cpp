// libFuzzer target: multipart/form-data parsing. The first line is the Content-Type header, the rest the
// body. Any input must either parse within the limits or raise HttpError 4xx; nothing else may escape,
// crash or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <string>

#include "web/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto nl = input.find('\n');
  std::string type = input.substr(0, nl);
  std::string body = nl == std::string::npos ? "" : input.substr(nl + 1);
  const cw::web::MultipartLimits limits{
      .max_parts = 8, .max_part_headers = 256, .max_field = 512, .max_file = 1024};
  try {
    auto form = cw::web::parse_multipart(type, body, limits);
    if (form.fields.items().size() + form.files.size() > limits.max_parts) __builtin_trap();
    for (const auto& [name, value] : form.fields.items())
      if (value.size() > limits.max_field || value.size() > body.size()) __builtin_trap();
    for (const auto& f : form.files)
      if (f.bytes.size() > limits.max_file || f.filename.find_first_of("/\\\r\n") != std::string::npos)
        __builtin_trap();
    auto token = cw::web::multipart_field(type, body, "csrf_token", limits);
    if (token != form.fields.get("csrf_token")) __builtin_trap();  // the two readings agree
  } catch (const cw::web::HttpError& e) {
    if (e.status < 400 || e.status >= 500) __builtin_trap();
  }
  return 0;
}
