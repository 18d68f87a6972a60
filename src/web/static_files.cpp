#include "web/static_files.h"

#include <sodium.h>

#include "web/compression.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cw::web {
namespace fs = std::filesystem;

namespace {

std::string content_type_for(const std::string& ext) {
  static const std::map<std::string, std::string> types{{".css", "text/css; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".mjs", "text/javascript; charset=utf-8"},
                                                        {".png", "image/png"},
                                                        {".svg", "image/svg+xml"},
                                                        {".ico", "image/x-icon"},
                                                        {".woff2", "font/woff2"},
                                                        {".woff", "font/woff"},
                                                        {".json", "application/json"},
                                                        {".txt", "text/plain; charset=utf-8"},
                                                        {".webmanifest", "application/manifest+json"}};
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::string short_hash(const std::string& content) {
  unsigned char h[6];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(content.data()), content.size(),
                     nullptr, 0);
  char hex[sizeof h * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, h, sizeof h);
  return hex;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& dir) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (!fs::is_directory(dir)) return;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto rel = fs::relative(entry.path(), dir).generic_string();
    auto ext = entry.path().extension().string();
    auto hash = short_hash(ss.str());
    File f{ss.str(), content_type_for(ext), "\"" + hash + "\"", false, std::make_shared<Encoded>()};
    auto stem = rel.substr(0, rel.size() - ext.size());
    auto hashed_url = "/static/" + stem + "." + hash + ext;
    hashed_[rel] = hashed_url;
    files_["/static/" + rel] = f;
    f.hashed_name = true;
    files_[hashed_url] = std::move(f);
  }
}

std::string StaticFiles::url(const std::string& relative_path) const {
  auto it = hashed_.find(relative_path);
  if (it == hashed_.end()) throw std::out_of_range("no static file " + relative_path);
  return it->second;
}

const StaticFiles::Encoded& StaticFiles::encoded_forms(const File& f) {
  std::call_once(f.encoded->once, [&f] {
    auto pays = [&f](std::string packed) { return packed.size() + 64 < f.content.size() ? packed : ""; };
    f.encoded->brotli = pays(brotli_compress(f.content, 9));
    f.encoded->gzip = pays(gzip_compress(f.content, 9));
  });
  return *f.encoded;
}

std::optional<Response> StaticFiles::serve(const Request& req) const {
  auto it = files_.find(req.path);
  if (it == files_.end()) return std::nullopt;
  const File& f = it->second;
  Response r;
  // Hashed names never change content, so they may be cached for a year; plain names (used by CSS
  // relative references such as Leaflet's images) must be revalidated.
  r.set("Cache-Control",
        f.hashed_name ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate");
  const std::string* body = &f.content;
  auto etag = f.etag;
  if (compressible(f.content_type)) {
    r.set("Vary", "Accept-Encoding");
    auto e = preferred_encoding(req.header("accept-encoding").value_or(""));
    const auto& forms = e == Encoding::identity ? *f.encoded : encoded_forms(f);
    const std::string& packed = e == Encoding::brotli ? forms.brotli : forms.gzip;
    if (e != Encoding::identity && !packed.empty()) {
      body = &packed;
      r.set("Content-Encoding", encoding_name(e));
      etag = etag.substr(0, etag.size() - 1) + "-" + encoding_name(e) + "\"";  // one tag per form
    }
  }
  r.set("ETag", etag);
  if (req.header("If-None-Match") == etag) {
    r.status = 304;
    return r;
  }
  r.body = *body;
  r.set("Content-Type", f.content_type);
  return r;
}

}  // namespace cw::web
