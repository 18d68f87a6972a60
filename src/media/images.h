// Photos uploaded by residents (assets, petitions), checked and re-encoded before they are stored or
// served: only JPEG and PNG, within size limits checked before pixels are decoded, and rebuilt from
// the pixels alone so no metadata survives (GPS position, camera, comments, text chunks, profiles).
// Pure functions; safe from any thread.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cw::media {

enum class ImageType { jpeg, png };

// "image/jpeg" or "image/png".
std::string_view content_type(ImageType type);

// The type by the file's first bytes, whatever its name or declared content type says; nullopt for
// anything that is not a JPEG or PNG.
std::optional<ImageType> sniff_image_type(std::string_view bytes);

struct ImageLimits {
  std::size_t max_bytes = 5 * 1024 * 1024;  // the uploaded file
  std::uint32_t max_side = 12'000;          // declared width or height, before decoding
  std::uint64_t max_pixels = 40'000'000;    // declared width × height, before decoding
  std::uint32_t max_output_side = 2048;     // longest side of the result; larger images are scaled down
  int jpeg_quality = 85;                    // 1-100
};

struct ProcessedImage {
  ImageType type = ImageType::jpeg;  // the same as the upload's
  std::string content_type;
  std::string bytes;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// Why an upload was refused; what() is a plain-English sentence to show the person.
class ImageRejected : public std::runtime_error {
 public:
  enum class Reason { wrong_type, file_too_large, too_many_pixels, damaged, unsupported };
  ImageRejected(Reason reason, const std::string& message) : std::runtime_error(message), reason(reason) {}
  Reason reason;
};

// Decodes `bytes` (JPEG or PNG) and encodes the pixels afresh in the same format: JPEG at
// limits.jpeg_quality, PNG with default compression, 8 bits per channel. A JPEG's EXIF orientation is
// applied to the pixels, since the tag itself is dropped. Greyscale stays greyscale; CMYK JPEGs become RGB;
// palette, low-bit and 16-bit PNGs become 8-bit grey or RGB, with alpha when they had transparency.
// Images whose longest side exceeds limits.max_output_side are scaled down to fit.
// Throws ImageRejected for anything it will not take; never exits the process or prints.
ProcessedImage reencode_image(std::string_view bytes, const ImageLimits& limits = {});

}  // namespace cw::media
