#include "modules/consultations/service.h"

#include <algorithm>
#include <cstdlib>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "common/encoding.h"
#include "html/markdown.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/secrets.h"
#include "modules/audit/audit.h"
#include "modules/consultations/formats.h"
#include "modules/mail/outbox.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"
#include "modules/places/places.h"
#include "modules/search/index.h"
#include "web/forms.h"

namespace cw::consultations {

namespace {

using accounts::Action;
using web::FormInvalid;

[[noreturn]] void refuse(const std::string& message, int status = 403) {
  throw FormInvalid("", message, status);
}

std::string href(std::int64_t id) {
  return "/consultations/" + std::to_string(id);
}

void audit_it(store::Tx& tx, const Command& cmd, const std::string& action, const Consultation& c,
              const std::string& before, const std::string& after) {
  audit::record_change(tx, cmd.actor, cmd.ip, cmd.now,
                       {action, "consultation", c.id, c.locality_id, before, after});
}

// The consultation, for someone who may manage it.
Consultation managed(store::Tx& tx, const Command& cmd, std::int64_t id) {
  auto c = find_consultation(tx, id);
  if (!c) refuse("There is no consultation with that number.", 404);
  if (!can_manage(cmd.actor, *c)) refuse("You cannot change this consultation.");
  return *c;
}

Consultation draft_only(store::Tx& tx, const Command& cmd, std::int64_t id) {
  auto c = managed(tx, cmd, id);
  if (c.status != "draft")
    refuse(
        "The survey cannot change once the consultation is published: answers already given would no "
        "longer match their questions.",
        409);
  return c;
}

void check_wards(store::Tx& tx, const Consultation& c) {
  auto wards = places::ward_refs(tx, c.locality_id);
  for (const auto& code : c.ward_codes)
    if (std::none_of(wards.begin(), wards.end(), [&](const auto& w) { return w.code == code; }))
      throw FormInvalid("wards", "Choose wards from the list");
}

search::SearchDocument search_document(const Consultation& c, Micros now) {
  auto p = phase(c, now);
  return {.kind = "consultation",
          .ref = std::to_string(c.id),
          .locality_id = c.locality_id,
          .title = c.title,
          .summary = c.summary.substr(0, 300),
          .body = html::markdown_to_text(c.body, 5000) + " " + html::markdown_to_text(c.outcome, 3000),
          .url = href(c.id),
          .status = phase_slug(p),
          .status_label = c.outcome_published_at ? "Closed: you said, we did" : phase_label(p),
          .ward_codes = c.ward_codes,
          .topics = c.topics,
          .published_at = c.published_at.value_or(now),
          .closes_at = c.ends_at};
}

// A file name safe in a Content-Disposition header: letters, digits, dot, dash and underscore.
std::string safe_filename(const std::string& name) {
  std::string out;
  for (char c : name.substr(0, 100))
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  if (out.empty() || out == "." || out == "..") out = "document";
  if (!out.ends_with(".pdf") && !out.ends_with(".PDF")) out += ".pdf";
  return out;
}

bool looks_like_email(const std::string& s) {
  auto at = s.find('@');
  return s.size() <= 254 && at != std::string::npos && at > 0 && s.find('.', at) != std::string::npos &&
         s.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}

void mail_copy(store::Tx& tx, const Command& cmd, const Consultation& c, const Answers& answers,
               const std::string& to) {
  nlohmann::json paragraphs = nlohmann::json::array();
  paragraphs.push_back("Thank you for responding to \"" + c.title + "\". This is a copy of your answers.");
  for (std::size_t i = 0; i < c.survey.size(); ++i) {
    const auto& q = c.survey[i];
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    paragraphs.push_back(std::to_string(i + 1) + ". " + q.title + "\n" + answer_text(q, it->second));
  }
  nlohmann::json data{{"subject", "Your response to " + c.title},
                      {"greeting", "Hello,"},
                      {"paragraphs", paragraphs},
                      {"action", {{"label", "See the consultation"}, {"url", cmd.base_url + href(c.id)}}},
                      {"footer", "You asked for this copy when you responded."}};
  mail::enqueue_mail(tx, mail::render_mail(cmd.views, "mail/notice", data, to, "consultation.copy"), cmd.now);
}

// To an address nobody has shown is the respondent's: the consultation's own words, none of theirs.
void mail_receipt(store::Tx& tx, const Command& cmd, const Consultation& c, const std::string& to) {
  nlohmann::json data{
      {"subject", "Response received: " + c.title},
      {"greeting", "Hello,"},
      {"paragraphs",
       {"We have received a response to the consultation \"" + c.title + "\" that gave this email address.",
        "We send a copy of the answers only to an address we know is the respondent's: sign in before "
        "responding to get one."}},
      {"action", {{"label", "See the consultation"}, {"url", cmd.base_url + href(c.id)}}},
      {"footer", "If you did not respond, you can ignore this email."}};
  mail::enqueue_mail(tx, mail::render_mail(cmd.views, "mail/notice", data, to, "consultation.receipt"),
                     cmd.now);
}

void mail_confirmation(store::Tx& tx, const Command& cmd, const Consultation& c, const std::string& to,
                       const std::string& token) {
  nlohmann::json data{
      {"subject", "Confirm your response to " + c.title},
      {"greeting", "Hello,"},
      {"paragraphs",
       {"Thank you for responding to the consultation \"" + c.title + "\".",
        "Your response counts once you confirm your email address with the link below."}},
      {"action",
       {{"label", "Confirm my response"}, {"url", cmd.base_url + "/consultations/confirm/" + token}}},
      {"footer", "If you did not respond, you can ignore this email: nothing is counted without it."}};
  mail::enqueue_mail(tx, mail::render_mail(cmd.views, "mail/notice", data, to, "consultation.confirm"),
                     cmd.now);
}

bool same_address(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void mail_outcome(store::Tx& tx, const Command& cmd, const Consultation& c) {
  for (const auto& to : update_subscribers(tx, c.id)) {
    nlohmann::json data{
        {"subject", "You said, we did: " + c.title},
        {"greeting", "Hello,"},
        {"paragraphs",
         {"The council has published what it heard in the consultation \"" + c.title +
              "\" and what it will do next.",
          html::markdown_to_text(c.outcome, 600)}},
        {"action", {{"label", "Read \"You said, we did\""}, {"url", cmd.base_url + href(c.id) + "/outcome"}}},
        {"footer", "You asked for updates on this consultation when you responded."}};
    mail::enqueue_mail(tx, mail::render_mail(cmd.views, "mail/notice", data, to, "consultation.outcome"),
                       cmd.now);
  }
}

// The postcode's ward and deprivation decile; FormInvalid when it is not a postcode at all.
void place_response(store::Tx& tx, const std::string& typed, ResponseRow& r) {
  if (typed.find_first_not_of(" \t") == std::string::npos) return;
  auto postcode = places::normalise_postcode(typed);
  if (!postcode)
    throw FormInvalid("postcode", "Enter a real postcode, for example SM1 1EA, or leave it blank");
  r.postcode = *postcode;
  if (auto place = places::find_postcode(tx, *postcode)) {
    r.ward_code = place->ward_code;
    r.imd_decile = place->imd_decile;
  }
}

// A point on the map must fall inside the consultation's area: the council can act only on its own
// streets, and a slip of the mouse onto the next borough should be caught while the person is here.
void check_points(store::Tx& tx, const Consultation& c, const Answers& answers,
                  std::vector<web::FieldError>& errors) {
  std::string code, name = "the area";
  for (const auto& l : places::locality_refs(tx))
    if (l.id == c.locality_id) code = l.code, name = l.name;
  for (const auto& q : c.survey) {
    auto it = answers.find(q.id);
    if (q.type != QuestionType::map_point || it == answers.end() || it->second.size() != 3 ||
        it->second[1].empty())
      continue;
    // check_response has already read both as degrees within the UK.
    auto lat = std::strtod(it->second[1].c_str(), nullptr), lon = std::strtod(it->second[2].c_str(), nullptr);
    auto place = places::find_point(tx, lon, lat);
    if (!place || place->locality_code != code)
      errors.push_back({error_field(q), "The point on the map must be in " + name +
                                            ": mark a place inside the area, or describe it instead"});
  }
}

}  // namespace

void reindex(store::Tx& tx, const Consultation& c, Micros now) {
  if (c.status != "published") {
    search::remove_document(tx, "consultation", std::to_string(c.id));
    set_indexed_status(tx, c.id, "");
    return;
  }
  search::index_document(tx, search_document(c, now));
  set_indexed_status(tx, c.id, phase_slug(phase(c, now)));
}

namespace {

// An organisation admin runs consultations for their organisation in the locality of that grant only.
bool runs_organisation_in(const RoleGrant& g, std::int64_t locality_id) {
  return g.role == accounts::role::organisation_admin && g.organisation_id && *g.organisation_id != 0 &&
         g.locality_id == locality_id;
}

}  // namespace

bool can_create(const Actor* actor, std::int64_t locality_id) {
  if (accounts::can(actor, Action::respond_as_council, {.locality_id = locality_id})) return true;
  if (!actor) return false;
  return std::any_of(actor->grants.begin(), actor->grants.end(),
                     [&](const RoleGrant& g) { return runs_organisation_in(g, locality_id); });
}

bool can_manage(const Actor* actor, const Consultation& c) {
  if (accounts::can(actor, Action::respond_as_council, {.locality_id = c.locality_id})) return true;
  return c.organisation_id != 0 &&
         accounts::can(actor, Action::edit_organisation,
                       {.locality_id = c.locality_id, .organisation_id = c.organisation_id});
}

bool can_view(const Actor* actor, const Consultation& c) {
  return c.status == "published" || can_manage(actor, c);
}

std::int64_t create_consultation(store::Db& db, const Command& cmd, std::int64_t locality_id,
                                 const ConsultationDraft& draft) {
  if (!can_create(cmd.actor, locality_id)) refuse("You cannot run consultations in this area.");
  Consultation c;
  apply_draft(draft, c);
  c.locality_id = locality_id;
  if (!accounts::can(cmd.actor, Action::respond_as_council, {.locality_id = locality_id}))
    for (const auto& g : cmd.actor->grants)
      if (runs_organisation_in(g, locality_id)) c.organisation_id = *g.organisation_id;
  c.created_by = cmd.actor->user_id;
  c.created_at = c.updated_at = cmd.now;
  return store::in_write(db, [&](store::Tx& tx) {
    check_wards(tx, c);
    c.id = insert_consultation(tx, c);
    audit_it(tx, cmd, "consultation.create", c, "", c.title);
    return c.id;
  });
}

void edit_consultation(store::Db& db, const Command& cmd, std::int64_t id, const ConsultationDraft& draft) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    auto before = c.title + ", open " + iso_date(c.starts_at) + " to " + iso_date(last_day(c));
    apply_draft(draft, c);
    check_wards(tx, c);
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    reindex(tx, c, cmd.now);
    audit_it(tx, cmd, "consultation.edit", c, before,
             c.title + ", open " + iso_date(c.starts_at) + " to " + iso_date(last_day(c)));
  });
}

