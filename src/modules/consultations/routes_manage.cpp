// Officers' pages for running a consultation: start one and change its details, the list including
// drafts, documents (PDF uploads), publishing, closing early, withdrawing and "You said, we did".
// Every command goes through the service, which checks permission and audits it.
#include <nlohmann/json.hpp>

#include "html/markdown.h"
#include "modules/consultations/formats.h"
#include "modules/consultations/pages.h"
#include "modules/search/topics.h"
#include "web/multipart.h"

namespace cw::consultations {

namespace {

using nlohmann::json;
using web::Context;
using web::FormInvalid;
using web::FormView;
using web::HttpError;
using web::Request;
using web::Response;

json date_input(const FormView& form, const web::Params& submitted, const std::string& name,
                const std::string& legend, const std::string& hint, const DateParts& value) {
  auto error = form.error_for(name);
  bool posted = !submitted.items().empty();
  return {{"id", name},
          {"name", name},
          {"legend", legend},
          {"hint", hint},
          {"error", error.empty() ? json(false) : json(error)},
          {"day", posted ? submitted.get_or(name + "-day", "") : value.day},
          {"month", posted ? submitted.get_or(name + "-month", "") : value.month},
          {"year", posted ? submitted.get_or(name + "-year", "") : value.year}};
}

Response details_form(const Context& ctx, const places::LocalityRef& locality,
                      const std::vector<places::WardRef>& wards, const ConsultationDraft& d,
                      const web::Params& submitted, const std::vector<web::FieldError>& errors,
                      const std::string& action, const std::string& heading, int status) {
  FormView form(submitted, errors);
  std::vector<FormView::Choice> ward_choices, topic_choices;
  for (const auto& w : wards) ward_choices.push_back({w.code, w.name, ""});
  for (const auto& t : search::kTopics)
    topic_choices.push_back({std::string(t.slug), std::string(t.label), ""});
  json fields{
      {"title", form.field("title", "Title", d.title, {.hint = "What it is about, in a few words"})},
      {"summary",
       form.textarea("summary", "Summary", d.summary, "One or two plain sentences, shown in lists", 3)},
      {"body", form.textarea("body", "What you are asking and why (optional)", d.body,
                             "Background, the options and what happens next. You can use Markdown: ## for a "
                             "heading, * for a list, [text](https://…) for a link.",
                             10)},
      {"contact",
       form.field("contact", "Who to contact with questions (optional)", d.contact,
                  {.hint = "For example: Transport team, transport@sutton.gov.uk, 020 8770 5000"})},
      {"starts", date_input(form, submitted, "starts", "Opens on", "For example, 3 4 2027",
                            {d.start_day, d.start_month, d.start_year})},
      {"ends",
       date_input(form, submitted, "ends", "Last day for responses",
                  "It closes at midnight at the end of this day", {d.end_day, d.end_month, d.end_year})},
      {"wards", form.choices("wards", "Which wards it concerns", ward_choices, d.ward_codes, true,
                             "Leave them all unticked if it concerns the whole of " + locality.name)},
      {"topics", form.choices("topics", "Topics", topic_choices, d.topics, true,
                              "People following these topics hear about it")},
      {"sign_in",
       form.choices("responders", "Who can respond",
                    {{"signed_in", "Only people who sign in",
                      "One response each. The surest count: each account has a confirmed email address."},
                     {"email_confirmed", "Anyone, confirmed by email",
                      "People who do not sign in give their email address and follow a link we send them. "
                      "Only confirmed responses count."},
                     {"anyone", "Anyone, signed in or not",
                      "Easiest to answer, but one person can respond many times. Responses arriving in "
                      "numbers from one network are held for you to check."}},
                    {d.responders}, false)}};
  return ctx.page("consultations/form",
                  {.title = heading,
                   .breadcrumbs = {{"Home", "/"}, {"Consultations", "/consultations"}},
                   .has_errors = form.has_errors(),
                   .nav_current = "/consultations"},
                  {{"heading", heading},
                   {"caption", locality.name},
                   {"action", action},
                   {"fields", fields},
                   {"errors", form.summary()}},
                  status);
}

ConsultationDraft draft_from(const web::Params& f) {
  auto cut = [&](const char* name, std::size_t max) { return f.get_or(name, "").substr(0, max); };
  return {cut("title", 1000),   cut("summary", 3000),   cut("body", 100'000),       cut("contact", 3000),
          cut("starts-day", 4), cut("starts-month", 4), cut("starts-year", 6),      cut("ends-day", 4),
          cut("ends-month", 4), cut("ends-year", 6),    f.get_or("responders", ""), f.all("wards"),
          f.all("topics")};
}

Response new_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto [l, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, places::ward_refs(tx, l.id));
  });
  if (!can_create(ctx.actor, l.id))
    throw HttpError(403, "forbidden", "You cannot run consultations in this area.");
  auto now = ctx.clock.now();
  auto s = date_parts(now), e = date_parts(now + 42 * kDay);
  ConsultationDraft d{.start_day = s.day,
                      .start_month = s.month,
                      .start_year = s.year,
                      .end_day = e.day,
                      .end_month = e.month,
                      .end_year = e.year};
  return details_form(ctx, l, wards, d, {}, {}, "/consultations/new?locality=" + l.code,
                      "Start a consultation", 200);
}

