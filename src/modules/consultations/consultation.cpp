#include "modules/consultations/consultation.h"

#include <algorithm>

#include "common/text.h"
#include "modules/consultations/formats.h"
#include "modules/search/topics.h"

namespace cw::consultations {

namespace {

std::size_t chars(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

Phase phase(const Consultation& c, Micros now) {
  if (c.status == "draft") return Phase::draft;
  if (c.status == "withdrawn") return Phase::withdrawn;
  if (now < c.starts_at) return Phase::upcoming;
  if (now < c.ends_at) return Phase::open;
  return Phase::closed;
}

const char* phase_slug(Phase p) {
  switch (p) {
    case Phase::draft:
      return "draft";
    case Phase::upcoming:
      return "upcoming";
    case Phase::open:
      return "open";
    case Phase::closed:
      return "closed";
    case Phase::withdrawn:
      return "withdrawn";
  }
  return "";
}

const char* phase_label(Phase p) {
  switch (p) {
    case Phase::draft:
      return "Draft";
    case Phase::upcoming:
      return "Opening soon";
    case Phase::open:
      return "Open";
    case Phase::closed:
      return "Closed";
    case Phase::withdrawn:
      return "Withdrawn";
  }
  return "";
}

const char* phase_colour(Phase p) {
  switch (p) {
    case Phase::open:
      return "green";
    case Phase::upcoming:
      return "blue";
    case Phase::closed:
      return "grey";
    default:
      return "yellow";
  }
}

void apply_draft(const ConsultationDraft& d, Consultation& c) {
  std::vector<web::FieldError> errors;
  if (blank(d.title))
    errors.push_back({"title", "Enter a title"});
  else if (chars(d.title) > kMaxTitle)
    errors.push_back({"title", "The title must be 150 characters or fewer"});
  else if (auto e = text::name_refusal(d.title, "The title"))
    errors.push_back({"title", *e});
  if (blank(d.summary))
    errors.push_back({"summary", "Enter a summary"});
  else if (chars(d.summary) > kMaxSummary)
    errors.push_back({"summary", "The summary must be 500 characters or fewer"});
  if (chars(d.body) > kMaxBody)
    errors.push_back({"body", "The description must be 20,000 characters or fewer"});
  if (chars(d.contact) > kMaxContact)
    errors.push_back({"contact", "The contact details must be 500 characters or fewer"});
  auto start = date_from_parts(d.start_day, d.start_month, d.start_year);
  auto end = date_from_parts(d.end_day, d.end_month, d.end_year);
  if (!start) errors.push_back({"starts", "Enter the date it opens, for example 3 4 2027"});
  if (!end) errors.push_back({"ends", "Enter the last day for responses, for example 3 6 2027"});
  if (start && end && *end < *start)
    errors.push_back({"ends", "The last day must be on or after the day it opens"});
  for (const auto& t : d.topics)
    if (!search::topic_label(t)) errors.push_back({"topics", "Choose topics from the list"});
  if (d.ward_codes.size() > 100) errors.push_back({"wards", "Choose wards from the list"});
  auto responders = responders_from_slug(d.responders);
  if (!responders) errors.push_back({"responders", "Choose who can respond"});
  if (!errors.empty()) throw web::FormInvalid(std::move(errors));
  c.title = d.title;
  c.summary = d.summary;
  c.body = d.body;
  c.contact = d.contact;
  c.starts_at = *start;
  c.ends_at = *end + kDay;
  c.responders = *responders;
  c.ward_codes = d.ward_codes;
  c.topics.clear();
  for (const auto& t : d.topics)
    if (std::find(c.topics.begin(), c.topics.end(), t) == c.topics.end()) c.topics.push_back(t);
}

ConsultationDraft draft_of(const Consultation& c) {
  auto s = date_parts(c.starts_at);
  auto e = date_parts(last_day(c));
  return {c.title,
          c.summary,
          c.body,
          c.contact,
          s.day,
          s.month,
          s.year,
          e.day,
          e.month,
          e.year,
          responders_slug(c.responders),
          c.ward_codes,
          c.topics};
}

const char* responders_slug(Responders r) {
  switch (r) {
    case Responders::signed_in:
      return "signed_in";
    case Responders::email_confirmed:
      return "email_confirmed";
    case Responders::anyone:
      return "anyone";
  }
  return "signed_in";
}

std::optional<Responders> responders_from_slug(const std::string& slug) {
  for (auto r : {Responders::signed_in, Responders::email_confirmed, Responders::anyone})
    if (slug == responders_slug(r)) return r;
  return std::nullopt;
}

Micros last_day(const Consultation& c) {
  // Closed early by an officer: the day it closed; otherwise the day before the midnight it closes at.
  return c.ends_at % kDay == 0 ? c.ends_at - kDay : c.ends_at;
}

}  // namespace cw::consultations