std::string save_question(store::Db& db, const Command& cmd, std::int64_t id, Question q) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto c = draft_only(tx, cmd, id);
    auto position = c.survey.size();
    if (q.id.empty()) {
      if (c.survey.size() >= kMaxQuestions)
        throw FormInvalid("title", "A survey can have at most 50 questions");
      q.id = next_question_id(c.survey);
    } else {
      auto n = question_number(c.survey, q.id);
      if (n == 0) refuse("There is no such question.", 404);
      position = static_cast<std::size_t>(n - 1);
    }
    if (auto errors = check_question(c.survey, position, q); !errors.empty())
      throw FormInvalid(std::move(errors));
    if (position == c.survey.size())
      c.survey.push_back(q);
    else
      c.survey[position] = q;
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    audit_it(tx, cmd, "consultation.question.save", c, "", q.id + ": " + q.title.substr(0, 200));
    return q.id;
  });
}

void remove_question(store::Db& db, const Command& cmd, std::int64_t id, const std::string& question_id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = draft_only(tx, cmd, id);
    c.survey = consultations::remove_question(c.survey, question_id);
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    audit_it(tx, cmd, "consultation.question.remove", c, question_id, "");
  });
}

void move_question(store::Db& db, const Command& cmd, std::int64_t id, const std::string& question_id,
                   int delta) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = draft_only(tx, cmd, id);
    c.survey = consultations::move_question(c.survey, question_id, delta);
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    audit_it(tx, cmd, "consultation.question.move", c, question_id, delta < 0 ? "up" : "down");
  });
}

