#include "media/images.h"

#include <algorithm>
#include <cstring>

#include "media/codecs.h"

namespace cw::media {

using detail::Pixels;

std::string_view content_type(ImageType type) {
  return type == ImageType::jpeg ? "image/jpeg" : "image/png";
}

std::optional<ImageType> sniff_image_type(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xD8\xFF")) return ImageType::jpeg;
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8))) return ImageType::png;
  return std::nullopt;
}

ProcessedImage reencode_image(std::string_view bytes, const ImageLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    throw ImageRejected(ImageRejected::Reason::file_too_large,
                        "The photo is too large: choose one under " +
                            std::to_string(std::max<std::size_t>(1, limits.max_bytes / (1024 * 1024))) +
                            " MB.");
  auto type = sniff_image_type(bytes);
  if (!type) throw ImageRejected(ImageRejected::Reason::wrong_type, "The photo must be a JPEG or PNG file.");
  ProcessedImage out;
  out.type = *type;
  out.content_type = content_type(*type);
  Pixels pixels =
      *type == ImageType::jpeg ? detail::decode_jpeg(bytes, limits) : detail::decode_png(bytes, limits);
  out.width = pixels.width;
  out.height = pixels.height;
  out.bytes = *type == ImageType::jpeg ? detail::encode_jpeg(pixels, std::clamp(limits.jpeg_quality, 1, 100))
                                       : detail::encode_png(pixels);
  return out;
}

namespace detail {

void check_dimensions(std::uint64_t width, std::uint64_t height, const ImageLimits& limits) {
  if (width == 0 || height == 0) reject_damaged();
  if (width > limits.max_side || height > limits.max_side || width * height > limits.max_pixels)
    throw ImageRejected(ImageRejected::Reason::too_many_pixels,
                        "The photo has too many pixels: choose one no more than " +
                            std::to_string(limits.max_side) + " pixels on each side and " +
                            std::to_string(limits.max_pixels / 1'000'000) +
                            " megapixels in all, or make it smaller first.");
}

void reject_damaged() {
  throw ImageRejected(
      ImageRejected::Reason::damaged,
      "The photo could not be read: the file may be damaged or incomplete. Try saving it again.");
}

void reject_unsupported() {
  throw ImageRejected(
      ImageRejected::Reason::unsupported,
      "The photo is saved in a way we cannot read: save it as an ordinary JPEG or PNG and try "
      "again.");
}

std::uint32_t shrink_factor(std::uint32_t width, std::uint32_t height, std::uint32_t max_side) {
  std::uint32_t longest = std::max(width, height);
  max_side = std::max<std::uint32_t>(max_side, 1);
  return (longest + max_side - 1) / max_side;
}

BoxScaler::BoxScaler(std::uint32_t width, std::uint32_t height, unsigned channels, std::uint32_t factor)
    : width_(width), factor_(std::max<std::uint32_t>(factor, 1)), channels_(channels) {
  out_.width = (width + factor_ - 1) / factor_;
  out_.height = (height + factor_ - 1) / factor_;
  out_.channels = channels;
  out_.data.reserve(std::size_t{out_.width} * out_.height * channels);
  sums_.assign(std::size_t{out_.width} * channels, 0);
}

void BoxScaler::add_row(const std::uint8_t* row) {
  bool alpha = channels_ == 2 || channels_ == 4;
  unsigned colours = alpha ? channels_ - 1 : channels_;
  for (std::uint32_t x = 0; x < width_; ++x) {
    const std::uint8_t* px = row + std::size_t{x} * channels_;
    std::uint64_t* sum = &sums_[std::size_t{x / factor_} * channels_];
    std::uint64_t weight = alpha ? px[colours] : 1;
    for (unsigned c = 0; c < colours; ++c) sum[c] += px[c] * weight;
    if (alpha) sum[colours] += weight;
  }
  if (++rows_in_band_ == factor_) flush();
}

void BoxScaler::flush() {
  if (rows_in_band_ == 0) return;
  bool alpha = channels_ == 2 || channels_ == 4;
  unsigned colours = alpha ? channels_ - 1 : channels_;
  for (std::uint32_t ox = 0; ox < out_.width; ++ox) {
    std::uint64_t n = std::uint64_t{std::min(factor_, width_ - ox * factor_)} * rows_in_band_;
    const std::uint64_t* sum = &sums_[std::size_t{ox} * channels_];
    std::uint64_t divisor = alpha ? sum[colours] : n;
    for (unsigned c = 0; c < colours; ++c)
      out_.data.push_back(divisor ? static_cast<std::uint8_t>((sum[c] + divisor / 2) / divisor) : 0);
    if (alpha) out_.data.push_back(static_cast<std::uint8_t>((sum[colours] + n / 2) / n));
  }
  std::fill(sums_.begin(), sums_.end(), 0);
  rows_in_band_ = 0;
}

Pixels BoxScaler::finish() {
  flush();
  return std::move(out_);
}

Pixels apply_orientation(Pixels in, int orientation) {
  if (orientation < 2 || orientation > 8) return in;
  bool swap = orientation >= 5;
  Pixels out{swap ? in.height : in.width, swap ? in.width : in.height, in.channels, {}};
  out.data.resize(in.data.size());
  std::size_t w = in.width, h = in.height, c = in.channels;
  for (std::size_t oy = 0; oy < out.height; ++oy) {
    for (std::size_t ox = 0; ox < out.width; ++ox) {
      std::size_t sx = ox, sy = oy;
      switch (orientation) {
        case 2:
          sx = w - 1 - ox;
          break;  // mirrored
        case 3:
          sx = w - 1 - ox;
          sy = h - 1 - oy;
          break;  // upside down
        case 4:
          sy = h - 1 - oy;
          break;  // mirrored upside down
        case 5:
          sx = oy;
          sy = ox;
          break;  // transposed
        case 6:
          sx = oy;
          sy = h - 1 - ox;
          break;  // needs a quarter turn clockwise
        case 7:
          sx = w - 1 - oy;
          sy = h - 1 - ox;
          break;  // transversed
        case 8:
          sx = w - 1 - oy;
          sy = ox;
          break;  // needs a quarter turn anticlockwise
      }
      std::memcpy(&out.data[(oy * out.width + ox) * c], &in.data[(sy * w + sx) * c], c);
    }
  }
  return out;
}

// Reads only IFD0's Orientation entry (tag 0x0112), bounds-checked at every step: a full EXIF library
// would be more parser exposed to untrusted input for the one number we keep.
int exif_orientation(std::string_view app1) {
  if (!app1.starts_with(std::string_view("Exif\0\0", 6))) return 1;
  std::string_view tiff = app1.substr(6);
  if (tiff.size() < 8) return 1;
  bool little = tiff.starts_with("II");
  if (!little && !tiff.starts_with("MM")) return 1;
  auto u16 = [&](std::size_t at) -> std::uint32_t {
    auto b = [&](std::size_t i) {
      return static_cast<std::uint32_t>(static_cast<unsigned char>(tiff[at + i]));
    };
    return little ? b(0) | b(1) << 8 : b(0) << 8 | b(1);
  };
  auto u32 = [&](std::size_t at) {
    return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
  };
  std::size_t ifd = u32(4);
  if (ifd > tiff.size() || tiff.size() - ifd < 2) return 1;
  std::size_t entries = u16(ifd);
  for (std::size_t i = 0; i < entries; ++i) {
    std::size_t entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.size()) return 1;
    if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {
      int value = static_cast<int>(u16(entry + 8));
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

}  // namespace detail
}  // namespace cw::media
