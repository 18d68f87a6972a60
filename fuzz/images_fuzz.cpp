// libFuzzer target: image sniffing, decoding and re-encoding, small limits so runs stay fast. Any input
// must either come out as an image within the limits or raise ImageRejected; in particular libjpeg and
// libpng errors must come back through their longjmp handlers without leaks or crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "media/images.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const cw::media::ImageLimits limits{
      .max_bytes = 1 << 20, .max_side = 4096, .max_pixels = 1 << 22, .max_output_side = 256};
  try {
    auto out = cw::media::reencode_image(std::string_view(reinterpret_cast<const char*>(data), size), limits);
    if (out.width == 0 || out.height == 0 || out.width > 256 || out.height > 256) __builtin_trap();
    if (cw::media::sniff_image_type(out.bytes) != out.type) __builtin_trap();
  } catch (const cw::media::ImageRejected&) {
  }
  return 0;
}
