// A page with forms for anonymous visitors, kept with its CSRF tokens left out so that one rendering
// serves every visitor (the page cache keeps these): each visitor's token, bound to their form cookie,
// goes in as the page is served, and the gzip body is joined from pieces compressed once.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "web/compression.h"
#include "web/http.h"

namespace cw::web {

class FormPage {
 public:
  // The page split at its token markers, or null when it has none (signed-in pages carry session tokens).
  static std::shared_ptr<const FormPage> split(const Response& res);

  // The page for this visitor: their form cookie (set now when they have none, or one that is not ours),
  // the token for it in every form, gzip when they accept it.
  Response serve(const Request& req, std::string_view csrf_key, bool behind_tls, Micros now) const;

  const Response& head() const { return head_; }  // status and headers, no body
  std::size_t size() const { return size_; }

 private:
  FormPage(Response head, std::vector<std::string> pieces);

  Response head_;  // status and headers; the body is in pieces_
  std::vector<std::string> pieces_;
  std::unique_ptr<GzipPieces> gzip_;  // null when the page is too small to be worth compressing
  std::size_t size_ = 0;              // of the pieces together
};

}  // namespace cw::web
