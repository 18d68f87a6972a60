// Rules for the text people send and the text we write out: valid UTF-8 with no control characters
// (other than tab and line breaks) and nothing that reorders what is shown, checked once where requests
// are parsed; names and titles also refuse invisible characters; and text made safe for XML whatever
// is stored. Pure; safe from any thread.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cw::text {

// What is wrong with submitted text, as the end of a sentence ("is not valid UTF-8 text"), or nullopt.
// Refuses invalid UTF-8, C0 and C1 controls except tab, line feed and carriage return, DEL, and the
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can disguise text.
std::optional<std::string> text_problem(std::string_view s);
// As text_problem, and also the zero-width characters (U+200B–U+200D, U+2060, U+FEFF) that make two
// names look the same: for names and titles.
std::optional<std::string> name_problem(std::string_view s);

// The error message for a name or title with a name_problem, starting with `what` ("The title"), or
// nullopt when it has none.
std::optional<std::string> name_refusal(std::string_view s, std::string_view what);

// `s` as XML 1.0 allows it: invalid UTF-8 becomes U+FFFD, and characters XML forbids (controls other
// than tab and line breaks, U+FFFE, U+FFFF) are dropped.
std::string xml_safe(std::string_view s);

}  // namespace cw::text