std::int64_t add_document(store::Db& db, const Command& cmd, std::int64_t id, const std::string& title,
                          const std::string& filename, const std::string& bytes) {
  std::vector<web::FieldError> errors;
  if (title.find_first_not_of(" \t") == std::string::npos)
    errors.push_back({"title", "Enter the document's title"});
  else if (title.size() > 200)
    errors.push_back({"title", "The title must be 200 characters or fewer"});
  if (bytes.empty())
    errors.push_back({"document", "Choose a PDF file to upload"});
  else if (bytes.size() > kMaxDocumentBytes)
    errors.push_back({"document", "The file must be 10 MB or smaller"});
  else if (!bytes.starts_with("%PDF-"))
    errors.push_back({"document", "The file must be a PDF"});
  if (!errors.empty()) throw FormInvalid(std::move(errors));
  return store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    auto doc_id = insert_document(tx, {0, id, title, safe_filename(filename),
                                       static_cast<std::int64_t>(bytes.size()), base64(bytes), cmd.now});
    audit_it(tx, cmd, "consultation.document.add", c, "",
             title + " (" + std::to_string(bytes.size()) + " bytes)");
    return doc_id;
  });
}

void remove_document(store::Db& db, const Command& cmd, std::int64_t id, std::int64_t document_id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    if (!delete_document(tx, id, document_id)) refuse("There is no such document.", 404);
    audit_it(tx, cmd, "consultation.document.remove", c, std::to_string(document_id), "");
  });
}

