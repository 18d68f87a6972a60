// Internal to cw_media: decoded pixels and the per-format decoders and encoders behind reencode_image.
// Each decoder checks the declared dimensions against the limits before it decodes any pixel.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "media/images.h"

namespace cw::media::detail {

// 8 bits per channel, rows top to bottom, no padding. channels: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA.
struct Pixels {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  unsigned channels = 0;
  std::vector<std::uint8_t> data;
};

// Throws ImageRejected when width × height (as declared in the file) is beyond the limits.
void check_dimensions(std::uint64_t width, std::uint64_t height, const ImageLimits& limits);

[[noreturn]] void reject_damaged();
[[noreturn]] void reject_unsupported();

// Shrinks by a whole factor while rows arrive, averaging each factor × factor box (colour weighted by
// alpha, so transparent pixels do not bleed their hidden colour into the edges). Rows are added top to
// bottom; only one output row of sums is held, so a large image is never held whole.
class BoxScaler {
 public:
  BoxScaler(std::uint32_t width, std::uint32_t height, unsigned channels, std::uint32_t factor);
  void add_row(const std::uint8_t* row);  // width × channels bytes
  Pixels finish();                        // REQUIRES: every row was added

 private:
  void flush();
  std::uint32_t width_, factor_;
  unsigned channels_;
  std::uint32_t rows_in_band_ = 0;
  std::vector<std::uint64_t> sums_;  // per output column: channels sums, colour pre-multiplied by alpha
  Pixels out_;
};

// The whole factor that brings the longest side within max_side (1 when it already fits).
std::uint32_t shrink_factor(std::uint32_t width, std::uint32_t height, std::uint32_t max_side);

// Applies an EXIF orientation (1-8) to the pixels; other values leave them as they are.
Pixels apply_orientation(Pixels in, int orientation);

// The EXIF orientation (1-8) in an APP1 segment's payload ("Exif\0\0" + TIFF), or 1 when there is none
// or the segment is malformed.
int exif_orientation(std::string_view app1);

Pixels decode_jpeg(std::string_view bytes, const ImageLimits& limits);
std::string encode_jpeg(const Pixels& pixels, int quality);  // REQUIRES: 1 or 3 channels
Pixels decode_png(std::string_view bytes, const ImageLimits& limits);
std::string encode_png(const Pixels& pixels);

}  // namespace cw::media::detail
