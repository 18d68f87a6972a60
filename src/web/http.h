// Plain HTTP request and response values passed between the server and handlers. No Beast here:
// handlers and tests use these types only. Not thread-safe; each request is handled on one thread.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cw::web {

enum class Method { get, head, post, put, patch, del, options, other };
Method method_from(std::string_view m);
std::string_view method_name(Method m);

// Header names compare case-insensitively.
struct CaseLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::multimap<std::string, std::string, CaseLess>;

// Decoded name/value pairs of a query string or urlencoded form, in order; a name may repeat.
class Params {
 public:
  Params() = default;
  explicit Params(std::vector<std::pair<std::string, std::string>> items) : items_(std::move(items)) {}
  std::optional<std::string> get(std::string_view name) const;  // the first value
  std::string get_or(std::string_view name, std::string fallback) const;
  std::vector<std::string> all(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Request {
  Method method = Method::get;
  std::string method_text;  // as sent
  std::string target;       // as sent: path and query
  std::string path;         // percent-decoded path, without the query
  Params query;
  Headers headers;
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> path_params;  // filled by the router: "/wards/{code}" → code
  std::string route;  // the matched route pattern, for logs and metrics ("/wards/{code}")

  std::optional<std::string> header(std::string_view name) const;  // the first field of that name
  // Every field of that name joined by ", " in the order received, as RFC 9110 reads a list-valued
  // header sent on several lines (HAProxy adds its own X-Forwarded-For line beneath the client's).
  std::optional<std::string> header_list(std::string_view name) const;
  // True when the client prefers JSON (Accept: application/json first, or the path is under /api/).
  bool wants_json() const;
  // The body as an application/x-www-form-urlencoded form. Throws HttpError 400 when malformed, 415
  // when the content type is something else.
  Params form() const;
  const std::string& param(const std::string& name) const;  // a path parameter; REQUIRES: it exists
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response html(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response text(std::string body, std::string content_type = "text/plain; charset=utf-8",
                       int status = 200);
  // 303 See Other: the POST-redirect-GET step.
  static Response redirect(std::string location, int status = 303);
  void set(std::string name, std::string value);  // replaces any existing header of that name
};

// Thrown by handlers (or the server) for a client-visible failure. The server renders it as an HTML
// error page or as JSON {"error":{"code","message","field"}} depending on the request.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message), status(status), code(std::move(code)), field(std::move(field)) {}
  int status;
  std::string code;   // machine-readable, e.g. "not_found", "body_too_large"
  std::string field;  // the form or query field at fault, if any
};

// Builds a Request from what arrived on the wire: decodes the path and query. Throws HttpError 400
// when the target is not origin-form ("/path?query") or is malformed.
Request build_request(std::string method, std::string target, Headers headers, std::string body,
                      std::string remote_ip);

// Decoding helpers (Boost.URL underneath). Throw HttpError 400 on malformed input.
std::string percent_decode(std::string_view s, bool plus_as_space);
std::string percent_encode(std::string_view s);  // everything but unreserved characters, for a query value
// Decodes "a=1&b=x+y". Throws HttpError 400 naming the field when a name or value is not text
// (common/text.h).
Params parse_query(std::string_view query);
// The 400 message for a field whose value is not text: `problem` as text::text_problem words it.
std::string field_refusal(std::string_view field, const std::string& problem);
std::string json_escape(std::string_view s);  // the inside of a JSON string, without quotes

}  // namespace cw::web