void publish(store::Db& db, const Command& cmd, std::int64_t id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    if (c.status != "draft") refuse("Only a draft can be published.", 409);
    if (auto errors = check_survey(c.survey); !errors.empty()) throw FormInvalid(std::move(errors));
    if (c.ends_at <= cmd.now)
      throw FormInvalid("ends", "The last day for responses has passed: change the dates before publishing");
    c.status = "published";
    c.published_at = cmd.now;
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    reindex(tx, c, cmd.now);
    audit_it(tx, cmd, "consultation.publish", c, "draft", "published");
  });
}

void close_now(store::Db& db, const Command& cmd, std::int64_t id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    if (phase(c, cmd.now) != Phase::open) refuse("Only an open consultation can be closed.", 409);
    auto before = iso_date(last_day(c));
    c.ends_at = std::max(cmd.now, c.starts_at + 1);
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    reindex(tx, c, cmd.now);
    audit_it(tx, cmd, "consultation.close", c, "closing " + before, "closed " + iso_date(cmd.now));
  });
}

void withdraw(store::Db& db, const Command& cmd, std::int64_t id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    if (c.status == "withdrawn") refuse("It has already been withdrawn.", 409);
    auto before = c.status;
    c.status = "withdrawn";
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    reindex(tx, c, cmd.now);
    audit_it(tx, cmd, "consultation.withdraw", c, before, "withdrawn");
  });
}

void save_outcome(store::Db& db, const Command& cmd, std::int64_t id, const std::string& text,
                  bool publish_it) {
  auto length = std::count_if(text.begin(), text.end(), [](char ch) { return (ch & 0xC0) != 0x80; });
  if (static_cast<std::size_t>(length) > kMaxOutcome)
    throw FormInvalid("outcome", "\"You said, we did\" must be 20,000 characters or fewer");
  if (publish_it && text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw FormInvalid("outcome", "Write what you heard and what the council will do before publishing");
  store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    if (publish_it && phase(c, cmd.now) != Phase::closed)
      refuse("\"You said, we did\" can be published once the consultation has closed.", 409);
    bool first_time = publish_it && !c.outcome_published_at;
    c.outcome = text;
    if (publish_it) c.outcome_published_at = cmd.now;
    c.updated_at = cmd.now;
    update_consultation(tx, c);
    if (c.status == "published") reindex(tx, c, cmd.now);
    if (first_time) mail_outcome(tx, cmd, c);
    audit_it(tx, cmd, publish_it ? "consultation.outcome.publish" : "consultation.outcome.save", c, "",
             html::markdown_to_text(text, 200));
  });
}

void prepare_outcome(store::Db& db, const Command& cmd, std::int64_t id, const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw FormInvalid("outcome", "Write what you heard and what the council will do before publishing");
  save_outcome(db, cmd, id, text, false);
  auto c = store::in_read(db, [&](store::Tx& tx) { return managed(tx, cmd, id); });
  if (phase(c, cmd.now) != Phase::closed)
    refuse("\"You said, we did\" can be published once the consultation has closed.", 409);
}

std::int64_t outcome_recipients(store::Tx& tx, const Consultation& c) {
  return c.outcome_published_at ? 0 : static_cast<std::int64_t>(update_subscribers(tx, c.id).size());
}

namespace {

// Where the email address is needed, and checked: always when the response waits for confirmation.
void check_email(const ResponseForm& form, bool confirming, ResponseRow& r,
                 std::vector<web::FieldError>& errors) {
  if (confirming && !looks_like_email(r.email))
    errors.push_back({"email",
                      "Enter your email address, like name@example.com: we send you a link to confirm your "
                      "response"});
  else if ((form.send_copy || form.wants_updates) && !looks_like_email(r.email))
    errors.push_back({"email", "Enter your email address, like name@example.com, to get a copy or updates"});
  if (!confirming && !form.send_copy && !form.wants_updates) r.email.clear();  // not kept when not needed
}

}  // namespace

