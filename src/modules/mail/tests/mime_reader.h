// A small reader of the messages the mail module writes, for tests: headers (unfolded), and the parts
// of a multipart/alternative body with their quoted-printable decoded. Written independently of
// mime.cpp, so a test reads a message the way a mail client would rather than by the code that wrote it.
#pragma once
#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace cw::mail::testing {

struct MimePart {
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // decoded
};

struct ParsedMail {
  std::map<std::string, std::string> headers;
  std::vector<MimePart> parts;  // one part for a single text/plain message
};

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string decode_quoted_printable(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
    } else if (in.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;  // soft line break
    } else {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

// Splits "headers CRLF CRLF body"; header lines that start with a space continue the one before.
inline std::map<std::string, std::string> read_headers(const std::string& block) {
  std::map<std::string, std::string> headers;
  std::string last;
  std::size_t at = 0;
  while (at < block.size()) {
    auto end = block.find("\r\n", at);
    if (end == std::string::npos) end = block.size();
    const auto line = block.substr(at, end - at);
    at = end + 2;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      headers[last] += line;
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    last = lower(line.substr(0, colon));
    headers[last] = line.substr(colon + 2);
  }
  return headers;
}

inline MimePart read_part(const std::string& text) {
  const auto split = text.find("\r\n\r\n");
  MimePart p{read_headers(text.substr(0, split)), text.substr(split + 4)};
  if (lower(p.headers["content-transfer-encoding"]) == "quoted-printable")
    p.body = decode_quoted_printable(p.body);
  return p;
}

inline ParsedMail parse_mail(const std::string& message) {
  ParsedMail m;
  const auto split = message.find("\r\n\r\n");
  EXPECT_NE(split, std::string::npos) << "no blank line after the headers";
  m.headers = read_headers(message.substr(0, split));
  const std::string body = message.substr(split + 4);
  const auto& type = m.headers["content-type"];
  const auto b = type.find("boundary=\"");
  if (b == std::string::npos) {
    m.parts.push_back(read_part(message));
    return m;
  }
  const std::string boundary = "--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
  std::size_t at = body.find(boundary);
  while (at != std::string::npos && body.compare(at + boundary.size(), 2, "--") != 0) {
    const auto start = at + boundary.size() + 2;
    const auto next = body.find("\r\n" + boundary, start);
    EXPECT_NE(next, std::string::npos) << "unterminated part";
    if (next == std::string::npos) break;
    m.parts.push_back(read_part(body.substr(start, next - start)));
    at = next + 2;
  }
  return m;
}

}  // namespace cw::mail::testing