Response new_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto form = req.form();
  auto [l, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::pair(l, places::ward_refs(tx, l.id));
  });
  auto d = draft_from(form);
  try {
    auto id = create_consultation(ctx.db, command(ctx), l.id, d);
    return Response::redirect(consultation_href(id) + "/survey");
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return details_form(ctx, l, wards, d, form, e.errors, "/consultations/new?locality=" + l.code,
                        "Start a consultation", 422);
  }
}

Response edit_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto [c, l, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = managed_by(tx, ctx, id);
    return std::tuple(c, locality_by_id(tx, c.locality_id), places::ward_refs(tx, c.locality_id));
  });
  return details_form(ctx, l, wards, draft_of(c), {}, {}, consultation_href(id) + "/edit",
                      "Change " + c.title, 200);
}

Response edit_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto form = req.form();
  auto [c, l, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = managed_by(tx, ctx, id);
    return std::tuple(c, locality_by_id(tx, c.locality_id), places::ward_refs(tx, c.locality_id));
  });
  auto d = draft_from(form);
  try {
    edit_consultation(ctx.db, command(ctx), id, d);
    return Response::redirect(consultation_href(id));
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    return details_form(ctx, l, wards, d, form, e.errors, consultation_href(id) + "/edit",
                        "Change " + c.title, 422);
  }
}

Response manage_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto now = ctx.clock.now();
  auto [l, items, wards] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto l = request_locality(tx, req);
    return std::tuple(l, list_consultations(tx, {.locality_id = l.id, .published_only = false}),
                      places::ward_refs(tx, l.id));
  });
  if (!can_create(ctx.actor, l.id))
    throw HttpError(403, "forbidden", "You cannot run consultations in this area.");
  json rows = json::array();
  for (const auto& c : items)
    if (can_manage(ctx.actor, c)) rows.push_back(list_item(c, now, wards));
  return ctx.page("consultations/manage",
                  {.title = "Manage consultations",
                   .breadcrumbs = {{"Home", "/"}, {"Consultations", "/consultations"}},
                   .nav_current = "/consultations"},
                  {{"items", rows}, {"locality", {{"code", l.code}, {"name", l.name}}}});
}

// Runs a one-button command and goes back to the consultation's page; refusals become error pages.
template <typename F>
Response act(const Request& req, Context& ctx, F&& f) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  try {
    f(id);
  } catch (const FormInvalid& e) {
    if (e.status == 422) throw HttpError(409, "conflict", e.what());
    refused(e);
  }
  return Response::redirect(consultation_href(id));
}

Response publish_submit(const Request& req, Context& ctx) {
  return act(req, ctx, [&](std::int64_t id) { publish(ctx.db, command(ctx), id); });
}
Response close_submit(const Request& req, Context& ctx) {
  return act(req, ctx, [&](std::int64_t id) { close_now(ctx.db, command(ctx), id); });
}
Response withdraw_submit(const Request& req, Context& ctx) {
  return act(req, ctx, [&](std::int64_t id) { withdraw(ctx.db, command(ctx), id); });
}

