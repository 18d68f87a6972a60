#include "web/multipart.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <limits>

#include "common/text.h"

// Debian packages no C or C++ parser for multipart/form-data (GMime parses mail, with GLib and
// Content-Transfer-Encoding decoding that forms must not use), so this is a small strict one.

namespace cw::web {

namespace {

constexpr std::string_view kCrlf = "\r\n";

[[noreturn]] void malformed(const std::string& why) {
  throw HttpError(400, "bad_multipart", "The form upload is malformed: " + why + ".");
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A quoted-string's inside. A backslash escapes only a quote or a backslash: older browsers send
// Windows paths ("C:\Users\x.jpg") unescaped, and those backslashes must survive to be stripped as a path.
std::string unquote(std::string_view s, std::size_t& i) {
  std::string out;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '"') {
      ++i;
      return out;
    }
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
    out += s[i];
  }
  malformed("a quoted value has no closing quote");
}

struct HeaderValue {
  std::string value;                                        // lower case
  std::vector<std::pair<std::string, std::string>> params;  // names lower case
  std::optional<std::string> param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return std::nullopt;
  }
};

// "form-data; name="a"; filename=b.jpg" and "multipart/form-data; boundary=x".
HeaderValue parse_header_value(std::string_view s) {
  HeaderValue out;
  std::size_t i = std::min(s.find(';'), s.size());
  out.value = lower(trim(s.substr(0, i)));
  while (i < s.size()) {
    ++i;  // past ';'
    std::size_t end = std::min(s.find_first_of("=;", i), s.size());
    std::string name = lower(trim(s.substr(i, end - i)));
    i = end;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '"') {
        value = unquote(s, i);
        if (!trim(s.substr(i, std::min(s.find(';', i), s.size()) - i)).empty())
          malformed("a header has characters after a quoted value");
        i = std::min(s.find(';', i), s.size());
      } else {
        end = std::min(s.find(';', i), s.size());
        value = trim(s.substr(i, end - i));
        i = end;
      }
    }
    if (!name.empty()) out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// Browsers percent-encode these three in names and filenames (HTML's form submission algorithm).
std::string html_form_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::string_view rest = s.substr(i, 3);
    char c = rest == "%22"                    ? '"'
             : rest == "%0D" || rest == "%0d" ? '\r'
             : rest == "%0A" || rest == "%0a" ? '\n'
                                              : 0;
    if (c) i += 2;
    out += c ? c : s[i];
  }
  return out;
}

std::string base_filename(std::string_view sent) {
  auto slash = sent.find_last_of("/\\");
  if (slash != std::string_view::npos) sent.remove_prefix(slash + 1);
  std::string out;
  for (char c : html_form_decode(sent))
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
  return out;
}

bool boundary_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

struct Part {
  std::string name;
  std::optional<std::string> filename;  // set for a file part
  std::string content_type;
  std::string_view data;
};

Part parse_part_headers(std::string_view block) {
  Part part;
  bool disposition = false;
  for (std::size_t at = 0; at <= block.size();) {
    std::size_t end = std::min(block.find(kCrlf, at), block.size());
    std::string_view line = block.substr(at, end - at);
    at = end + kCrlf.size();
    if (line.find_first_of("\r\n") != std::string_view::npos) malformed("a part header has a bare CR or LF");
    if (line.empty()) {
      if (end == block.size()) break;  // a part with no headers at all
      malformed("a part header is empty");
    }
    if (line.front() == ' ' || line.front() == '\t') malformed("a part header is folded over lines");
    auto colon = line.find(':');
    if (colon == std::string_view::npos) malformed("a part header has no colon");
    std::string name = lower(trim(line.substr(0, colon)));
    HeaderValue value = parse_header_value(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (disposition) malformed("a part has two Content-Disposition headers");
      disposition = true;
      if (value.value != "form-data") malformed("a part is not form-data");
      auto field = value.param("name");
      if (!field) malformed("a part has no field name");
      part.name = html_form_decode(*field);
      if (auto filename = value.param("filename")) part.filename = base_filename(*filename);
    } else if (name == "content-type") {
      part.content_type = std::string(trim(line.substr(colon + 1)));
    } else if (name == "content-transfer-encoding") {
      if (value.value != "binary" && value.value != "8bit" && value.value != "7bit")
        malformed("a part uses a Content-Transfer-Encoding, which forms must not");
    }
  }
  if (!disposition) malformed("a part has no Content-Disposition header");
  return part;
}

std::string megabytes(std::size_t bytes) {
  return std::to_string(std::max<std::size_t>(1, (bytes + 512 * 1024) / (1024 * 1024))) + " MB";
}

void check_limits(const Part& part, const MultipartLimits& limits) {
  if (part.filename && part.data.size() > limits.max_file)
    throw HttpError(413, "file_too_large",
                    "The file is too large: choose one under " + megabytes(limits.max_file) + ".", part.name);
  if (!part.filename && part.data.size() > limits.max_field)
    throw HttpError(413, "field_too_long",
                    "The text is too long: keep it under " + std::to_string(limits.max_field / 1024) + " KB.",
                    part.name);
  if (!part.filename && part.data.find('\0') != std::string_view::npos)
    malformed("a text field contains a NUL character");
  if (auto bad = text::text_problem(part.name))
    throw HttpError(400, "invalid_text", "A field name in the form " + *bad + ".");
  if (!part.filename)
    if (auto bad = text::text_problem(part.data))
      throw HttpError(400, "invalid_text", field_refusal(part.name, *bad), std::string(part.name));
  if (part.filename)
    if (auto bad = text::name_problem(*part.filename))
      throw HttpError(400, "invalid_text",
                      "The name of the file " + *bad + ". Rename the file and try again.",
                      std::string(part.name));
}

