#include "web/form_page.h"

#include "web/cookies.h"
#include "web/csrf.h"

namespace cw::web {

FormPage::FormPage(Response head, std::vector<std::string> pieces)
    : head_(std::move(head)), pieces_(std::move(pieces)) {
  for (const auto& p : pieces_) size_ += p.size();
  if (size_ >= kWorthCompressing)
    gzip_ = std::make_unique<GzipPieces>(std::vector<std::string_view>(pieces_.begin(), pieces_.end()));
}

std::shared_ptr<const FormPage> FormPage::split(const Response& res) {
  auto at = res.body.find(kAnonymousCsrfMarker);
  if (at == std::string::npos) return nullptr;
  std::vector<std::string> pieces;
  std::size_t from = 0;
  for (; at != std::string::npos; at = res.body.find(kAnonymousCsrfMarker, from)) {
    pieces.push_back(res.body.substr(from, at - from));
    from = at + kAnonymousCsrfMarker.size();
  }
  pieces.push_back(res.body.substr(from));
  Response head = res;
  head.body.clear();
  return std::shared_ptr<const FormPage>(new FormPage(std::move(head), std::move(pieces)));
}

Response FormPage::serve(const Request& req, std::string_view csrf_key, bool behind_tls, Micros now) const {
  Response res = head_;
  auto name = form_cookie_name(behind_tls);
  auto cookie = request_cookie(req, name);
  if (!cookie || !is_form_cookie(*cookie)) {
    cookie = new_form_cookie();
    res.headers.emplace("Set-Cookie", set_cookie_header(name, *cookie, {.secure = behind_tls}));
  }
  auto token = anonymous_csrf_token(csrf_key, *cookie, now);
  // The body differs per visitor: no shared cache may keep it (Cache-Control is no-store already).
  res.set("Vary", "Accept-Encoding, Cookie");
  if (gzip_ && accepts_encoding(req.header("accept-encoding").value_or(""), Encoding::gzip)) {
    res.body = gzip_->join(token);
    res.set("Content-Encoding", "gzip");
    return res;
  }
  res.body.reserve(size_ + token.size() * pieces_.size());
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    if (i > 0) res.body += token;
    res.body += pieces_[i];
  }
  return res;
}

}  // namespace cw::web
