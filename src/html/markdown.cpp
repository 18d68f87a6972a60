#include "html/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

#include "common/html_escape.h"

namespace cw::html {

MarkdownTooLong::MarkdownTooLong()
    : std::length_error("The text is too long: keep it under 20,000 characters.") {}

namespace {

std::size_t count_chars(std::string_view s) {
  // UTF-8 continuation bytes are 10xxxxxx; every other byte starts a character.
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

struct NodeFree {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using Document = std::unique_ptr<cmark_node, NodeFree>;

// SAFE makes cmark itself drop raw HTML and dangerous links should anything render through it;
// VALIDATE_UTF8 replaces invalid bytes with U+FFFD so the output is always valid UTF-8.
Document parse(std::string_view text) {
  if (count_chars(text) > kMaxMarkdownChars) throw MarkdownTooLong();
  static std::once_flag registered;
  std::call_once(registered, cmark_gfm_core_extensions_ensure_registered);
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(
      cmark_parser_new(CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8), &cmark_parser_free);
  if (!parser) throw std::bad_alloc();
  for (const char* name : {"autolink", "strikethrough", "table", "tagfilter"})
    if (auto* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  cmark_parser_feed(parser.get(), text.data(), text.size());
  Document doc(cmark_parser_finish(parser.get()));
  if (!doc) throw std::bad_alloc();
  return doc;
}

bool is(cmark_node* node, const char* extension_type) {
  return std::strcmp(cmark_node_get_type_string(node), extension_type) == 0;
}

std::string_view literal(cmark_node* node) {
  const char* s = cmark_node_get_literal(node);
  return s ? std::string_view(s) : std::string_view();
}

// An allowlist, not cmark's blocklist: a scheme we do not know might run script in some browser.
// Browsers ignore tabs, newlines and leading spaces inside a scheme ("java\tscript:"), so an address
// holding any control character or space is refused outright rather than parsed.
bool safe_url(std::string_view url) {
  if (url.empty()) return false;
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
    return false;
  auto colon = url.find(':');
  auto delimiter = url.find_first_of("/?#");
  if (colon == std::string_view::npos || (delimiter != std::string_view::npos && delimiter < colon))
    return true;
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return scheme == "http" || scheme == "https" || scheme == "mailto";
}

const char* url_of(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  return url && safe_url(url) ? url : nullptr;
}

bool in_tight_list(cmark_node* paragraph) {
  cmark_node* item = cmark_node_parent(paragraph);
  if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM) return false;
  cmark_node* list = cmark_node_parent(item);
  return list && cmark_node_get_list_tight(list);
}

// Writes the HTML for one parse event. Every tag is a literal here and every piece of input goes through
// html_escape, which is what makes the output safe whatever the input was.
class HtmlWriter {
 public:
  std::string out;

  void event(cmark_node* node, bool entering) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_PARAGRAPH:
        if (!in_tight_list(node)) out += entering ? "<p class=\"govuk-body\">" : "</p>\n";
        break;
      case CMARK_NODE_HEADING:
        heading(node, entering);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        out += entering ? "<blockquote class=\"govuk-inset-text\">\n" : "</blockquote>\n";
        break;
      case CMARK_NODE_LIST:
        list(node, entering);
        break;
      case CMARK_NODE_ITEM:
        out += entering ? "<li>" : "</li>\n";
        break;
      case CMARK_NODE_CODE_BLOCK:
        out += "<pre class=\"app-markdown-code\"><code>" + html_escape(literal(node)) + "</code></pre>\n";
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        out += "<hr class=\"govuk-section-break govuk-section-break--m govuk-section-break--visible\">\n";
        break;
      case CMARK_NODE_TEXT:
        out += html_escape(literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
        out += '\n';
        break;
      case CMARK_NODE_LINEBREAK:
        out += "<br>\n";
        break;
      case CMARK_NODE_CODE:
        out += "<code>" + html_escape(literal(node)) + "</code>";
        break;
      case CMARK_NODE_EMPH:
        out += entering ? "<em>" : "</em>";
        break;
      case CMARK_NODE_STRONG:
        out += entering ? "<strong>" : "</strong>";
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE:  // its children are the alt text
        link(node, entering);
        break;
      default:
        extension(node, entering);  // raw HTML, footnotes and unknown nodes fall through to nothing
        break;
    }
  }

 private:
  bool table_body_open_ = false;
  int cell_ = 0;
  const std::uint8_t* alignments_ = nullptr;
  int columns_ = 0;

  void heading(cmark_node* node, bool entering) {
    int level = std::min(cmark_node_get_heading_level(node) + 1, 4);
    const char* size = level == 2 ? "m" : "s";
    std::string tag = "h" + std::to_string(level);
    out += entering ? "<" + tag + " class=\"govuk-heading-" + size + "\">" : "</" + tag + ">\n";
  }

  void list(cmark_node* node, bool entering) {
    bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    if (!entering) {
      out += ordered ? "</ol>\n" : "</ul>\n";
      return;
    }
    if (!ordered) {
      out += "<ul class=\"govuk-list govuk-list--bullet\">\n";
      return;
    }
    out += "<ol class=\"govuk-list govuk-list--number\"";
    if (int start = cmark_node_get_list_start(node); start != 1)
      out += " start=\"" + std::to_string(start) + "\"";
    out += ">\n";
  }

  void link(cmark_node* node, bool entering) {
    const char* url = url_of(node);
    if (!url) return;  // an unsafe address: keep the words, lose the link
    if (entering)
      out += "<a class=\"govuk-link\" rel=\"nofollow ugc\" href=\"" + html_escape(url) + "\">";
    else
      out += "</a>";
  }

  void extension(cmark_node* node, bool entering) {
    if (is(node, "strikethrough"))
      out += entering ? "<del>" : "</del>";
    else if (is(node, "table"))
      table(node, entering);
    else if (is(node, "table_header") || is(node, "table_row"))
      row(node, entering);
    else if (is(node, "table_cell"))
      cell(node, entering);
  }

  void table(cmark_node* node, bool entering) {
    if (entering) {
      out += "<table class=\"govuk-table\">\n";
      columns_ = cmark_gfm_extensions_get_table_columns(node);
      alignments_ = cmark_gfm_extensions_get_table_alignments(node);
      table_body_open_ = false;
    } else {
      out += table_body_open_ ? "</tbody>\n</table>\n" : "</table>\n";
      alignments_ = nullptr;
    }
  }

  void row(cmark_node* node, bool entering) {
    bool header = cmark_gfm_extensions_get_table_row_is_header(node);
    if (!entering) {
      out += header ? "</tr>\n</thead>\n" : "</tr>\n";
      return;
    }
    if (header) out += "<thead class=\"govuk-table__head\">\n";
    if (!header && !table_body_open_) {
      out += "<tbody class=\"govuk-table__body\">\n";
      table_body_open_ = true;
    }
    out += "<tr class=\"govuk-table__row\">";
    cell_ = 0;
  }

  // Alignment is a class, not a style attribute: the CSP refuses inline styles.
  void cell(cmark_node* node, bool entering) {
    cmark_node* row = cmark_node_parent(node);
    bool header = row && cmark_gfm_extensions_get_table_row_is_header(row);
    if (!entering) {
      out += header ? "</th>" : "</td>";
      ++cell_;
      return;
    }
    std::string base = header ? "govuk-table__header" : "govuk-table__cell";
    std::string cls = base;
    char align = alignments_ && cell_ < columns_ ? static_cast<char>(alignments_[cell_]) : 0;
    if (align == 'r') cls += " " + base + "--numeric";
    if (align == 'c') cls += " app-table-cell--centre";
    out += header ? "<th scope=\"col\" class=\"" + cls + "\">" : "<td class=\"" + cls + "\">";
  }
};

template <typename F>
void walk(cmark_node* root, F&& visit) {
  std::unique_ptr<cmark_iter, decltype(&cmark_iter_free)> iter(cmark_iter_new(root), &cmark_iter_free);
  for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;)
    visit(cmark_iter_get_node(iter.get()), ev == CMARK_EVENT_ENTER);
}

// Cuts at a character boundary, preferring the last space in the final fifth so a word is not split.
std::string truncate_chars(std::string s, std::size_t max_chars) {
  if (count_chars(s) <= max_chars) return s;
  if (max_chars == 0) return {};
  std::size_t keep = max_chars - 1, chars = 0, end = 0;
  for (; end < s.size(); ++end) {
    if ((static_cast<unsigned char>(s[end]) & 0xC0) != 0x80) {
      if (chars == keep) break;
      ++chars;
    }
  }
  s.resize(end);
  if (auto space = s.rfind(' '); space != std::string::npos && space * 5 >= s.size() * 4) s.resize(space);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s + "…";
}

}  // namespace

std::string render_markdown(std::string_view text) {
  auto doc = parse(text);
  HtmlWriter writer;
  writer.out.reserve(text.size() + text.size() / 2);
  walk(doc.get(), [&](cmark_node* node, bool entering) { writer.event(node, entering); });
  return std::move(writer.out);
}

std::string markdown_to_text(std::string_view text, std::size_t max_chars) {
  auto doc = parse(text);
  std::string raw;
  walk(doc.get(), [&](cmark_node* node, bool entering) {
    auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) raw += literal(node);
    // Leaf blocks (code blocks) get no exit event; container blocks end on theirs. Either way a block
    // boundary or a line break separates words.
    if (type == CMARK_NODE_CODE_BLOCK) raw.append(literal(node)).push_back(' ');
    if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
        (!entering && (type & CMARK_NODE_TYPE_BLOCK)))
      raw += ' ';
  });
  std::string out;
  out.reserve(raw.size());
  for (char c : raw) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return truncate_chars(std::move(out), max_chars);
}

}  // namespace cw::html
