// Markdown written by residents (asset descriptions, petitions, consultation answers) turned into a safe
// HTML fragment in GOV.UK style, or into plain text for summaries and feeds. GitHub-flavoured Markdown
// parsed by cmark-gfm. Pure; safe from any thread.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cw::html {

// The longest text either function accepts, in characters (Unicode code points). Forms that take
// Markdown should refuse longer text themselves with a field error; this is the last line of defence.
inline constexpr std::size_t kMaxMarkdownChars = 20'000;

// Thrown when the text is longer than kMaxMarkdownChars. The message can be shown to the person.
class MarkdownTooLong : public std::length_error {
 public:
  MarkdownTooLong();
};

// An HTML fragment for `text`, to be placed inside the page's main column without further escaping.
// The output is built element by element from the parsed document, so it holds only these elements:
// p, h2-h4, ul, ol, li, blockquote, pre, code, em, strong, del, a, br, hr and tables, with only class,
// href, rel, start and scope attributes. Raw HTML in the input is dropped; links keep only http, https,
// mailto and relative addresses and carry rel="nofollow ugc"; images become links to the image (the
// page's CSP would block other sites' images, and they would tell those sites who reads the page).
// Headings start at h2 (the page owns the h1) and stop at h4.
// Throws MarkdownTooLong (see above).
std::string render_markdown(std::string_view text);

// The words of `text` without markup, whitespace collapsed to single spaces, cut to at most `max_chars`
// characters (ending in "…" when cut, at a word boundary where there is one). Not HTML-escaped.
// Throws MarkdownTooLong (see above).
std::string markdown_to_text(std::string_view text, std::size_t max_chars);

}  // namespace cw::html