// Calls `visit` with each part in order until it returns false. The delimiter is CRLF "--" boundary,
// followed by "--" (the last) or by optional spaces and CRLF; a match followed by anything else is
// part of the content (RFC 2046 section 5.1.1).
class Scanner {
 public:
  Scanner(std::string_view body, const std::string& boundary)
      : body_(body), delimiter_("\r\n--" + boundary), searcher_(delimiter_.cbegin(), delimiter_.cend()) {}
  Scanner(const Scanner&) = delete;  // the searcher points into delimiter_
  Scanner& operator=(const Scanner&) = delete;

  // The position just past the next delimiter at or after `from`, or npos.
  std::size_t next(std::size_t from) const {
    while (from <= body_.size()) {
      auto it = std::search(body_.begin() + static_cast<std::ptrdiff_t>(from), body_.end(), searcher_);
      if (it == body_.end()) return std::string_view::npos;
      std::size_t end = static_cast<std::size_t>(it - body_.begin()) + delimiter_.size();
      if (valid_end(end)) return end;
      from = end - delimiter_.size() + 1;
    }
    return std::string_view::npos;
  }

  // The first delimiter may open the body, without the CRLF before it.
  std::size_t first() const {
    std::string_view opening = std::string_view(delimiter_).substr(2);
    if (body_.starts_with(opening) && valid_end(opening.size())) return opening.size();
    return next(0);
  }

  bool valid_end(std::size_t at) const {
    std::string_view rest = body_.substr(at);
    if (rest.starts_with("--")) return true;
    rest = rest.substr(std::min(rest.find_first_not_of(" \t"), rest.size()));
    return rest.starts_with(kCrlf);
  }

  std::size_t delimiter_size() const { return delimiter_.size(); }

 private:
  std::string_view body_;
  std::string delimiter_;
  std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher_;
};

void scan(std::string_view content_type, std::string_view body, const MultipartLimits& limits,
          const std::function<bool(const Part&)>& visit) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) throw HttpError(415, "unsupported_media_type", "Send the form as multipart/form-data.");
  Scanner scanner(body, *boundary);
  std::size_t pos = scanner.first();
  if (pos == std::string_view::npos) malformed("the boundary never appears");
  for (std::size_t parts = 1;; ++parts) {
    if (body.substr(pos).starts_with("--")) return;  // the closing delimiter; an epilogue is ignored
    pos = body.find(kCrlf, pos) + kCrlf.size();      // valid_end promised the CRLF
    if (parts > limits.max_parts)
      throw HttpError(
          413, "too_many_parts",
          "The form has too many parts: at most " + std::to_string(limits.max_parts) + " fields and files.");
    std::size_t headers_end = body.substr(pos).starts_with(kCrlf) ? pos : body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) malformed("a part's headers never end");
    if (headers_end - pos > limits.max_part_headers)
      throw HttpError(413, "headers_too_large", "A part of the form has headers that are too long.");
    std::size_t content = headers_end + (headers_end == pos ? 2 : 4);
    std::size_t next = scanner.next(headers_end == pos ? pos : headers_end + 2);
    if (next == std::string_view::npos) malformed("it was cut short before its closing boundary");
    if (next - scanner.delimiter_size() < content)
      malformed("a part's headers are not followed by a blank line");
    Part part = parse_part_headers(body.substr(pos, headers_end - pos));
    part.data = body.substr(content, next - scanner.delimiter_size() - content);
    check_limits(part, limits);
    if (!visit(part)) return;
    pos = next;
  }
}

}  // namespace

const UploadedFile* MultipartForm::file(std::string_view field) const {
  for (const auto& f : files)
    if (f.field == field) return &f;
  return nullptr;
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (lower(trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data")
    return std::nullopt;
  HeaderValue type = parse_header_value(content_type);
  auto boundary = type.param("boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70 || boundary->back() == ' ' ||
      !std::all_of(boundary->begin(), boundary->end(), boundary_char))
    throw HttpError(400, "bad_multipart",
                    "The form upload is malformed: its boundary is missing or invalid.");
  return boundary;
}

MultipartForm parse_multipart(std::string_view content_type, std::string_view body,
                              const MultipartLimits& limits) {
  MultipartForm form;
  std::vector<std::pair<std::string, std::string>> fields;
  scan(content_type, body, limits, [&](const Part& part) {
    if (!part.filename)
      fields.emplace_back(part.name, std::string(part.data));
    else if (!part.filename->empty() || !part.data.empty())
      form.files.push_back({part.name, *part.filename,
                            part.content_type.empty() ? "application/octet-stream" : part.content_type,
                            std::string(part.data)});
    return true;
  });
  form.fields = Params(std::move(fields));
  return form;
}

MultipartForm multipart_form(const Request& req, const MultipartLimits& limits) {
  return parse_multipart(req.header("Content-Type").value_or(""), req.body, limits);
}

std::optional<std::string> multipart_field(std::string_view content_type, std::string_view body,
                                           std::string_view name, const MultipartLimits& limits) {
  MultipartLimits any_file = limits;
  any_file.max_file = std::numeric_limits<std::size_t>::max();
  std::optional<std::string> found;
  scan(content_type, body, any_file, [&](const Part& part) {
    if (!part.filename && part.name == name) found = std::string(part.data);
    return !found;
  });
  return found;
}

}  // namespace cw::web
