// The background work of e-petitions (service.h): counts folded from the signature rows, thresholds,
// closing, and mail-outs to signers in batches.
#include <fmt/format.h>

#include "modules/accounts/secrets.h"
#include "modules/audit/audit.h"
#include "modules/petitions/notices.h"
#include "modules/petitions/pages.h"
#include "modules/petitions/service.h"
#include "store/statistics.h"

namespace cw::petitions {

namespace {

void tell_mailbox_threshold(store::Tx& tx, const html::Views& views, const std::string& base_url, Micros now,
                            const PetitionRow& p, const Settings& s, bool debate) {
  send_notice(tx, views, now,
              {.to = s.mailbox,
               .kind = debate ? "petition.debate_threshold" : "petition.response_threshold",
               .subject = debate ? "A petition has enough signatures for a debate"
                                 : "A petition has enough signatures for a response",
               .paragraphs = {fmt::format("\"{}\" has passed {} signatures.", p.action,
                                          with_commas(debate ? s.debate_threshold : s.response_threshold)),
                              debate ? "Under the petition scheme it must now be debated at a meeting of the "
                                       "full council."
                                     : "Under the petition scheme the council must now publish a response."},
               .action_label = "See the petition",
               .action_url = base_url + petition_href(p.id)});
}

struct MailoutText {
  std::string subject, paragraph;
};

MailoutText mailout_text(const std::string& kind, const PetitionRow& p) {
  if (kind == "response")
    return {"The council has responded to a petition you signed",
            "The council has published its response to the petition."};
  if (kind == "debate")
    return {"The council has debated a petition you signed",
            "The council debated the petition on " + p.debate_on + ". You can read what it decided."};
  if (kind == "closed")
    return {"A petition you signed has closed",
            fmt::format("The petition has closed with {} signatures.", with_commas(p.signature_count))};
  return {"News about a petition you supported", p.state == State::open
                                                     ? "The petition you supported has been published."
                                                     : "The petition you supported could not be published."};
}

}  // namespace

int tally(store::Db& db, const html::Views& views, const std::string& base_url, Micros since, Micros now) {
  // A petition taking off on a new site: fresh statistics replan every connection's statements.
  store::analyze_if_grown(db, "petition_signatures");
  auto ids = store::in_read(db, [&](store::Tx& tx) { return petitions_to_tally(tx, since); });
  int done = 0;
  for (auto id : ids) {
    store::in_write(db, [&](store::Tx& tx) {
      auto p = find_petition(tx, id);
      if (!p) return;
      auto rows = recount(tx, id);
      save_tallies(tx, id, rows, now);
      std::int64_t total = 0;
      for (const auto& r : rows) total += r.signatures;
      if (p->state != State::open && p->state != State::closed) return;
      auto s = load_settings(tx, p->locality_id);
      auto reached =
          thresholds_reached(total, s, p->response_reached_at.has_value(), p->debate_reached_at.has_value());
      for (bool debate : {false, true}) {
        // Only the tally that records the threshold tells anyone: one that read the petition before
        // another tally's commit would otherwise mail the council twice.
        if (!(debate ? reached.debate : reached.response) || !record_threshold(tx, id, debate, now)) continue;
        tell_mailbox_threshold(tx, views, base_url, now, *p, s, debate);
        audit::record_audit(tx,
                            {.actor_label = "system",
                             .action = debate ? "petition.threshold.debate" : "petition.threshold.response",
                             .object_type = "petition",
                             .object_id = std::to_string(id),
                             .locality_id = p->locality_id,
                             .after = with_commas(total) + " signatures"},
                            now);
      }
    });
    ++done;
  }
  return done;
}

int close_due(store::Db& db, const html::Views& views, const std::string& base_url, Micros now) {
  auto ids = store::in_read(db, [&](store::Tx& tx) { return due_to_close(tx, now); });
  int done = 0;
  for (auto id : ids) {
    store::in_write(db, [&](store::Tx& tx) {
      auto rows = recount(tx, id);
      save_tallies(tx, id, rows, now);
      if (!change_state(tx, id, {.from = State::open, .to = State::closed, .at = now})) return;
      auto p = find_petition(tx, id);
      index_petition(tx, *p);
      insert_mailout(tx, id, "closed", now);
      send_notice(tx, views, now,
                  {.to = p->creator_email,
                   .kind = "petition.closed",
                   .subject = "Your petition has closed",
                   .greeting = "Dear " + p->creator_name + ",",
                   .paragraphs = {"Your petition \"" + p->action + "\" has closed with " +
                                  with_commas(p->signature_count) + " signatures."},
                   .action_label = "See your petition",
                   .action_url = base_url + petition_href(id)});
      audit::record_audit(tx,
                          {.actor_label = "system",
                           .action = "petition.close",
                           .object_type = "petition",
                           .object_id = std::to_string(id),
                           .locality_id = p->locality_id,
                           .before = "open",
                           .after = "closed with " + with_commas(p->signature_count) + " signatures"},
                          now);
      ++done;
    });
  }
  return done;
}

std::int64_t erase_old_signers(store::Db& db, Micros now) {
  constexpr Micros kYear = 365LL * 86'400'000'000LL;
  return store::in_write(db, [&](store::Tx& tx) { return erase_signers(tx, now - kYear); });
}

int send_mailouts(store::Db& db, const html::Views& views, const std::string& base_url, Micros now,
                  int batch) {
  auto pending = store::in_read(db, [&](store::Tx& tx) { return pending_mailouts(tx); });
  int sent = 0;
  for (const auto& m : pending) {
    store::in_write(db, [&](store::Tx& tx) {
      auto p = find_petition(tx, m.petition_id);
      if (!p) {
        advance_mailout(tx, m.id, m.after_signature_id, now);
        return;
      }
      // The moderation news goes to the supporters only; the rest to every signer who asked for news.
      auto people = signers_to_tell(tx, p->id, m.after_signature_id, batch);
      auto text = mailout_text(m.kind, *p);
      std::int64_t last = m.after_signature_id;
      for (const auto& s : people) {
        last = s.id;
        if (m.kind == "moderated" && s.role != "sponsor") continue;
        auto token = accounts::random_token();
        add_news_token(tx, s.id, accounts::token_hash(token), now);
        auto stop = base_url + "/petitions/news/stop/" + token;
        send_notice(tx, views, now,
                    {.to = s.email,
                     .kind = "petition.news." + m.kind,
                     .subject = text.subject,
                     .greeting = "Dear " + s.name + ",",
                     .paragraphs = {"\"" + p->action + "\"", text.paragraph},
                     .action_label = "See the petition",
                     .action_url = base_url + petition_href(p->id),
                     .footer = "To stop emails about this petition: " + stop,
                     .list_unsubscribe = stop.starts_with("https://") ? stop : ""});
        ++sent;
      }
      bool finished = static_cast<int>(people.size()) < batch;
      advance_mailout(tx, m.id, last, finished ? std::optional(now) : std::nullopt);
    });
  }
  return sent;
}

}  // namespace cw::petitions