Response confirm_page(const Request& req, Context& ctx, const std::string& step) {
  if (!ctx.actor) return sign_in(req);
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return managed_by(tx, ctx, path_id(req)); });
  bool closing = step == "close";
  auto heading = closing ? "Close this consultation now?" : "Withdraw this consultation?";
  json paragraphs = closing
                        ? json::array({"It will stop taking responses straight away, before its last day (" +
                                           long_date(last_day(c)) + ").",
                                       "The responses already given are kept, and you can then publish \"You "
                                       "said, we did\"."})
                        : json::array({"It will no longer be shown to anyone but the people running it, and "
                                       "it will be taken out of site search.",
                                       "The responses already given are kept."});
  return ctx.page("consultations/confirm",
                  {.title = heading, .breadcrumbs = crumbs(c), .nav_current = "/consultations"},
                  {{"caption", c.title},
                   {"heading", heading},
                   {"paragraphs", paragraphs},
                   {"action", consultation_href(c.id) + "/" + step},
                   {"button", closing ? "Close it now" : "Withdraw it"},
                   {"back_href", consultation_href(c.id)}});
}

Response close_page(const Request& req, Context& ctx) {
  return confirm_page(req, ctx, "close");
}
Response withdraw_page(const Request& req, Context& ctx) {
  return confirm_page(req, ctx, "withdraw");
}

Response documents_form(const Context& ctx, const Consultation& c, const std::vector<Document>& docs,
                        const web::Params& submitted, const std::vector<web::FieldError>& errors,
                        int status) {
  FormView form(submitted, errors);
  json items = json::array();
  for (const auto& d : docs)
    items.push_back(
        {{"title", d.title},
         {"id", d.id},
         {"href", consultation_href(c.id) + "/documents/" + std::to_string(d.id)},
         {"remove_href", consultation_href(c.id) + "/documents/" + std::to_string(d.id) + "/remove"}});
  auto doc_error = form.error_for("document");
  return ctx.page("consultations/documents",
                  {.title = "Documents for " + c.title,
                   .breadcrumbs = crumbs(c),
                   .has_errors = form.has_errors(),
                   .nav_current = "/consultations"},
                  {{"title", c.title},
                   {"id", c.id},
                   {"items", items},
                   {"has_items", !docs.empty()},
                   {"doc_title", form.field("title", "Title of the document", "",
                                            {.hint = "For example \"Draft parking plan\""})},
                   {"document_error", doc_error.empty() ? json(false) : json(doc_error)},
                   {"errors", form.summary()}},
                  status);
}

Response documents_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto [c, docs] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = managed_by(tx, ctx, id);
    return std::pair(c, list_documents(tx, id));
  });
  return documents_form(ctx, c, docs, {}, {}, 200);
}

Response documents_upload(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto upload = web::multipart_form(req, {.max_file = kMaxDocumentBytes});
  const auto* file = upload.file("document");
  try {
    add_document(ctx.db, command(ctx), id, upload.fields.get_or("title", "").substr(0, 1000),
                 file ? file->filename : "", file ? file->bytes : "");
    return Response::redirect(consultation_href(id) + "/documents");
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    auto [c, docs] = store::in_read(ctx.db, [&](store::Tx& tx) {
      auto c = managed_by(tx, ctx, id);
      return std::pair(c, list_documents(tx, id));
    });
    return documents_form(ctx, c, docs, upload.fields, e.errors, 422);
  }
}

Response document_remove(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  try {
    remove_document(ctx.db, command(ctx), id, path_id(req, "doc"));
  } catch (const FormInvalid& e) {
    refused(e);
  }
  return Response::redirect(consultation_href(id) + "/documents");
}