std::int64_t respond(store::Db& db, const Command& cmd, std::int64_t id, const ResponseForm& form,
                     bool submit) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto c = find_consultation(tx, id);
    if (!c || c->status != "published") refuse("There is no consultation with that number.", 404);
    if (phase(*c, cmd.now) != Phase::open) refuse("This consultation is not open for responses.", 409);
    if ((c->responders == Responders::signed_in || !submit) && !cmd.actor)
      refuse(submit ? "Sign in to respond to this consultation."
                    : "Sign in to save your answers and come back later.");
    const bool confirming = !cmd.actor && c->responders == Responders::email_confirmed;
    auto checked = check_response(c->survey, form.answers, submit);
    ResponseRow r{.consultation_id = id,
                  .user_id = cmd.actor ? std::optional(cmd.actor->user_id) : std::nullopt,
                  .status = submit ? "submitted" : "draft",
                  .answers = checked.answers,
                  .wants_updates = form.wants_updates,
                  .created_at = cmd.now,
                  .updated_at = cmd.now,
                  .submitted_at = submit ? std::optional(cmd.now) : std::nullopt};
    if (!cmd.actor) {
      r.network = form.network;
      if (!form.suspect_reason.empty()) r.suspect_reason = form.suspect_reason;
    }
    auto errors = checked.errors;
    check_points(tx, *c, checked.answers, errors);
    try {
      place_response(tx, form.postcode, r);
    } catch (const FormInvalid& e) {
      errors.insert(errors.end(), e.errors.begin(), e.errors.end());
    }
    r.email = form.email.empty() && cmd.actor ? cmd.actor->email : form.email;
    check_email(form, confirming, r, errors);
    if (!errors.empty()) throw FormInvalid(std::move(errors));
    std::string token;
    if (confirming) {
      token = accounts::random_token();
      r.confirm_hash = accounts::token_hash(token);
      r.wants_copy = form.send_copy;
    }
    auto saved = save_response(tx, r);
    if (!saved) refuse("You have already responded to this consultation. Thank you.", 409);
    if (confirming)
      mail_confirmation(tx, cmd, *c, r.email, token);
    else if (submit && form.send_copy && cmd.actor && same_address(r.email, cmd.actor->email))
      mail_copy(tx, cmd, *c, r.answers, r.email);
    else if (submit && form.send_copy)
      mail_receipt(tx, cmd, *c, r.email);
    return *saved;
  });
}

std::int64_t confirm_response(store::Db& db, const Command& cmd, const std::string& token) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto r = confirm_response_row(tx, accounts::token_hash(token));
    if (!r)
      refuse("This link is not valid or has already been used. Check that you copied the whole link.", 404);
    auto c = find_consultation(tx, r->consultation_id);
    if (!c) refuse("This consultation no longer exists.", 404);
    // The address is now shown to be the respondent's, so the copy may carry their answers.
    if (r->wants_copy) mail_copy(tx, cmd, *c, r->answers, r->email);
    return c->id;
  });
}

void note_burst(store::Db& db, const Command& cmd, std::int64_t id) {
  store::in_write(db, [&](store::Tx& tx) {
    auto c = find_consultation(tx, id);
    if (!c) return;
    mark_burst(tx, id, cmd.now);
    audit_it(tx, cmd, "consultation.burst", *c, "", "responses arrived far faster than before");
  });
}

std::int64_t count_suspects(store::Db& db, const Command& cmd, std::int64_t id) {
  return store::in_write(db, [&](store::Tx& tx) {
    auto c = managed(tx, cmd, id);
    auto n = release_suspects(tx, id);
    audit_it(tx, cmd, "consultation.suspects.count", c, "held", std::to_string(n) + " counted");
    return n;
  });
}

int reindex_closed(store::Db& db, Micros now) {
  auto ids = store::in_read(db, [&](store::Tx& tx) { return closed_but_not_reindexed(tx, now); });
  for (auto id : ids)
    store::in_write(db, [&](store::Tx& tx) {
      if (auto c = find_consultation(tx, id)) reindex(tx, *c, now);
    });
  return static_cast<int>(ids.size());
}

}  // namespace cw::consultations
