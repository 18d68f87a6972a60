#include "modules/mail/mime.h"
#include "common/encoding.h"

#include <sodium.h>

#include <array>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace cw::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";
// Quoted-printable lines may hold 76 characters; a soft break "=" takes one of them.
constexpr std::size_t kQpLine = 75;
// 39 bytes make 52 base64 characters, so "Subject: =?UTF-8?B?…?=" stays within 76 columns.
constexpr std::size_t kEncodedWordBytes = 39;

bool is_atext(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80 || u <= 0x20) return false;
  return std::string_view("()<>[]:;@\\,.\"").find(c) == std::string_view::npos;
}

bool is_printable_ascii(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// RFC 2047 B-encoded words, each cut at a UTF-8 character boundary so no word holds half a character
// (decoders treat each word on its own).
std::string encoded_words(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t n = std::min(kEncodedWordBytes, text.size());
    while (n < text.size() && n > 1 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(0, n)) + "?=";
    text.remove_prefix(n);
  }
  return out;
}

// Folds printable ASCII at spaces so lines stay near 78 columns; `column` is where the value starts.
std::string fold_at_spaces(std::string_view text, std::size_t column) {
  constexpr std::size_t kLine = 78;
  std::string out;
  std::size_t line = column;
  while (!text.empty()) {
    auto space = text.find(' ', 1);
    auto word = text.substr(0, space);  // a word with its leading space, if any
    if (line + word.size() > kLine && line > column && word.front() == ' ') {
      out += kCrlf;
      line = 0;
    }
    out += word;
    line += word.size();
    text.remove_prefix(word.size());
  }
  return out;
}

std::string display_name(std::string_view name) {
  bool atoms = true;
  for (char c : name) atoms = atoms && (is_atext(c) || c == ' ');
  if (atoms) return std::string(name);
  if (!is_printable_ascii(name)) return encoded_words(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string format_mailbox(const Mailbox& m) {
  if (m.name.empty()) return m.address;
  return display_name(m.name) + " <" + m.address + ">";
}

void require_header_safe(std::string_view what, std::string_view value) {
  if (!is_header_safe(value))
    throw std::invalid_argument(fmt::format("{} has a line break or control character", what));
}

std::string text_part(std::string_view type, std::string_view body) {
  return fmt::format(
      "Content-Type: {}; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n{}", type,
      quoted_printable(body));
}

}  // namespace

bool is_single_address(std::string_view s) {
  if (s.size() < 3 || s.size() > 254) return false;
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size() || s.find('@', at + 1) != s.npos)
    return false;
  for (char c : s)
    if (!is_atext(c) && c != '.' && c != '@') return false;
  const auto local = s.substr(0, at), domain = s.substr(at + 1);
  for (auto part : {local, domain})
    if (part.front() == '.' || part.back() == '.' || part.find("..") != std::string_view::npos) return false;
  return true;
}

bool is_header_safe(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return true;
}

Mailbox parse_mailbox(std::string_view s) {
  const std::string text = trim(s);
  Mailbox m;
  if (!text.empty() && text.back() == '>') {
    const auto open = text.rfind('<');
    if (open == std::string::npos) throw std::invalid_argument("not a mailbox: " + text);
    m.address = text.substr(open + 1, text.size() - open - 2);
    m.name = trim(std::string_view(text).substr(0, open));
    if (m.name.size() >= 2 && m.name.front() == '"' && m.name.back() == '"') {
      std::string unquoted;
      for (std::size_t i = 1; i + 1 < m.name.size(); ++i) {
        if (m.name[i] == '\\' && i + 2 < m.name.size()) ++i;
        unquoted += m.name[i];
      }
      m.name = unquoted;
    }
  } else {
    m.address = text;
  }
  if (!is_single_address(m.address) || !is_header_safe(m.name))
    throw std::invalid_argument("not a mailbox (\"Name <local@domain>\" or \"local@domain\"): " + text);
  return m;
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t column = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      out += kCrlf;
      column = 0;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool line_end = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const bool literal = (u > 0x20 && u < 0x7f && c != '=' && !(c == '.' && column == 0)) ||
                         ((c == ' ' || c == '\t') && !line_end);
    const std::size_t width = literal ? 1 : 3;
    if (column + width > kQpLine) {
      out += "=\r\n";
      column = 0;
    }
    if (literal && c == '.' && column == 0) {
      out += "=2E";  // a soft break just moved this "." to the start of a line
      column = 3;
      continue;
    }
    if (literal) {
      out += c;
    } else {
      out += '=';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
    column += width;
  }
  return out;
}

std::string encode_header_text(std::string_view text) {
  if (is_printable_ascii(text) && text.find("=?") == std::string_view::npos && text.size() <= 900)
    return fold_at_spaces(text, std::string_view("Subject: ").size());
  return encoded_words(text);
}

std::string rfc5322_date(Micros t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(t / 1'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays.at(tm.tm_wday), tm.tm_mday,
                     kMonths.at(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string build_message(const MimeInput& in) {
  if (!is_single_address(in.to)) throw std::invalid_argument("not a single address: " + in.to);
  if (!is_single_address(in.from.address)) throw std::invalid_argument("bad From address");
  require_header_safe("From name", in.from.name);
  require_header_safe("Subject", in.subject);
  require_header_safe("List-Unsubscribe", in.list_unsubscribe);
  if (in.list_unsubscribe.find_first_of("<> ") != std::string::npos)
    throw std::invalid_argument("List-Unsubscribe must be one URL");
  if (!is_single_address(in.message_id)) throw std::invalid_argument("bad Message-ID: " + in.message_id);

  std::string m;
  m.reserve(in.text.size() + in.html.size() * 11 / 10 + 1024);
  m += "Date: " + rfc5322_date(in.date) + "\r\n";
  m += "From: " + format_mailbox(in.from) + "\r\n";
  m += "To: " + in.to + "\r\n";
  m += "Subject: " + encode_header_text(in.subject) + "\r\n";
  m += "Message-ID: <" + in.message_id + ">\r\n";
  // Tells auto-responders (vacation replies) not to answer (RFC 3834).
  m += "Auto-Submitted: auto-generated\r\n";
  if (!in.list_unsubscribe.empty()) {
    m += "List-Unsubscribe: <" + in.list_unsubscribe + ">\r\n";
    m += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  m += "MIME-Version: 1.0\r\n";
  if (in.html.empty()) return m + text_part("text/plain", in.text) + "\r\n";

  // "=_" cannot occur in quoted-printable text, so this boundary cannot collide with a body line.
  const std::string boundary = "=_cw_" + in.message_id.substr(0, in.message_id.find('@'));
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\n" + text_part("text/plain", in.text) + "\r\n";
  m += "--" + boundary + "\r\n" + text_part("text/html", in.html) + "\r\n";
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace cw::mail
