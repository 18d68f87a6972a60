// JPEG through libjpeg-turbo. libjpeg reports a fatal error by calling error_exit, which by default
// exits the process; here it longjmps back to the one setjmp around all calls into the library. The
// functions holding a setjmp keep their state in a struct that outlives them, so nothing a longjmp
// skips needs a destructor and nothing read after it lives in a register.
#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <jerror.h>
#include <jpeglib.h>

#include "media/codecs.h"

namespace cw::media::detail {

namespace {

// libjpeg's coefficient buffer for a progressive JPEG can be far larger than the decoded result; past
// this it fails (libjpeg-turbo has no backing store) instead of taking the server's memory.
constexpr long kMaxJpegMemory = 256L * 1024 * 1024;

struct ErrorManager {
  jpeg_error_mgr pub;  // first, so libjpeg's pointer to it is a pointer to the whole
  std::jmp_buf jump;
};

[[noreturn]] void on_error(j_common_ptr info) {
  std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->jump, 1);
}

// Warnings are silent, except that data ending before the picture does (the file is cut short, or its
// header claims more than it holds) would otherwise decode with grey where the rest should be.
void on_message(j_common_ptr info, int level) {
  int code = info->err->msg_code;
  if (level < 0 && (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER))
    std::longjmp(reinterpret_cast<ErrorManager*>(info->err)->jump, 1);
}

ErrorManager* init_errors(ErrorManager& err) {
  jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  return &err;
}

struct Decoder {
  jpeg_decompress_struct info{};
  ErrorManager err{};
  bool created = false;
  std::uint32_t declared_width = 0, declared_height = 0;
  int orientation = 1;
  bool cmyk = false, inverted_cmyk = false, unsupported = false;
  std::vector<std::uint8_t> row;  // one decoded row, before CMYK conversion
  Pixels pixels;
  ~Decoder() {
    if (created) jpeg_destroy_decompress(&info);
  }
};

// Picks the largest scale n/8 (libjpeg scales while it decodes, so it costs less than full size)
// that brings the longest side within max_side.
void choose_scale(jpeg_decompress_struct& info, std::uint32_t max_side) {
  std::uint32_t longest = std::max(info.image_width, info.image_height);
  info.scale_denom = 8;
  info.scale_num = 8;
  while (info.scale_num > 1 && (std::uint64_t{longest} * info.scale_num + 7) / 8 > max_side) --info.scale_num;
}

// Adobe writes CMYK JPEGs inverted (0 is full ink), which is what nearly every CMYK JPEG in the wild is.
void cmyk_to_rgb(const std::uint8_t* in, std::uint8_t* out, std::uint32_t width, bool inverted) {
  for (std::uint32_t x = 0; x < width; ++x, in += 4, out += 3) {
    unsigned c = in[0], m = in[1], y = in[2], k = in[3];
    if (!inverted) c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
    out[0] = static_cast<std::uint8_t>(c * k / 255);
    out[1] = static_cast<std::uint8_t>(m * k / 255);
    out[2] = static_cast<std::uint8_t>(y * k / 255);
  }
}

// Reads the header only. False when libjpeg failed; the caller then rejects the file.
bool read_header(Decoder& d, std::string_view bytes) {
  if (setjmp(d.err.jump)) return false;
  d.info.err = &init_errors(d.err)->pub;
  jpeg_create_decompress(&d.info);
  d.created = true;
  d.info.mem->max_memory_to_use = kMaxJpegMemory;
  jpeg_mem_src(&d.info, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  jpeg_save_markers(&d.info, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&d.info, TRUE);
  d.declared_width = d.info.image_width;
  d.declared_height = d.info.image_height;
  for (auto* m = d.info.marker_list; m; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && d.orientation == 1)
      d.orientation = exif_orientation({reinterpret_cast<const char*>(m->data), m->data_length});
  return true;
}

// Decodes every pixel, scaled. REQUIRES: read_header succeeded and the dimensions were accepted.
bool read_pixels(Decoder& d, std::uint32_t max_side) {
  if (setjmp(d.err.jump)) return false;
  switch (d.info.jpeg_color_space) {
    case JCS_GRAYSCALE:
      d.info.out_color_space = JCS_GRAYSCALE;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      d.info.out_color_space = JCS_RGB;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      d.info.out_color_space = JCS_CMYK;  // libjpeg will not convert CMYK to RGB itself
      d.cmyk = true;
      d.inverted_cmyk = d.info.saw_Adobe_marker;
      break;
    default:
      d.unsupported = true;
      return false;
  }
  choose_scale(d.info, max_side);
  jpeg_start_decompress(&d.info);
  Pixels& p = d.pixels;
  p.width = d.info.output_width;
  p.height = d.info.output_height;
  p.channels = d.cmyk ? 3 : static_cast<unsigned>(d.info.output_components);
  p.data.resize(std::size_t{p.width} * p.height * p.channels);
  d.row.resize(std::size_t{p.width} * static_cast<unsigned>(d.info.output_components));
  while (d.info.output_scanline < d.info.output_height) {
    std::uint8_t* dest = &p.data[std::size_t{d.info.output_scanline} * p.width * p.channels];
    JSAMPROW target = d.cmyk ? d.row.data() : dest;
    jpeg_read_scanlines(&d.info, &target, 1);
    if (d.cmyk) cmyk_to_rgb(d.row.data(), dest, p.width, d.inverted_cmyk);
  }
  jpeg_finish_decompress(&d.info);
  return true;
}

struct Encoder {
  jpeg_compress_struct info{};
  ErrorManager err{};
  bool created = false;
  unsigned char* buffer = nullptr;  // malloc'd by jpeg_mem_dest
  unsigned long size = 0;
  ~Encoder() {
    if (created) jpeg_destroy_compress(&info);
    std::free(buffer);
  }
};

bool write_jpeg(Encoder& e, const Pixels& p, int quality) {
  if (setjmp(e.err.jump)) return false;
  e.info.err = &init_errors(e.err)->pub;
  jpeg_create_compress(&e.info);
  e.created = true;
  jpeg_mem_dest(&e.info, &e.buffer, &e.size);
  e.info.image_width = p.width;
  e.info.image_height = p.height;
  e.info.input_components = static_cast<int>(p.channels);
  e.info.in_color_space = p.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&e.info);
  jpeg_set_quality(&e.info, quality, TRUE);
  e.info.optimize_coding = TRUE;  // smaller files for the same pixels, at little cost
  jpeg_start_compress(&e.info, TRUE);
  while (e.info.next_scanline < e.info.image_height) {
    // libjpeg's API takes non-const rows but only reads them when compressing.
    auto* row = const_cast<std::uint8_t*>(&p.data[std::size_t{e.info.next_scanline} * p.width * p.channels]);
    jpeg_write_scanlines(&e.info, &row, 1);
  }
  jpeg_finish_compress(&e.info);
  return true;
}

}  // namespace