Response outcome_form(const Context& ctx, const Consultation& c, const web::Params& submitted,
                      const std::vector<web::FieldError>& errors, int status) {
  FormView form(submitted, errors);
  return ctx.page(
      "consultations/outcome_form",
      {.title = "You said, we did: " + c.title,
       .breadcrumbs = crumbs(c),
       .has_errors = form.has_errors(),
       .nav_current = "/consultations"},
      {{"title", c.title},
       {"id", c.id},
       {"published", c.outcome_published_at.has_value()},
       {"outcome",
        form.textarea("outcome", "What people said and what the council will do", c.outcome,
                      "Summarise what you heard, what you decided and why. You can use Markdown.", 14)},
       {"errors", form.summary()}},
      status);
}

Response outcome_edit_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return managed_by(tx, ctx, path_id(req)); });
  return outcome_form(ctx, c, {}, {}, 200);
}

Response outcome_edit_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  auto form = req.form();
  bool publish_it = form.get_or("action", "") == "publish";
  auto text = form.get_or("outcome", "").substr(0, 100'000);
  try {
    // Publishing mails people, so it goes through a preview and a confirmation first.
    if (publish_it) {
      prepare_outcome(ctx.db, command(ctx), id, text);
      return Response::redirect(consultation_href(id) + "/outcome/publish");
    }
    save_outcome(ctx.db, command(ctx), id, text, false);
    return Response::redirect(consultation_href(id) + "/outcome");
  } catch (const FormInvalid& e) {
    if (e.status != 422) refused(e);
    auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return managed_by(tx, ctx, id); });
    return outcome_form(ctx, c, form, e.errors, 422);
  }
}

// "Check before you publish": the outcome as it will appear, and how many people it will email.
Response outcome_publish_page(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto [c, recipients] = store::in_read(ctx.db, [&](store::Tx& tx) {
    auto c = managed_by(tx, ctx, path_id(req));
    return std::pair{c, outcome_recipients(tx, c)};
  });
  std::string mails = recipients == 0   ? ""
                      : recipients == 1 ? "1 person"
                                        : std::to_string(recipients) + " people";
  return ctx.page("consultations/outcome_publish",
                  {.title = "Check before you publish: " + c.title,
                   .breadcrumbs = crumbs(c),
                   .nav_current = "/consultations"},
                  {{"title", c.title},
                   {"id", c.id},
                   {"outcome_html", html::render_markdown(c.outcome)},
                   {"mails", mails.empty() ? json(false) : json(mails)},
                   {"republish", c.outcome_published_at.has_value()}});
}

Response outcome_publish_submit(const Request& req, Context& ctx) {
  if (!ctx.actor) return sign_in(req);
  auto id = path_id(req);
  try {
    auto c = store::in_read(ctx.db, [&](store::Tx& tx) { return managed_by(tx, ctx, id); });
    save_outcome(ctx.db, command(ctx), id, c.outcome, true);
  } catch (const FormInvalid& e) {
    refused(e);
  }
  return Response::redirect(consultation_href(id) + "/outcome?published=1");
}

}  // namespace

void register_manage_routes(web::Router& router) {
  router.get("/consultations/new", new_page);
  router.post("/consultations/new", new_submit);
  router.get("/consultations/manage", manage_page);
  router.get("/consultations/{id}/edit", edit_page);
  router.post("/consultations/{id}/edit", edit_submit);
  router.post("/consultations/{id}/publish", publish_submit);
  router.get("/consultations/{id}/close", close_page);
  router.post("/consultations/{id}/close", close_submit);
  router.get("/consultations/{id}/withdraw", withdraw_page);
  router.post("/consultations/{id}/withdraw", withdraw_submit);
  router.get("/consultations/{id}/documents", documents_page);
  router.post("/consultations/{id}/documents", documents_upload, {.max_body = kMaxDocumentBytes + 64 * 1024});
  router.post("/consultations/{id}/documents/{doc}/remove", document_remove);
  router.get("/consultations/{id}/outcome/edit", outcome_edit_page);
  router.post("/consultations/{id}/outcome/edit", outcome_edit_submit);
  router.get("/consultations/{id}/outcome/publish", outcome_publish_page);
  router.post("/consultations/{id}/outcome/publish", outcome_publish_submit);
}

}  // namespace cw::consultations
