// Compressed responses: Brotli when the client accepts it, else gzip (Debian's libbrotli and zlib).
// Pages are compressed as they go out; static files once, at start-up (StaticFiles). Phones on slow
// networks get the site's HTML, CSS and JavaScript at a fraction of the size.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "web/http.h"

namespace cw::web {

enum class Encoding { identity, gzip, brotli };

// Below this a body goes out as it is: the headers cost more than compression saves.
inline constexpr std::size_t kWorthCompressing = 1024;

// The best encoding an Accept-Encoding header allows: br, then gzip (q=0 refuses one), else identity.
Encoding preferred_encoding(std::string_view accept_encoding);
// Whether the header lists `e` with a q-value above zero (identity always).
bool accepts_encoding(std::string_view accept_encoding, Encoding e);
// "br", "gzip" or "" for identity.
const char* encoding_name(Encoding e);

std::string gzip_compress(std::string_view data, int level = 6);
std::string brotli_compress(std::string_view data, int quality = 5);
std::string compress(std::string_view data, Encoding e);
// The inverse of gzip_compress, for tests; throws std::runtime_error on corrupt input.
std::string gzip_decompress(std::string_view data);
std::string brotli_decompress(std::string_view data);

// Gzip for a text whose pieces stay the same for every reader while what goes between them differs (a
// form token): each piece is deflated once, as its own run so that none refers into what is spliced in,
// and a join costs a copy and a checksum. Thread-safe once made.
class GzipPieces {
 public:
  explicit GzipPieces(const std::vector<std::string_view>& pieces, int level = 6);
  // One gzip member holding pieces[0] + between + pieces[1] + ... + pieces[n-1]. REQUIRES: between is
  // shorter than 64 KiB (it goes in as one stored block).
  std::string join(std::string_view between) const;

 private:
  std::vector<std::string> deflated_;
  std::vector<std::uint32_t> crcs_;
  std::vector<std::size_t> sizes_;
};

// Whether a body of this type is worth compressing (text, JSON, SVG, feeds; not images or PDFs).
bool compressible(std::string_view content_type);

// Compresses `res` for `req` in place when worth it (a compressible type, 1 KB or more, not already
// encoded), setting Content-Encoding, and Vary: Accept-Encoding on every compressible response so
// caches keep the encodings apart.
void compress_response(const Request& req, Response& res);

}  // namespace cw::web
