// multipart/form-data bodies (RFC 7578), as browsers send forms with a file input: text fields and
// uploaded files, each within limits. The whole body is already in memory (the route's max_body bounds
// it), so parts are found by searching, not streamed. Pure; safe from any thread.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.h"

namespace cw::web {

struct MultipartLimits {
  std::size_t max_parts = 50;
  std::size_t max_part_headers = 8 * 1024;  // one part's header block, in bytes
  std::size_t max_field = 64 * 1024;        // one text field's value, in bytes
  std::size_t max_file = 5 * 1024 * 1024;   // one file's bytes
};

struct UploadedFile {
  std::string field;         // the form field's name
  std::string filename;      // as sent without any folder path ("C:\x\a.jpg" → "a.jpg"); may be empty
  std::string content_type;  // as sent ("application/octet-stream" when absent): a claim, not a fact
  std::string bytes;
};

struct MultipartForm {
  Params fields;  // the text fields, in order
  std::vector<UploadedFile> files;
  // The first file sent in `field`, or nullptr. A file input left empty sends no file.
  const UploadedFile* file(std::string_view field) const;
};

// The boundary parameter of a multipart/form-data Content-Type, unquoted; nullopt when the type is
// something else. Throws HttpError 400 when the type is multipart/form-data but the boundary is missing
// or not a valid one (1-70 characters of those RFC 2046 allows).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses `body` sent with `content_type`. A part with a filename parameter is a file, any other a text
// field; a file part with neither filename nor content (an empty file input) is left out.
// Throws HttpError: 415 when the type is not multipart/form-data; 400 when the body is malformed (no
// closing boundary, a part without Content-Disposition or name, headers not ending in CRLF CRLF, a
// Content-Transfer-Encoding other than binary, NUL in a text field); 413 when a limit is exceeded, with
// `field` naming the field at fault when one is.
MultipartForm parse_multipart(std::string_view content_type, std::string_view body,
                              const MultipartLimits& limits = {});

// The request's body as multipart/form-data: parse_multipart with its Content-Type header.
MultipartForm multipart_form(const Request& req, const MultipartLimits& limits = {});

// The first text field called `name`, without copying any file: for checks made before the handler
// (the CSRF token). Same errors as parse_multipart, except that file sizes are not checked.
std::optional<std::string> multipart_field(std::string_view content_type, std::string_view body,
                                           std::string_view name, const MultipartLimits& limits = {});

}  // namespace cw::web
