#include "modules/consultations/demo.h"

#include "modules/consultations/formats.h"
#include "modules/consultations/service.h"
#include "modules/places/lookup.h"
#include "modules/places/overview.h"

namespace cw::consultations {

namespace {

Question choice(std::string id, QuestionType type, std::string title, std::vector<std::string> options,
                bool required = true, std::optional<Condition> condition = std::nullopt) {
  Question q;
  q.id = std::move(id);
  q.type = type;
  q.title = std::move(title);
  q.options = std::move(options);
  q.required = required;
  q.condition = std::move(condition);
  return q;
}

Question text(std::string id, QuestionType type, std::string title, std::string hint = {}) {
  Question q;
  q.id = std::move(id);
  q.type = type;
  q.title = std::move(title);
  q.hint = std::move(hint);
  return q;
}

Consultation high_street(std::int64_t locality, Micros now) {
  Consultation c;
  c.locality_id = locality;
  c.title = "A safer, greener Sutton High Street";
  c.summary =
      "We want to hear how you use the High Street and what would make it safer and greener: new crossings, "
      "trees and seating, and changes to loading times.";
  c.body =
      "## Why we are asking\n\nSutton High Street is busy with people on foot, on bikes and on buses. "
      "Residents and traders have asked for safer crossings and more greenery.\n\n"
      "## What we propose\n\n* two new zebra crossings near the station\n* twelve new street trees and "
      "benches\n* deliveries before 10am and after 4pm only\n\nNothing has been decided yet.";
  c.contact = "Transport team, transport@sutton.example, 020 8770 5000";
  c.starts_at = now / kDay * kDay - 7 * kDay;
  c.ends_at = now / kDay * kDay + 49 * kDay;
  c.ward_codes = {"E05013765", "E05013766"};
  c.responders = Responders::anyone;  // as before the setting existed: the demo shows anonymous answers
  c.topics = {"transport", "environment"};
  Question safety = text("q3", QuestionType::scale, "How safe do you feel crossing the High Street?");
  safety.required = true;
  safety.min_label = "Very unsafe";
  safety.max_label = "Very safe";
  c.survey = {
      choice("q1", QuestionType::single_choice, "Do you visit Sutton High Street at least once a week?",
             {"Yes", "No"}),
      choice("q2", QuestionType::multiple_choice, "How do you usually get there?",
             {"On foot", "By bike", "By bus", "By train", "By car"}, false, Condition{"q1", "Yes"}),
      safety,
      choice("q4", QuestionType::ranking, "Put these proposals in order of importance to you",
             {"New crossings", "Street trees and benches", "Loading times"}, false),
      text("q5", QuestionType::map_point, "Where is a new crossing most needed?"),
      text("q6", QuestionType::long_text, "What one change would make the biggest difference?"),
  };
  return c;
}

Consultation libraries(std::int64_t locality, Micros now) {
  Consultation c;
  c.locality_id = locality;
  c.title = "Library opening hours";
  c.summary =
      "We asked when you would like Sutton's libraries to open, so the hours match when people can come.";
  c.body =
      "We asked residents which opening hours suit them best, and whether Sunday opening at the Central "
      "Library should continue.";
  c.contact = "Libraries team, libraries@sutton.example";
  c.responders = Responders::anyone;
  c.starts_at = now / kDay * kDay - 120 * kDay;
  c.ends_at = now / kDay * kDay - 60 * kDay;
  c.topics = {"culture"};
  c.survey = {
      choice("q1", QuestionType::single_choice, "Should the Central Library stay open on Sundays?",
             {"Yes", "No", "Not sure"}),
      choice("q2", QuestionType::multiple_choice, "When would you most like libraries to be open?",
             {"Early mornings", "Evenings", "Saturdays", "Sundays"}, false),
      text("q3", QuestionType::long_text, "Anything else you would like to tell us?"),
  };
  c.outcome =
      "## You said\n\nMost of the people who responded want Sunday opening to continue, and many asked "
      "for later evenings.\n\n## We did\n\n* Sunday opening at the Central Library continues\n"
      "* Wallington and Carshalton libraries open until 8pm on Thursdays from next month";
  c.outcome_published_at = c.ends_at + 30 * kDay;
  return c;
}

// Responses to the closed consultation, so its results and breakdowns have something to show.
void add_responses(store::Tx& tx, std::int64_t id, Micros at) {
  struct Sample {
    const char* postcode;
    const char* sunday;
    std::vector<std::string> when;
    const char* comment;
  };
  const std::vector<Sample> samples{
      {"SM1 2PT", "Yes", {"Sundays", "Evenings"}, "Sunday is the only day I can bring the children."},
      {"SM1 4HB", "Yes", {"Saturdays"}, ""},
      {"SM2 5TX", "No", {"Early mornings"}, "I would rather have earlier opening on weekdays."},
      {"SM3 8HH", "Yes", {"Evenings"}, ""},
      {"SM5 1DW", "Not sure", {"Saturdays", "Sundays"}, ""},
      {"SM5 3BN", "Yes", {"Evenings", "Sundays"}, "Later evenings please, after work."},
      {"SM6 0RD", "Yes", {"Sundays"}, ""},
      {"SM6 8RF", "No", {}, ""},
      {"KT4 8PG", "Yes", {"Evenings"}, "Worcester Park needs evening opening too."},
      {"", "Yes", {"Sundays"}, ""},
  };
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const auto& s = samples[i];
    ResponseRow r{.consultation_id = id, .status = "submitted", .postcode = s.postcode};
    r.answers["q1"] = {s.sunday};
    if (!s.when.empty()) r.answers["q2"] = s.when;
    if (*s.comment) r.answers["q3"] = {s.comment};
    if (*s.postcode)
      if (auto place = places::find_postcode(tx, s.postcode)) {
        r.ward_code = place->ward_code;
        r.imd_decile = place->imd_decile;
      }
    r.created_at = r.updated_at = at + static_cast<Micros>(i) * 3'600'000'000LL;
    r.submitted_at = r.created_at;
    save_response(tx, r);
  }
}

}  // namespace

std::string load_demo_consultations(store::Db& db, const std::string& locality_code, Micros now) {
  return store::in_write(db, [&](store::Tx& tx) -> std::string {
    std::int64_t locality = 0;
    for (const auto& l : places::locality_refs(tx))
      if (l.code == locality_code) locality = l.id;
    if (locality == 0) return "No consultations loaded: the demo locality is missing";
    // Reloading replaces the demo's consultations (by title), so the demo can be loaded again.
    int loaded = 0;
    for (auto c : {high_street(locality, now), libraries(locality, now)}) {
      for (const auto& old : list_consultations(tx, {.locality_id = locality, .published_only = false}))
        if (old.title == c.title) {
          c.status = "withdrawn";
          c.id = old.id;
          reindex(tx, c, now);
          delete_consultation(tx, old.id);
        }
      c.status = "published";
      c.created_at = c.updated_at = now;
      c.published_at = c.starts_at;
      c.id = insert_consultation(tx, c);
      update_consultation(tx, c);  // the outcome and publication dates
      if (c.outcome_published_at) add_responses(tx, c.id, c.starts_at + kDay);
      reindex(tx, c, now);
      ++loaded;
    }
    return "Loaded " + std::to_string(loaded) + " consultations";
  });
}

}  // namespace cw::consultations
