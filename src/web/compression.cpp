#include "web/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <cctype>
#include <stdexcept>

namespace cw::web {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// Whether `coding` is listed in the header with a q-value above zero.
bool accepts(std::string_view header, std::string_view coding) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    if (!iequals(trim(item.substr(0, semi)), coding)) continue;
    if (semi == std::string_view::npos) return true;
    auto params = trim(item.substr(semi + 1));
    if (params.starts_with("q=") || params.starts_with("Q=")) {
      auto q = trim(params.substr(2));
      return !(q == "0" || q == "0.0" || q == "0.00" || q == "0.000");
    }
    return true;
  }
  return false;
}

std::string zlib_run(std::string_view data, bool deflating, int level) {
  z_stream z{};
  int rc = deflating ? deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
                     : inflateInit2(&z, 15 + 16);
  if (rc != Z_OK) throw std::runtime_error("zlib could not start");
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = deflating ? deflate(&z, Z_FINISH) : inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
    out.append(buf, sizeof buf - z.avail_out);
    if (!deflating && rc == Z_BUF_ERROR && z.avail_in == 0) break;
  } while (rc != Z_STREAM_END);
  deflating ? deflateEnd(&z) : inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("the gzip data is corrupt");
  return out;
}

}  // namespace

bool accepts_encoding(std::string_view accept_encoding, Encoding e) {
  return e == Encoding::identity || accepts(accept_encoding, encoding_name(e));
}

GzipPieces::GzipPieces(const std::vector<std::string_view>& pieces, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("zlib could not start");
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const auto& piece = pieces[i];
    bool last = i + 1 == pieces.size();
    // A full flush ends on a byte boundary and forgets the dictionary: the next piece can follow a
    // stored block and never copies from it.
    std::string out(deflateBound(&z, piece.size()) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(piece.data()));
    z.avail_in = static_cast<uInt>(piece.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, last ? Z_FINISH : Z_FULL_FLUSH);
    // Two flushes in a row with nothing between make no progress, and need none: still byte-aligned.
    bool done = rc == (last ? Z_STREAM_END : Z_OK) || (!last && rc == Z_BUF_ERROR && piece.empty());
    if (!done || z.avail_in != 0) {
      deflateEnd(&z);
      throw std::runtime_error("zlib could not compress a piece");
    }
    out.resize(out.size() - z.avail_out);
    deflated_.push_back(std::move(out));
    crcs_.push_back(static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(piece.data()), static_cast<uInt>(piece.size()))));
    sizes_.push_back(piece.size());
  }
  deflateEnd(&z);
}

std::string GzipPieces::join(std::string_view between) const {
  if (between.size() > 0xffff) throw std::invalid_argument("text between gzip pieces is too long");
  auto put16 = [](std::string& s, unsigned v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>((v >> 8) & 0xff));
  };
  auto put32 = [](std::string& s, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);  // gzip, deflate, no name, no time
  auto between_crc = static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(between.data()), static_cast<uInt>(between.size())));
  std::uint32_t crc = 0;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < deflated_.size(); ++i) {
    if (i > 0) {
      out.push_back('\0');  // a stored block that is not the last: BFINAL 0, BTYPE 00, padded
      put16(out, static_cast<unsigned>(between.size()));
      put16(out, static_cast<unsigned>(~between.size() & 0xffff));
      out.append(between);
      crc = static_cast<std::uint32_t>(crc32_combine(crc, between_crc, static_cast<z_off_t>(between.size())));
      total += between.size();
    }
    out.append(deflated_[i]);
    crc = static_cast<std::uint32_t>(crc32_combine(crc, crcs_[i], static_cast<z_off_t>(sizes_[i])));
    total += sizes_[i];
  }
  put32(out, crc);
  put32(out, static_cast<std::uint32_t>(total));
  return out;
}

Encoding preferred_encoding(std::string_view accept_encoding) {
  if (accepts(accept_encoding, "br")) return Encoding::brotli;
  if (accepts(accept_encoding, "gzip")) return Encoding::gzip;
  return Encoding::identity;
}

const char* encoding_name(Encoding e) {
  return e == Encoding::brotli ? "br" : e == Encoding::gzip ? "gzip" : "";
}

std::string gzip_compress(std::string_view data, int level) {
  return zlib_run(data, true, level);
}

std::string gzip_decompress(std::string_view data) {
  return zlib_run(data, false, 0);
}

std::string brotli_compress(std::string_view data, int quality) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  std::size_t size = out.size();
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("brotli could not compress");
  out.resize(size);
  return out;
}

std::string brotli_decompress(std::string_view data) {
  auto* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  std::string out;
  const auto* in = reinterpret_cast<const uint8_t*>(data.data());
  std::size_t available_in = data.size();
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t buf[16384];
    uint8_t* next = buf;
    std::size_t available_out = sizeof buf;
    rc = BrotliDecoderDecompressStream(state, &available_in, &in, &available_out, &next, nullptr);
    out.append(reinterpret_cast<char*>(buf), sizeof buf - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) throw std::runtime_error("the brotli data is corrupt");
  return out;
}

std::string compress(std::string_view data, Encoding e) {
  if (e == Encoding::brotli) return brotli_compress(data);
  if (e == Encoding::gzip) return gzip_compress(data);
  return std::string(data);
}

bool compressible(std::string_view type) {
  return type.starts_with("text/") || type.starts_with("application/json") ||
         type.starts_with("application/javascript") || type.starts_with("application/geo+json") ||
         type.starts_with("application/atom+xml") || type.starts_with("application/xml") ||
         type.starts_with("image/svg+xml") || type.starts_with("application/manifest+json");
}

void compress_response(const Request& req, Response& res) {
  auto type = res.headers.find("Content-Type");
  if (type == res.headers.end() || !compressible(type->second)) return;
  if (auto vary = res.headers.find("Vary"); vary == res.headers.end())
    res.set("Vary", "Accept-Encoding");
  else if (vary->second.find("Accept-Encoding") == std::string::npos)
    vary->second += ", Accept-Encoding";
  if (res.body.size() < kWorthCompressing || res.headers.find("Content-Encoding") != res.headers.end())
    return;
  auto e = preferred_encoding(req.header("accept-encoding").value_or(""));
  if (e == Encoding::identity) return;
  // Dynamic pages: a quick setting, since the page is made for this one request.
  res.body = e == Encoding::brotli ? brotli_compress(res.body, 4) : gzip_compress(res.body, 5);
  res.set("Content-Encoding", encoding_name(e));
}

}  // namespace cw::web
