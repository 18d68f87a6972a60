#include "web/http.h"

#include <algorithm>
#include <boost/url/decode_view.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>

#include "common/text.h"

namespace cw::web {

Method method_from(std::string_view m) {
  if (m == "GET") return Method::get;
  if (m == "HEAD") return Method::head;
  if (m == "POST") return Method::post;
  if (m == "PUT") return Method::put;
  if (m == "PATCH") return Method::patch;
  if (m == "DELETE") return Method::del;
  if (m == "OPTIONS") return Method::options;
  return Method::other;
}

std::string_view method_name(Method m) {
  switch (m) {
    case Method::get:
      return "GET";
    case Method::head:
      return "HEAD";
    case Method::post:
      return "POST";
    case Method::put:
      return "PUT";
    case Method::patch:
      return "PATCH";
    case Method::del:
      return "DELETE";
    case Method::options:
      return "OPTIONS";
    case Method::other:
      break;
  }
  return "OTHER";
}

bool CaseLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string> Params::get(std::string_view name) const {
  for (const auto& [k, v] : items_)
    if (k == name) return v;
  return std::nullopt;
}

std::string Params::get_or(std::string_view name, std::string fallback) const {
  auto v = get(name);
  return v ? *v : std::move(fallback);
}

std::vector<std::string> Params::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : items_)
    if (k == name) out.push_back(v);
  return out;
}

std::optional<std::string> Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::header_list(std::string_view name) const {
  auto [from, to] = headers.equal_range(std::string(name));
  if (from == to) return std::nullopt;
  std::string out = from->second;
  for (auto it = std::next(from); it != to; ++it) out += ", " + it->second;
  return out;
}

bool Request::wants_json() const {
  if (path.starts_with("/api/") || path.ends_with(".json")) return true;
  auto accept = header("Accept");
  if (!accept) return false;
  auto json = accept->find("application/json");
  auto html = accept->find("text/html");
  return json != std::string::npos && (html == std::string::npos || json < html);
}

Params Request::form() const {
  auto type = header("Content-Type").value_or("");
  if (!type.starts_with("application/x-www-form-urlencoded"))
    throw HttpError(415, "unsupported_media_type", "Send the form as application/x-www-form-urlencoded.");
  return parse_query(body);
}

const std::string& Request::param(const std::string& name) const {
  return path_params.at(name);
}

Response Response::html(std::string body, int status) {
  return text(std::move(body), "text/html; charset=utf-8", status);
}

Response Response::json(std::string body, int status) {
  return text(std::move(body), "application/json", status);
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("Content-Type", std::move(content_type));
  return r;
}

Response Response::redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.set("Location", std::move(location));
  return r;
}

void Response::set(std::string name, std::string value) {
  headers.erase(name);
  headers.emplace(std::move(name), std::move(value));
}

std::string percent_encode(std::string_view s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::string percent_decode(std::string_view s, bool plus_as_space) {
  auto checked = boost::urls::make_pct_string_view(s);
  if (!checked) throw HttpError(400, "bad_encoding", "The address or form has a malformed %-escape.");
  boost::urls::encoding_opts opts;
  opts.space_as_plus = plus_as_space;
  std::string out;
  out.reserve(checked->decoded_size());
  for (char c : boost::urls::decode_view(*checked, opts)) out.push_back(c);
  if (out.find('\0') != std::string::npos)
    throw HttpError(400, "bad_encoding", "The address or form contains a NUL character.");
  return out;
}

std::string field_refusal(std::string_view field, const std::string& problem) {
  return "The field \u201c" + std::string(field) + "\u201d " + problem +
         ". Remove anything pasted from elsewhere that is not plain text, and send it again.";
}

Params parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> items;
  if (query.empty()) return Params(std::move(items));
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) throw HttpError(400, "bad_query", "The query string or form is malformed.");
  for (auto p : *parsed) {
    // decoded params already turn '+' into space for query strings.
    auto key = percent_decode(p.key, true);
    auto value = p.has_value ? percent_decode(p.value, true) : std::string();
    if (auto bad = text::text_problem(key))
      throw HttpError(400, "invalid_text", "A field name in the form or address " + *bad + ".");
    if (auto bad = text::text_problem(value))
      throw HttpError(400, "invalid_text", field_refusal(key, *bad), key);
    items.emplace_back(std::move(key), std::move(value));
  }
  return Params(std::move(items));
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  static const char* hex = "0123456789abcdef";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"')
      out += "\\\"";
    else if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (u < 0x20) {
      out += "\\u00";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else
      out.push_back(c);
  }
  return out;
}

}  // namespace cw::web

namespace cw::web {

Request build_request(std::string method, std::string target, Headers headers, std::string body,
                      std::string remote_ip) {
  if (target.empty() || target.front() != '/')
    throw HttpError(400, "bad_target", "The request target must be a path starting with '/'.");
  Request r;
  r.method = method_from(method);
  r.method_text = std::move(method);
  auto q = target.find('?');
  std::string_view raw_path = std::string_view(target).substr(0, q);
  r.path = percent_decode(raw_path, false);
  if (auto bad = text::text_problem(r.path))
    throw HttpError(400, "invalid_text", "The web address " + *bad + ". Check it and try again.");
  if (q != std::string::npos) r.query = parse_query(std::string_view(target).substr(q + 1));
  r.target = std::move(target);
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.remote_ip = std::move(remote_ip);
  return r;
}

}  // namespace cw::web
