#include "modules/petitions/petition.h"

#include <algorithm>
#include <array>
#include <chrono>

#include <fmt/format.h>

#include "common/civil_date.h"
#include "common/text.h"
#include "modules/accounts/rules.h"
#include "modules/places/places.h"
#include "modules/search/topics.h"

namespace cw::petitions {

namespace {

struct StateInfo {
  State state;
  std::string_view name, label;
};

constexpr std::array<StateInfo, 10> kStates{{
    {State::pending, "pending", "Waiting for the creator to confirm"},
    {State::validated, "validated", "Gathering supporters"},
    {State::sponsored, "sponsored", "Waiting to be checked"},
    {State::flagged, "flagged", "Being checked again"},
    {State::dormant, "dormant", "On hold"},
    {State::open, "open", "Open"},
    {State::rejected, "rejected", "Rejected"},
    {State::hidden, "hidden", "Hidden"},
    {State::closed, "closed", "Closed"},
    {State::removed, "removed", "Removed"},
}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool has_control(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s)
    if ((c < 0x20 && !(allow_newlines && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f) return true;
  return false;
}

void check_text(std::vector<web::FieldError>& out, const std::string& field, const std::string& value,
                std::size_t max, const std::string& missing, const std::string& what, bool multiline) {
  auto n = accounts::utf8_length(value);
  if (trim(value).empty() && !missing.empty())
    out.push_back({field, missing});
  else if (n > max)
    out.push_back({field, fmt::format("{} must be {} characters or fewer (you have {})", what, max, n)});
  else if (has_control(value, multiline))
    out.push_back({field, what + " must not contain control characters"});
  else if (!multiline)
    if (auto e = text::name_refusal(value, what)) out.push_back({field, *e});
}

void check_person(std::vector<web::FieldError>& out, const std::string& name, const std::string& email,
                  const std::string& postcode, bool declaration) {
  check_text(out, "name", name, kNameMax, "Enter your name", "Your name", false);
  if (!trim(name).empty() && looks_like_formula(name))
    out.push_back({"name", "Your name must not start with =, +, - or @"});
  if (trim(email).empty())
    out.push_back({"email", "Enter your email address"});
  else if (!canonical_signer_email(email))
    out.push_back({"email", "Enter an email address in the correct format, like name@example.com"});
  if (trim(postcode).empty())
    out.push_back({"postcode", "Enter your postcode"});
  else if (!places::normalise_postcode(postcode))
    out.push_back({"postcode", "Enter a real postcode, for example SM1 1EA"});
  if (!declaration)
    out.push_back({"declaration", "Select whether you live in the area, or work or study in it"});
}

std::string field(const web::Params& form, std::string_view name) {
  return std::string(trim(form.get_or(name, "")));
}

}  // namespace

bool declares_connection(std::string_view answer) {
  return answer == "live" || answer == "work" || answer == "yes";
}

std::string_view state_name(State s) {
  return kStates[static_cast<std::size_t>(s)].name;
}
std::string_view state_label(State s) {
  return kStates[static_cast<std::size_t>(s)].label;
}
std::optional<State> parse_state(std::string_view name) {
  for (const auto& i : kStates)
    if (i.name == name) return i.state;
  return std::nullopt;
}

bool can_move(State from, State to) {
  using enum State;
  if (from == to) return false;
  switch (from) {
    case pending:
      return to == validated;
    case validated:
      return to == sponsored;
    case sponsored:
    case flagged:
    case dormant:
      return to == open || to == rejected || to == hidden || to == flagged || to == dormant;
    case open:
      return to == closed || to == removed || to == hidden;
    case hidden:
      return to == open;
    case rejected:
      return to == hidden;
    case closed:
    case removed:
      return false;
  }
  return false;
}

bool is_public(State s) {
  return s == State::open || s == State::closed || s == State::rejected;
}
bool in_moderation(State s) {
  return s == State::sponsored || s == State::flagged || s == State::dormant;
}

PetitionDraft petition_draft_from_form(const web::Params& form) {
  return {.action = field(form, "action"),
          .background = field(form, "background"),
          .details = field(form, "details"),
          .topic = field(form, "topic"),
          .ward_code = field(form, "ward"),
          .name = field(form, "name"),
          .email = field(form, "email"),
          .postcode = field(form, "postcode"),
          .declaration = declares_connection(form.get_or("declaration", "")),
          .notify = form.get_or("notify", "") == "yes",
          .lives_outside = form.get_or("declaration", "") == "work"};
}

std::vector<web::FieldError> check_petition_draft(const PetitionDraft& d) {
  std::vector<web::FieldError> out;
  // Errors name each field as its label does, so people can tell which one to fix.
  check_text(out, "action", d.action, kActionMax, "Enter what you want the council to do",
             "What you want the council to do", false);
  check_text(out, "background", d.background, kBackgroundMax, "Enter why you want the council to do it",
             "Why you want the council to do it", true);
  check_text(out, "details", d.details, kDetailsMax, "", "Anything else you want to say", true);
  if (!d.topic.empty() && !search::topic_label(d.topic))
    out.push_back({"topic", "Select a topic from the list"});
  check_person(out, d.name, d.email, d.postcode, d.declaration);
  return out;
}

SignerDraft signer_draft_from_form(const web::Params& form) {
  return {.name = field(form, "name"),
          .email = field(form, "email"),
          .postcode = field(form, "postcode"),
          .declaration = declares_connection(form.get_or("declaration", "")),
          .notify = form.get_or("notify", "") == "yes",
          .lives_outside = form.get_or("declaration", "") == "work"};
}

std::vector<web::FieldError> check_signer_draft(const SignerDraft& d) {
  std::vector<web::FieldError> out;
  check_person(out, d.name, d.email, d.postcode, d.declaration);
  return out;
}

std::optional<std::string> canonical_signer_email(std::string_view email) {
  auto plain = accounts::canonical_email(email);
  if (!plain || plain->size() > kEmailMax) return std::nullopt;
  auto at = plain->find('@');
  std::string local = plain->substr(0, at), domain = plain->substr(at + 1);
  if (auto plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
  if (domain == "googlemail.com") domain = "gmail.com";
  if (domain == "gmail.com") std::erase(local, '.');
  if (local.empty()) return std::nullopt;
  return local + "@" + domain;
}

std::string canonical_name(std::string_view name) {
  std::string out;
  bool space = false;
  for (char c : trim(name)) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

bool looks_like_formula(std::string_view text) {
  auto t = trim(text);
  return !t.empty() && (t.front() == '=' || t.front() == '+' || t.front() == '-' || t.front() == '@');
}

std::string email_domain(std::string_view canonical_email) {
  auto at = canonical_email.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(canonical_email.substr(at + 1));
}

const std::vector<RejectionReason>& rejection_reasons() {
  static const std::vector<RejectionReason> reasons{
      {"duplicate", "Duplicate", "There is already a petition about this. Please sign that one instead.",
       false},
      {"not_council", "Not the council's responsibility",
       "It's about something the council is not directly responsible for.", false},
      {"no_action", "No clear action", "It did not say clearly what the council should do.", false},
      {"already_happening", "Already happening", "The council is already doing what the petition asks for.",
       false},
      {"personal", "About a particular person or case",
       "It's about a particular person, family or case that the council cannot discuss in public.", false},
      {"foi", "A request for information",
       "It asks for information, which you can ask for under the Freedom of Information Act.", false},
      {"offensive", "Offensive or abusive",
       "It included language that is offensive, abusive or discriminatory.", true},
      {"libellous", "Possibly libellous or in contempt of court",
       "It included content that might be defamatory or in contempt of court.", true},
      {"advert", "Advertising or spam", "It promoted a product, business or service.", true},
      {"confidential", "Confidential or personal information",
       "It included personal, confidential or sensitive information.", true},
  };
  return reasons;
}

const RejectionReason* find_rejection_reason(std::string_view code) {
  for (const auto& r : rejection_reasons())
    if (r.code == code) return &r;
  return nullptr;
}

std::vector<web::FieldError> check_settings(const Settings& s) {
  std::vector<web::FieldError> out;
  if (s.sponsors_required < 0 || s.sponsors_required > 50)
    out.push_back({"sponsors_required", "Supporters needed must be a whole number from 0 to 50"});
  if (s.open_months < 1 || s.open_months > 12)
    out.push_back({"open_months", "Months open must be a whole number from 1 to 12"});
  if (s.response_threshold < 1 || s.response_threshold > 10'000'000)
    out.push_back({"response_threshold", "Signatures for a response must be from 1 to 10,000,000"});
  if (s.debate_threshold <= s.response_threshold || s.debate_threshold > 10'000'000)
    out.push_back(
        {"debate_threshold",
         "Signatures for a debate must be more than those for a response, and 10,000,000 or fewer"});
  if (s.names_per_email < 1 || s.names_per_email > 10)
    out.push_back({"names_per_email", "People per email address must be a whole number from 1 to 10"});
  if (!s.mailbox.empty() && !accounts::canonical_email(s.mailbox))
    out.push_back({"mailbox", "Enter an email address in the correct format, like name@example.com"});
  return out;
}

Micros closing_time(Micros opened, int months) {
  return civil::end_of(civil::add(civil::date_of(opened), {months, civil::Unit::months}));
}

ThresholdsReached thresholds_reached(std::int64_t count, const Settings& s, bool response_recorded,
                                     bool debate_recorded) {
  return {.response = !response_recorded && count >= s.response_threshold,
          .debate = !debate_recorded && count >= s.debate_threshold};
}

}  // namespace cw::petitions
