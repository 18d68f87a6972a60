#include "html/markdown.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace cw::html {
namespace {

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Whatever the input, no element or attribute that can run script or load another document. Text never
// holds a raw '<' (it is escaped), so every "<...>" in the output is a tag the renderer wrote.
void expect_inert(const std::string& html) {
  static const std::regex tag(R"(<(/?)([a-zA-Z0-9]+)([^>]*)>)");
  static const std::regex allowed(
      "p|h2|h3|h4|ul|ol|li|blockquote|pre|code|em|strong|del|a|br|hr|table|thead|tbody|tr|th|td");
  static const std::regex bad_attribute(R"(\bon[a-z]+\s*=|javascript:|vbscript:|data:|style\s*=|src\s*=)",
                                        std::regex::icase);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(std::regex_match((*it)[2].str(), allowed)) << (*it)[2] << " in " << html;
    EXPECT_FALSE(std::regex_search((*it)[3].str(), bad_attribute)) << (*it)[0] << " in " << html;
  }
  EXPECT_EQ(html.find("<!"), std::string::npos) << html;
}

TEST(Markdown, paragraphs_and_emphasis_get_govuk_classes) {
  auto html = render_markdown("Hello *there* and **you**.\n\nSecond ~~old~~ line.");
  EXPECT_EQ(html,
            "<p class=\"govuk-body\">Hello <em>there</em> and <strong>you</strong>.</p>\n"
            "<p class=\"govuk-body\">Second <del>old</del> line.</p>\n");
}

TEST(Markdown, headings_start_at_h2_and_stop_at_h4) {
  auto html = render_markdown("# One\n## Two\n### Three\n###### Six");
  EXPECT_TRUE(has(html, "<h2 class=\"govuk-heading-m\">One</h2>")) << html;
  EXPECT_TRUE(has(html, "<h3 class=\"govuk-heading-s\">Two</h3>")) << html;
  EXPECT_TRUE(has(html, "<h4 class=\"govuk-heading-s\">Three</h4>")) << html;
  EXPECT_TRUE(has(html, "<h4 class=\"govuk-heading-s\">Six</h4>")) << html;
  EXPECT_FALSE(has(html, "<h1")) << html;
  EXPECT_FALSE(has(html, "<h5")) << html;
}

TEST(Markdown, lists_are_govuk_lists_and_tight_items_have_no_paragraphs) {
  auto html = render_markdown("- a\n- b\n\n3. c\n4. d\n");
  EXPECT_TRUE(has(html, "<ul class=\"govuk-list govuk-list--bullet\">\n<li>a</li>\n<li>b</li>\n</ul>"))
      << html;
  EXPECT_TRUE(has(html, "<ol class=\"govuk-list govuk-list--number\" start=\"3\">\n<li>c</li>")) << html;
  auto loose = render_markdown("- a\n\n- b\n");
  EXPECT_TRUE(has(loose, "<li><p class=\"govuk-body\">a</p>")) << loose;
}

TEST(Markdown, links_are_nofollow_ugc_govuk_links) {
  auto html = render_markdown("See [the map](https://example.org/a?b=1&c=\"2\") or www.example.com.");
  EXPECT_TRUE(
      has(html,
          "<a class=\"govuk-link\" rel=\"nofollow ugc\" href=\"https://example.org/a?b=1&amp;c=%222%22\">"
          "the map</a>") ||
      has(html, "href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\""))
      << html;
  EXPECT_TRUE(has(html,
                  "<a class=\"govuk-link\" rel=\"nofollow ugc\" href=\"http://www.example.com\">"
                  "www.example.com</a>"))
      << html;
  EXPECT_TRUE(
      has(render_markdown("[top](#top) [page](/assets/1) [mail](mailto:a@b.org)"), "href=\"/assets/1\""));
}

TEST(Markdown, dangerous_links_keep_their_words_but_lose_the_link) {
  for (const char* input : {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox)",
                            "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](java&#9;script:alert(1))",
                            "[x](&#106;avascript:alert(1))", "[x](<java script:alert(1)>)",
                            "<javascript:alert(1)>", "[x](file:///etc/passwd)"}) {
    auto html = render_markdown(input);
    expect_inert(html);
    EXPECT_FALSE(has(html, "<a ")) << input << " → " << html;
  }
}

TEST(Markdown, raw_html_is_dropped) {
  for (const char* input :
       {"<script>alert(1)</script>", "hi <script>alert(1)</script> there", "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil\"></iframe>", "<style>body{display:none}</style>",
        "<div onclick=\"x()\">click</div>", "a <b onmouseover=alert(1)>b</b> c", "<svg/onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>", "<!-- comment --><?php x ?><![CDATA[x]]>"}) {
    auto html = render_markdown(input);
    expect_inert(html);
  }
  EXPECT_EQ(render_markdown("a <b>bold</b> c"), "<p class=\"govuk-body\">a bold c</p>\n");
}