Pixels decode_jpeg(std::string_view bytes, const ImageLimits& limits) {
  auto d = std::make_unique<Decoder>();
  if (!read_header(*d, bytes)) reject_damaged();
  check_dimensions(d->declared_width, d->declared_height, limits);
  if (!read_pixels(*d, limits.max_output_side)) {
    if (d->unsupported) reject_unsupported();
    reject_damaged();
  }
  // libjpeg scales down by 1/8 at most, so a photo over eight times the output side is box-scaled the rest.
  Pixels& p = d->pixels;
  if (auto factor = shrink_factor(p.width, p.height, limits.max_output_side); factor > 1) {
    BoxScaler scaler(p.width, p.height, p.channels, factor);
    for (std::uint32_t y = 0; y < p.height; ++y)
      scaler.add_row(&p.data[std::size_t{y} * p.width * p.channels]);
    p = scaler.finish();
  }
  return apply_orientation(std::move(p), d->orientation);
}

std::string encode_jpeg(const Pixels& pixels, int quality) {
  auto e = std::make_unique<Encoder>();
  if (!write_jpeg(*e, pixels, quality)) throw std::runtime_error("libjpeg could not encode the image");
  return std::string(reinterpret_cast<const char*>(e->buffer), e->size);
}

}  // namespace cw::media::detail
