// Building an Internet mail message (RFC 5322 headers, MIME multipart/alternative bodies) from an outbox
// row, and the checks that keep addresses and header values from injecting headers. Pure functions of
// their arguments: no I/O, no clock, safe from any thread.
#pragma once
#include <string>
#include <string_view>

#include "common/clock.h"

namespace cw::mail {

// A mailbox as written in a From header: an optional display name and a bare address.
struct Mailbox {
  std::string name;  // may be empty; UTF-8
  std::string address;
};

// True when `s` is one bare address (local@domain) that is safe in a header and an SMTP command: no
// display name, list, comment, whitespace or control character, at most 254 bytes.
bool is_single_address(std::string_view s);

// True when `s` has no CR, LF or other control character except tab, so it cannot end its header line.
bool is_header_safe(std::string_view s);

// Parses "Name <local@domain>" or "local@domain". Throws std::invalid_argument when it is neither.
Mailbox parse_mailbox(std::string_view s);

struct MimeInput {
  Mailbox from;
  std::string to;  // REQUIRES: is_single_address(to)
  std::string subject;
  std::string text;
  std::string html;              // empty: a single text/plain part
  std::string list_unsubscribe;  // empty: no List-Unsubscribe headers
  Micros date = 0;
  std::string message_id;  // without angle brackets, e.g. "cw.12.1700000000000000@example.org"
};

// The whole message with CRLF line ends, ready for SMTP DATA or a .eml file. Bodies are
// quoted-printable (so every line stays under 78 characters and the boundary, which starts "=_", cannot
// occur in them); a non-ASCII or long subject or display name is RFC 2047 encoded.
// Throws std::invalid_argument when a header value is not header-safe.
std::string build_message(const MimeInput& in);

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text: LF or CRLF become CRLF line breaks, lines are at most
// 76 characters, and a leading "." is encoded so no line can end an SMTP DATA section by itself.
std::string quoted_printable(std::string_view text);

// `text` as it may appear in an unstructured header (Subject): unchanged when it is short printable
// ASCII, otherwise RFC 2047 "=?UTF-8?B?…?=" words of at most 75 characters, folded onto new lines.
std::string encode_header_text(std::string_view text);

// RFC 5322 date-time in UTC, e.g. "Tue, 14 Nov 2023 22:13:20 +0000" (English names, whatever the locale).
std::string rfc5322_date(Micros t);

}  // namespace cw::mail
