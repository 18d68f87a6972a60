// PNG through libpng. libpng reports errors by longjmp to the setjmp in png_jmpbuf; the functions holding
// that setjmp keep their state in a struct that outlives them, so a longjmp skips no destructor.
#include <algorithm>
#include <csetjmp>
#include <cstring>
#include <memory>
#include <optional>

#include <png.h>

#include "media/codecs.h"

namespace cw::media::detail {

namespace {

// Ancillary chunks libpng knows and would otherwise read: none of them is needed to draw the pixels
// (tRNS is, and is kept), several carry metadata, and zTXt/iTXt/iCCP are compressed, so skipping them
// unread also spares their decompression.
constexpr png_byte kSkipped[] =
    "tEXt\0zTXt\0iTXt\0iCCP\0eXIf\0tIME\0sPLT\0pHYs\0sBIT\0hIST\0oFFs\0pCAL\0sCAL\0gAMA\0"
    "cHRM\0sRGB\0bKGD";
constexpr int kSkippedCount = 17;

struct Source {
  std::string_view bytes;
  std::size_t at = 0;
};

[[noreturn]] void on_error(png_structp png, png_const_charp) {
  png_longjmp(png, 1);
}

void on_warning(png_structp, png_const_charp) {}

void read_bytes(png_structp png, png_bytep out, png_size_t n) {
  auto* src = static_cast<Source*>(png_get_io_ptr(png));
  if (src->bytes.size() - src->at < n) png_error(png, "truncated");
  std::memcpy(out, src->bytes.data() + src->at, n);
  src->at += n;
}

struct Decoder {
  png_structp png = nullptr;
  png_infop info = nullptr;
  Source source;
  png_uint_32 width = 0, height = 0;
  std::optional<BoxScaler> scaler;
  std::vector<std::uint8_t> image;  // the whole image, for interlaced files only
  std::vector<png_bytep> rows;
  ~Decoder() { png_destroy_read_struct(&png, &info, nullptr); }
};

bool read_header(Decoder& d, const ImageLimits& limits) {
  d.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, on_error, on_warning);
  if (!d.png) throw std::bad_alloc();
  if (setjmp(png_jmpbuf(d.png))) return false;
  d.info = png_create_info_struct(d.png);
  if (!d.info) png_error(d.png, "out of memory");
  png_set_read_fn(d.png, &d.source, read_bytes);
  // libpng's own limit refuses oversized dimensions in IHDR before allocating anything for them.
  png_set_user_limits(d.png, limits.max_side, limits.max_side);
  png_set_chunk_malloc_max(d.png, 1024 * 1024);
  png_set_keep_unknown_chunks(d.png, PNG_HANDLE_CHUNK_NEVER, nullptr, 0);
  png_set_keep_unknown_chunks(d.png, PNG_HANDLE_CHUNK_NEVER, kSkipped, kSkippedCount);
  png_read_info(d.png, d.info);
  d.width = png_get_image_width(d.png, d.info);
  d.height = png_get_image_height(d.png, d.info);
  return true;
}

// Rows go through the scaler as they are decoded; an interlaced file delivers each row in several
// passes, so it is decoded whole first. REQUIRES: read_header succeeded and the dimensions were accepted.
bool read_pixels(Decoder& d, std::uint32_t max_side) {
  if (setjmp(png_jmpbuf(d.png))) return false;
  png_set_expand(d.png);    // palette to RGB, grey below 8 bits to 8, tRNS to an alpha channel
  png_set_scale_16(d.png);  // 16 bits to 8, rounded
  int passes = png_set_interlace_handling(d.png);
  png_read_update_info(d.png, d.info);
  unsigned channels = png_get_channels(d.png, d.info);
  std::size_t row_bytes = png_get_rowbytes(d.png, d.info);
  if (channels < 1 || channels > 4 || row_bytes != std::size_t{d.width} * channels)
    png_error(d.png, "layout");
  d.scaler.emplace(d.width, d.height, channels, shrink_factor(d.width, d.height, max_side));
  if (passes == 1) {
    d.image.resize(row_bytes);
    for (png_uint_32 y = 0; y < d.height; ++y) {
      png_read_row(d.png, d.image.data(), nullptr);
      d.scaler->add_row(d.image.data());
    }
  } else {
    d.image.resize(row_bytes * d.height);
    d.rows.resize(d.height);
    for (png_uint_32 y = 0; y < d.height; ++y) d.rows[y] = &d.image[y * row_bytes];
    png_read_image(d.png, d.rows.data());
    for (png_bytep row : d.rows) d.scaler->add_row(row);
  }
  png_read_end(d.png, nullptr);
  return true;
}

void write_bytes(png_structp png, png_bytep data, png_size_t n) {
  try {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n);
  } catch (...) {  // an exception must not unwind through libpng's C frames
    png_error(png, "out of memory");
  }
}

void flush_nothing(png_structp) {}

struct Encoder {
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::string out;
  ~Encoder() { png_destroy_write_struct(&png, &info); }
};

bool write_png(Encoder& e, const Pixels& p) {
  e.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, on_error, on_warning);
  if (!e.png) throw std::bad_alloc();
  if (setjmp(png_jmpbuf(e.png))) return false;
  e.info = png_create_info_struct(e.png);
  if (!e.info) png_error(e.png, "out of memory");
  png_set_write_fn(e.png, &e.out, write_bytes, flush_nothing);
  static constexpr int kColourTypes[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                         PNG_COLOR_TYPE_RGB_ALPHA};
  png_set_IHDR(e.png, e.info, p.width, p.height, 8, kColourTypes[p.channels - 1], PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(e.png, e.info);
  for (std::uint32_t y = 0; y < p.height; ++y)
    png_write_row(e.png, &p.data[std::size_t{y} * p.width * p.channels]);
  png_write_end(e.png, nullptr);
  return true;
}

}  // namespace

Pixels decode_png(std::string_view bytes, const ImageLimits& limits) {
  auto d = std::make_unique<Decoder>();
  d->source.bytes = bytes;
  if (!read_header(*d, limits)) {
    // libpng refused the header itself; dimensions beyond the user limits are the likely cause.
    if (bytes.size() >= 24 && std::memcmp(bytes.data() + 12, "IHDR", 4) == 0) {
      png_uint_32 w = png_get_uint_32(reinterpret_cast<png_const_bytep>(bytes.data() + 16));
      png_uint_32 h = png_get_uint_32(reinterpret_cast<png_const_bytep>(bytes.data() + 20));
      if (w > 0 && h > 0) check_dimensions(w, h, limits);
    }
    reject_damaged();
  }
  check_dimensions(d->width, d->height, limits);
  if (!read_pixels(*d, limits.max_output_side)) reject_damaged();
  return d->scaler->finish();
}

std::string encode_png(const Pixels& pixels) {
  auto e = std::make_unique<Encoder>();
  if (!write_png(*e, pixels)) throw std::runtime_error("libpng could not encode the image");
  return std::move(e->out);
}

}  // namespace cw::media::detail
