// Reading the query string of list and search pages the same way on every page: a filter that was
// given, the page number, and the query string for another page of the same list. Pure; thread-safe.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>

#include "web/http.h"

namespace cw::web {

// The parameter's value; nullopt when it is missing or empty (an unchosen filter).
std::optional<std::string> given(const Request& req, const char* name);

// ?page=N clamped to 1..last_page; 1 when missing or not a number.
int page_number(const Request& req, int last_page);

// "?q=x&ward=E05…&page=2": the given parameters among `names`, in that order, percent-encoded, then
// the page when it is past the first; "" when there is nothing to say.
std::string query_string(const Request& req, std::initializer_list<const char*> names, int page);

}  // namespace cw::web