TEST(Markdown, images_become_links_to_the_image) {
  auto html = render_markdown(
      "![a pothole](https://example.org/p.png) ![x](javascript:alert(1)) "
      "![y](data:image/png;base64,AAAA)");
  EXPECT_TRUE(has(html,
                  "<a class=\"govuk-link\" rel=\"nofollow ugc\" href=\"https://example.org/p.png\">"
                  "a pothole</a>"))
      << html;
  expect_inert(html);
}

TEST(Markdown, entities_and_specials_stay_escaped) {
  auto html =
      render_markdown("&lt;script&gt;alert(1)&lt;/script&gt; &amp; 5 > 3 \"q\" 'a' `<b>` &#0; &#x110000;");
  EXPECT_TRUE(has(html,
                  "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 5 &gt; 3 &quot;q&quot; &#39;a&#39; "
                  "<code>&lt;b&gt;</code>"))
      << html;
  expect_inert(html);
  expect_inert(render_markdown("```\n<script>alert(1)</script>\n```\n"));
}

TEST(Markdown, tables_get_govuk_table_classes) {
  auto html = render_markdown("| Name | Cost |\n|:--:|--:|\n| Bench | 120 |\n| <b>x</b> | 3 |\n");
  EXPECT_TRUE(has(html,
                  "<table class=\"govuk-table\">\n<thead class=\"govuk-table__head\">\n"
                  "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header "
                  "app-table-cell--centre\">Name</th>"))
      << html;
  EXPECT_TRUE(
      has(html,
          "<tbody class=\"govuk-table__body\">\n<tr class=\"govuk-table__row\"><td "
          "class=\"govuk-table__cell app-table-cell--centre\">Bench</td><td class=\"govuk-table__cell "
          "govuk-table__cell--numeric\">120</td></tr>"))
      << html;
  EXPECT_TRUE(has(html, "</tbody>\n</table>")) << html;
  expect_inert(html);
}

TEST(Markdown, blockquotes_code_and_rules) {
  auto html = render_markdown("> quoted\n\n    code <x>\n\n---\nline  \nbreak");
  EXPECT_TRUE(has(html, "<blockquote class=\"govuk-inset-text\">\n<p class=\"govuk-body\">quoted</p>"))
      << html;
  EXPECT_TRUE(has(html, "<pre class=\"app-markdown-code\"><code>code &lt;x&gt;\n</code></pre>")) << html;
  EXPECT_TRUE(has(html, "<hr class=\"govuk-section-break")) << html;
  EXPECT_TRUE(has(html, "line<br>\nbreak")) << html;
}

TEST(Markdown, pathological_nesting_and_long_input_are_handled) {
  expect_inert(render_markdown(std::string(5000, '*') + "x" + std::string(5000, '*')));
  expect_inert(render_markdown(std::string(2000, '>') + " deep"));
  expect_inert(render_markdown(std::string(5000, '[') + "x" + std::string(5000, ']')));
  std::string lists;
  for (int i = 0; i < 100; ++i) lists += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- x\n";
  expect_inert(render_markdown(lists));
  std::string long_ok(kMaxMarkdownChars, 'a');
  EXPECT_NO_THROW(render_markdown(long_ok));
  EXPECT_THROW(render_markdown(long_ok + "a"), MarkdownTooLong);
  EXPECT_THROW(markdown_to_text(long_ok + "a", 10), MarkdownTooLong);
  std::string accents;
  for (std::size_t i = 0; i < kMaxMarkdownChars; ++i) accents += "é";  // two bytes each, within the limit
  EXPECT_NO_THROW(render_markdown(accents));
}

TEST(Markdown, invalid_utf8_and_nul_become_replacement_characters) {
  auto html = render_markdown(std::string("a\xff\xfe b\0c", 7));
  EXPECT_TRUE(has(html, "\xEF\xBF\xBD")) << html;
  EXPECT_FALSE(has(html, std::string(1, '\0')));
}

TEST(MarkdownText, strips_markup_and_collapses_whitespace) {
  EXPECT_EQ(markdown_to_text("# Title\n\nSome *very* [good](https://x.org) `code`.\n\n- one\n- two", 200),
            "Title Some very good code. one two");
  EXPECT_EQ(markdown_to_text("<script>alert(1)</script>\n\nHi <b>there</b>", 200), "Hi there");
  EXPECT_EQ(markdown_to_text("a&amp;b &lt;c&gt;", 200), "a&b <c>");
  EXPECT_EQ(markdown_to_text("", 10), "");
}

TEST(MarkdownText, cuts_at_a_word_boundary_with_an_ellipsis) {
  EXPECT_EQ(markdown_to_text("The bench by the pond needs paint", 20), "The bench by the…");
  EXPECT_EQ(markdown_to_text("Supercalifragilistic", 10), "Supercali…");
  EXPECT_EQ(markdown_to_text("short", 5), "short");
  EXPECT_EQ(markdown_to_text("ééééé", 3), "éé…");  // counts characters, never splits one
  EXPECT_EQ(markdown_to_text("anything", 0), "");
}

}  // namespace
}  // namespace cw::html
