#include "media/images.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <jpeglib.h>
#include <png.h>

#include "media/codecs.h"

namespace cw::media {
namespace {

using Reason = ImageRejected::Reason;

bool has(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Test images are built with the same libraries the code under test reads them with. The defaults
// (error_exit ends the process) are fine here: a failure to build a fixture is a broken test.
struct JpegSpec {
  std::uint32_t width = 64, height = 48;
  int components = 3;  // 1 grey, 3 RGB, 4 CMYK
  std::vector<std::pair<int, std::string>> markers;
  // The sample for (x, y, channel); a gradient by default.
  std::function<std::uint8_t(std::uint32_t, std::uint32_t, int)> sample = [](std::uint32_t x, std::uint32_t y,
                                                                             int c) {
    return static_cast<std::uint8_t>((x * 3 + y * 5 + static_cast<std::uint32_t>(c) * 40) & 0xFF);
  };
};

std::string make_jpeg(const JpegSpec& spec) {
  jpeg_compress_struct info{};
  jpeg_error_mgr err{};
  info.err = jpeg_std_error(&err);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = spec.width;
  info.image_height = spec.height;
  info.input_components = spec.components;
  info.in_color_space = spec.components == 1 ? JCS_GRAYSCALE : spec.components == 3 ? JCS_RGB : JCS_CMYK;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 90, TRUE);
  jpeg_start_compress(&info, TRUE);
  for (const auto& [marker, data] : spec.markers)
    jpeg_write_marker(&info, marker, reinterpret_cast<const JOCTET*>(data.data()),
                      static_cast<unsigned>(data.size()));
  std::vector<std::uint8_t> row(std::size_t{spec.width} * static_cast<unsigned>(spec.components));
  while (info.next_scanline < info.image_height) {
    for (std::uint32_t x = 0; x < spec.width; ++x)
      for (int c = 0; c < spec.components; ++c)
        row[x * static_cast<unsigned>(spec.components) + static_cast<unsigned>(c)] =
            spec.sample(x, info.next_scanline, c);
    JSAMPROW p = row.data();
    jpeg_write_scanlines(&info, &p, 1);
  }
  jpeg_finish_compress(&info);
  jpeg_destroy_compress(&info);
  std::string out(reinterpret_cast<char*>(buffer), size);
  std::free(buffer);
  return out;
}

struct DecodedJpeg {
  std::uint32_t width, height;
  int components;
  std::vector<int> markers;  // every APPn and COM marker present
  std::vector<std::uint8_t> pixels;
};

DecodedJpeg read_jpeg(const std::string& bytes) {
  jpeg_decompress_struct info{};
  jpeg_error_mgr err{};
  info.err = jpeg_std_error(&err);
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  for (int m = 0; m < 16; ++m) jpeg_save_markers(&info, JPEG_APP0 + m, 0xFFFF);
  jpeg_save_markers(&info, JPEG_COM, 0xFFFF);
  jpeg_read_header(&info, TRUE);
  jpeg_start_decompress(&info);
  DecodedJpeg out{info.output_width, info.output_height, info.output_components, {}, {}};
  for (auto* m = info.marker_list; m; m = m->next) out.markers.push_back(m->marker);
  out.pixels.resize(std::size_t{out.width} * out.height * static_cast<unsigned>(out.components));
  while (info.output_scanline < info.output_height) {
    JSAMPROW p =
        &out.pixels[std::size_t{info.output_scanline} * out.width * static_cast<unsigned>(out.components)];
    jpeg_read_scanlines(&info, &p, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return out;
}

struct PngSpec {
  std::uint32_t width = 30, height = 20;
  int colour_type = PNG_COLOR_TYPE_RGB;
  int bit_depth = 8;
  bool interlaced = false;
  bool text = false;
  bool header_only = false;  // stop after IHDR, as an attacker's file might
};

void append_png(png_structp png, png_bytep data, png_size_t n) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<char*>(data), n);
}

std::string make_png(const PngSpec& spec) {
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_set_write_fn(png, &out, append_png, nullptr);
  png_set_IHDR(png, info, spec.width, spec.height, spec.bit_depth, spec.colour_type,
               spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  std::vector<png_color> palette(16);
  for (int i = 0; i < 16; ++i)
    palette[static_cast<std::size_t>(i)] = {static_cast<png_byte>(i * 16), 0,
                                            static_cast<png_byte>(255 - i * 16)};
  png_byte trans[2] = {0, 128};
  if (spec.colour_type == PNG_COLOR_TYPE_PALETTE) {
    png_set_PLTE(png, info, palette.data(), 16);
    png_set_tRNS(png, info, trans, 2, nullptr);
  }
  char key1[] = "Comment", key2[] = "Location", key3[] = "Author";
  char value1[] = "secret-comment", value2[] = "secret-gps 51.36,-0.17", value3[] = "secret-author";
  png_text text[3] = {{PNG_TEXT_COMPRESSION_NONE, key1, value1, 0, 0, nullptr, nullptr},
                      {PNG_TEXT_COMPRESSION_zTXt, key2, value2, 0, 0, nullptr, nullptr},
                      {PNG_ITXT_COMPRESSION_NONE, key3, value3, 0, 0, nullptr, nullptr}};
  if (spec.text) png_set_text(png, info, text, 3);
  png_write_info(png, info);
  if (spec.header_only) {
    png_destroy_write_struct(&png, &info);
    return out;
  }
  int channels = png_get_channels(png, info);
  std::size_t row_bytes =
      (std::size_t{spec.width} * static_cast<unsigned>(channels * spec.bit_depth) + 7) / 8;
  std::vector<png_byte> row(row_bytes);
  int passes = spec.interlaced ? png_set_interlace_handling(png) : 1;
  for (int pass = 0; pass < passes; ++pass)
    for (std::uint32_t y = 0; y < spec.height; ++y) {
      for (std::size_t i = 0; i < row_bytes; ++i) row[i] = static_cast<png_byte>((i * 7 + y * 13) & 0xFF);
      if (spec.colour_type == PNG_COLOR_TYPE_PALETTE)
        for (auto& b : row) b = static_cast<png_byte>(spec.bit_depth == 8 ? b % 16 : b);
      png_write_row(png, row.data());
    }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

struct PngHeader {
  std::uint32_t width, height;
  int bit_depth, colour_type, interlace;
};

PngHeader png_header(const std::string& png) {
  auto u32 = [&](std::size_t at) {
    return png_get_uint_32(reinterpret_cast<png_const_bytep>(png.data() + at));
  };
  return {u32(16), u32(20), png[24], png[25], png[28]};
}

// Exif payload with IFD0 holding Orientation and a fake GPS pointer, the things that must not survive.
std::string exif(std::uint16_t orientation) {
  std::string s("Exif\0\0MM\0*\0\0\0\x08", 14);
  s += std::string("\0\x02", 2);  // two entries
  s += std::string("\x01\x12\0\x03\0\0\0\x01", 8) + char(0) + char(orientation) + std::string(2, '\0');
  s += std::string("\x88\x25\0\x04\0\0\0\x01\0\0\0\x26", 12);  // GPSInfo IFD pointer
  s += std::string(4, '\0') + "GPS secret 51.3617N 0.1687W";
  return s;
}

TEST(Images, sniffs_jpeg_and_png_by_their_first_bytes_only) {
  EXPECT_EQ(sniff_image_type(make_jpeg({})), ImageType::jpeg);
  EXPECT_EQ(sniff_image_type(make_png({})), ImageType::png);
  EXPECT_EQ(sniff_image_type("GIF89a\x01\x00"), std::nullopt);
  EXPECT_EQ(sniff_image_type("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"), std::nullopt);
  EXPECT_EQ(sniff_image_type(std::string_view("\x89PNG\r\n", 6)), std::nullopt);
  EXPECT_EQ(sniff_image_type(""), std::nullopt);
  EXPECT_EQ(content_type(ImageType::jpeg), "image/jpeg");
  EXPECT_EQ(content_type(ImageType::png), "image/png");
}

ImageRejected::Reason rejection(std::string_view bytes, const ImageLimits& limits = {}) {
  try {
    reencode_image(bytes, limits);
  } catch (const ImageRejected& e) {
    EXPECT_GT(std::strlen(e.what()), 20u);
    return e.reason;
  }
  ADD_FAILURE() << "accepted";
  return Reason::unsupported;
}

TEST(Images, other_files_are_rejected_whatever_their_name) {
  try {
    reencode_image("GIF89a\x01\x00\x01\x00");
    FAIL();
  } catch (const ImageRejected& e) {
    EXPECT_EQ(e.reason, Reason::wrong_type);
    EXPECT_STREQ(e.what(), "The photo must be a JPEG or PNG file.");
  }
  EXPECT_EQ(rejection("%PDF-1.7"), Reason::wrong_type);
  EXPECT_EQ(rejection(""), Reason::wrong_type);
}

TEST(Images, a_file_over_the_byte_limit_is_rejected_before_anything_else) {
  try {
    reencode_image(std::string(5 * 1024 * 1024 + 1, 'x'));
    FAIL();
  } catch (const ImageRejected& e) {
    EXPECT_EQ(e.reason, Reason::file_too_large);
    EXPECT_STREQ(e.what(), "The photo is too large: choose one under 5 MB.");
  }
}

TEST(Images, jpeg_is_reencoded_without_exif_or_comments) {
  JpegSpec spec;
  spec.markers = {{JPEG_APP0 + 1, exif(1)},
                  {JPEG_COM, "secret comment"},
                  {JPEG_APP0 + 13, "Photoshop 3.0\0secret iptc"},
                  {JPEG_APP0 + 2, "ICC_PROFILE\0secret"}};
  auto input = make_jpeg(spec);
  ASSERT_TRUE(has(input, "GPS secret"));
  auto out = reencode_image(input);
  EXPECT_EQ(out.type, ImageType::jpeg);
  EXPECT_EQ(out.content_type, "image/jpeg");
  EXPECT_EQ(out.width, 64u);
  EXPECT_EQ(out.height, 48u);
  EXPECT_FALSE(has(out.bytes, "secret"));
  EXPECT_FALSE(has(out.bytes, "Exif"));
  auto decoded = read_jpeg(out.bytes);
  EXPECT_EQ(decoded.width, 64u);
  EXPECT_EQ(decoded.components, 3);
  for (int marker : decoded.markers) EXPECT_EQ(marker, JPEG_APP0) << "marker " << marker;  // JFIF only
}

TEST(Images, jpeg_orientation_is_applied_to_the_pixels) {
  JpegSpec spec;
  spec.width = 40;
  spec.height = 20;
  spec.markers = {{JPEG_APP0 + 1, exif(6)}};  // stored lying on its side: turn a quarter clockwise
  spec.sample = [](std::uint32_t x, std::uint32_t, int c) -> std::uint8_t {
    bool left = x < 20;  // left half red, right half blue
    return c == 0 ? (left ? 255 : 0) : c == 2 ? (left ? 0 : 255) : 0;
  };
  auto out = reencode_image(make_jpeg(spec));
  ASSERT_EQ(out.width, 20u);
  ASSERT_EQ(out.height, 40u);
  auto d = read_jpeg(out.bytes);
  auto at = [&](std::uint32_t x, std::uint32_t y, int c) {
    return d.pixels[(y * d.width + x) * 3 + static_cast<unsigned>(c)];
  };
  EXPECT_GT(at(10, 5, 0), 200);  // the left edge became the top
  EXPECT_LT(at(10, 5, 2), 60);
  EXPECT_GT(at(10, 35, 2), 200);
  EXPECT_LT(at(10, 35, 0), 60);
}

TEST(Images, large_jpeg_is_scaled_down_while_decoding) {
  JpegSpec spec;
  spec.width = 4100;
  spec.height = 100;
  auto out = reencode_image(make_jpeg(spec));
  EXPECT_LE(out.width, 2048u);
  EXPECT_GT(out.width, 1024u);
  EXPECT_EQ(read_jpeg(out.bytes).width, out.width);
  EXPECT_EQ(out.height, 38u);  // 100 × 3/8, rounded up
}

TEST(Images, a_jpeg_over_eight_times_the_output_side_still_fits_it) {
  JpegSpec spec;
  spec.width = 3000;  // libjpeg's 1/8 gives 375, over the 256 asked for
  spec.height = 40;
  ImageLimits limits;
  limits.max_output_side = 256;
  auto out = reencode_image(make_jpeg(spec), limits);
  EXPECT_LE(out.width, 256u);
  EXPECT_GT(out.width, 128u);
  EXPECT_EQ(read_jpeg(out.bytes).width, out.width);
  EXPECT_GE(out.height, 1u);
}

TEST(Images, grey_jpeg_stays_grey_and_cmyk_becomes_rgb) {
  JpegSpec grey;
  grey.components = 1;
  EXPECT_EQ(read_jpeg(reencode_image(make_jpeg(grey)).bytes).components, 1);
  JpegSpec cmyk;
  cmyk.components = 4;
  auto out = reencode_image(make_jpeg(cmyk));
  auto d = read_jpeg(out.bytes);
  EXPECT_EQ(d.components, 3);
  EXPECT_EQ(d.width, 64u);
}

TEST(Images, truncated_or_corrupt_jpeg_is_rejected_as_damaged) {
  JpegSpec spec;
  spec.width = 200;
  spec.height = 200;
  auto whole = make_jpeg(spec);
  for (std::size_t keep :
       {std::size_t{3}, std::size_t{20}, std::size_t{200}, whole.size() / 2, whole.size() - 10})
    EXPECT_EQ(rejection(whole.substr(0, keep)), Reason::damaged) << keep;
  std::string garbage = whole.substr(0, 4) + std::string(2000, '\x55');
  EXPECT_EQ(rejection(garbage), Reason::damaged);
}

// SOF0 holds the height and width at offsets 5 and 7 from its marker.
std::string with_jpeg_dimensions(std::string jpeg, std::uint16_t width, std::uint16_t height) {
  auto sof = jpeg.find("\xFF\xC0");
  jpeg[sof + 5] = static_cast<char>(height >> 8);
  jpeg[sof + 6] = static_cast<char>(height & 0xFF);
  jpeg[sof + 7] = static_cast<char>(width >> 8);
  jpeg[sof + 8] = static_cast<char>(width & 0xFF);
  return jpeg;
}

TEST(Images, huge_declared_dimensions_are_refused_before_decoding) {
  auto small = make_jpeg({});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(rejection(with_jpeg_dimensions(small, 60000, 60000)), Reason::too_many_pixels);
  EXPECT_EQ(rejection(with_jpeg_dimensions(small, 12001, 10)), Reason::too_many_pixels);
  EXPECT_EQ(rejection(with_jpeg_dimensions(small, 8000, 6000)), Reason::too_many_pixels);  // 48 megapixels
  EXPECT_EQ(rejection(make_png({.width = 20000, .height = 20000, .header_only = true})),
            Reason::too_many_pixels);
  EXPECT_EQ(rejection(make_png({.width = 8000, .height = 6000, .header_only = true})),
            Reason::too_many_pixels);
  EXPECT_EQ(rejection(make_png({.width = 100, .height = 100, .header_only = true})), Reason::damaged);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  // Within the limits but a lie: the data cannot fill it.
  EXPECT_EQ(rejection(with_jpeg_dimensions(small, 3000, 3000)), Reason::damaged);
}

TEST(Images, png_is_reencoded_without_text_chunks) {
  auto input = make_png({.text = true});
  ASSERT_TRUE(has(input, "secret-comment"));
  ASSERT_TRUE(has(input, "iTXt"));
  auto out = reencode_image(input);
  EXPECT_EQ(out.type, ImageType::png);
  EXPECT_EQ(out.content_type, "image/png");
  EXPECT_EQ(out.width, 30u);
  EXPECT_EQ(out.height, 20u);
  for (const char* gone : {"secret", "tEXt", "zTXt", "iTXt", "iCCP", "eXIf"})
    EXPECT_FALSE(has(out.bytes, gone)) << gone;
  auto h = png_header(out.bytes);
  EXPECT_EQ(h.colour_type, PNG_COLOR_TYPE_RGB);
  EXPECT_EQ(h.bit_depth, 8);
}

TEST(Images, png_variants_become_8_bit_grey_or_rgb_with_alpha_when_transparent) {
  struct Case {
    PngSpec spec;
    int colour_type;
  };
  std::vector<Case> cases = {
      {{.colour_type = PNG_COLOR_TYPE_RGB_ALPHA}, PNG_COLOR_TYPE_RGB_ALPHA},
      {{.colour_type = PNG_COLOR_TYPE_GRAY}, PNG_COLOR_TYPE_GRAY},
      {{.colour_type = PNG_COLOR_TYPE_GRAY, .bit_depth = 1}, PNG_COLOR_TYPE_GRAY},
      {{.colour_type = PNG_COLOR_TYPE_GRAY_ALPHA, .bit_depth = 16}, PNG_COLOR_TYPE_GRAY_ALPHA},
      {{.colour_type = PNG_COLOR_TYPE_RGB, .bit_depth = 16}, PNG_COLOR_TYPE_RGB},
      {{.colour_type = PNG_COLOR_TYPE_PALETTE}, PNG_COLOR_TYPE_RGB_ALPHA},  // it has tRNS
      {{.colour_type = PNG_COLOR_TYPE_PALETTE, .bit_depth = 4}, PNG_COLOR_TYPE_RGB_ALPHA},
      {{.colour_type = PNG_COLOR_TYPE_RGB, .interlaced = true}, PNG_COLOR_TYPE_RGB},
      {{.colour_type = PNG_COLOR_TYPE_RGB_ALPHA, .bit_depth = 16, .interlaced = true},
       PNG_COLOR_TYPE_RGB_ALPHA},
  };
  for (const auto& c : cases) {
    auto out = reencode_image(make_png(c.spec));
    auto h = png_header(out.bytes);
    EXPECT_EQ(h.colour_type, c.colour_type) << c.spec.colour_type << "/" << c.spec.bit_depth;
    EXPECT_EQ(h.bit_depth, 8);
    EXPECT_EQ(h.interlace, PNG_INTERLACE_NONE);
    EXPECT_EQ(out.width, 30u);
    EXPECT_EQ(out.height, 20u);
  }
}

TEST(Images, large_png_is_scaled_down_by_a_whole_factor) {
  auto out = reencode_image(make_png({.width = 4100, .height = 10}));
  EXPECT_EQ(out.width, 1367u);  // ÷3, rounded up
  EXPECT_EQ(out.height, 4u);
  EXPECT_EQ(png_header(out.bytes).width, 1367u);
}

TEST(Images, truncated_or_corrupt_png_is_rejected_as_damaged) {
  auto whole = make_png({.width = 200, .height = 200});
  for (std::size_t keep : {std::size_t{8}, std::size_t{30}, whole.size() / 2, whole.size() - 5})
    EXPECT_EQ(rejection(whole.substr(0, keep)), Reason::damaged) << keep;
  auto flipped = whole;
  flipped[whole.size() / 2] ^= 0x40;  // a CRC no longer matches
  EXPECT_EQ(rejection(flipped), Reason::damaged);
}

TEST(BoxScaler, averages_colour_weighted_by_alpha) {
  std::uint8_t row[] = {200, 0, 0, 255, 0, 250, 0, 0, 100, 100, 100, 255};  // red, hidden green, grey
  detail::BoxScaler scaler(3, 1, 4, 2);
  scaler.add_row(row);
  auto p = scaler.finish();
  ASSERT_EQ(p.width, 2u);
  ASSERT_EQ(p.height, 1u);
  EXPECT_EQ(std::vector<int>(p.data.begin(), p.data.end()),
            (std::vector<int>{200, 0, 0, 128, 100, 100, 100, 255}));
}

TEST(Exif, orientation_is_read_and_malformed_segments_are_ignored) {
  EXPECT_EQ(detail::exif_orientation(exif(6)), 6);
  EXPECT_EQ(detail::exif_orientation(exif(9)), 1);
  EXPECT_EQ(detail::exif_orientation("http://ns.adobe.com/xap/1.0/"), 1);
  auto whole = exif(8);
  for (std::size_t n = 0; n < whole.size(); ++n) (void)detail::exif_orientation(whole.substr(0, n));
  std::string huge_count = whole;
  huge_count[14] = '\xFF';
  huge_count[15] = '\xFF';
  EXPECT_EQ(detail::exif_orientation(huge_count.substr(0, 40)), 8);  // read as far as there are bytes
  huge_count[16] = '\x99';                                           // and no further
  EXPECT_EQ(detail::exif_orientation(huge_count.substr(0, 40)), 1);
}

}  // namespace
}  // namespace cw::media
