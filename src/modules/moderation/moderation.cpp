#include "modules/moderation/moderation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "modules/accounts/people.h"
#include "modules/accounts/permissions.h"
#include "modules/accounts/store.h"
#include "modules/audit/audit.h"
#include "modules/mail/outbox.h"
#include "web/forms.h"

namespace cw::moderation {

std::optional<std::int64_t> content_number(const std::string& id) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (ec != std::errc() || end != id.data() + id.size() || id.empty()) return std::nullopt;
  return n;
}

using web::FormInvalid;

namespace {

std::mutex kinds_mutex;
std::map<std::string, ContentKind>& kinds() {
  static std::map<std::string, ContentKind> all;
  return all;
}

ContentKind kind_or_throw(const std::string& name) {
  auto k = find_content_kind(name);
  if (!k) throw FormInvalid("kind", "There is nothing of that kind to report", 404);
  return *k;
}

// What the author is told, in plain words.
std::string told_author(Decision d, const Reason* r, const std::string& label) {
  std::string why = r ? std::string(", as it was judged ") + r->label : "";
  switch (d) {
    case Decision::hide:
      return "A moderator has hidden your " + label + why + ".";
    case Decision::restore:
      return "A moderator has looked again and your " + label + " is shown again.";
    case Decision::warn_author:
      return "A moderator has warned you about your " + label + why + ".";
    case Decision::block_author:
      return "A moderator has hidden your " + label + why + " and blocked your account.";
    case Decision::dismiss:
      break;
  }
  return {};
}

}  // namespace

void register_content_kind(ContentKind kind) {
  std::lock_guard lock(kinds_mutex);
  kinds()[kind.name] = std::move(kind);
}

std::optional<ContentKind> find_content_kind(const std::string& name) {
  std::lock_guard lock(kinds_mutex);
  auto it = kinds().find(name);
  if (it == kinds().end()) return std::nullopt;
  return it->second;
}

const std::vector<Reason>& reasons() {
  static const std::vector<Reason> all{
      {"offensive", "offensive, abusive or hateful", true},
      {"personal_information", "sharing someone's personal information", true},
      {"advert", "advertising or spam", true},
      {"libellous", "possibly libellous or defamatory", false},
      {"off_topic", "not about this place or its services", true},
      {"duplicate", "a duplicate of something already here", true},
      {"other", "against the house rules in another way", false},
  };
  return all;
}

const Reason* find_reason(const std::string& code) {
  for (const auto& r : reasons())
    if (code == r.code) return &r;
  return nullptr;
}

std::optional<Decision> decision_from(const std::string& name) {
  for (auto d :
       {Decision::hide, Decision::restore, Decision::dismiss, Decision::warn_author, Decision::block_author})
    if (name == decision_name(d)) return d;
  return std::nullopt;
}

const char* decision_name(Decision d) {
  switch (d) {
    case Decision::hide:
      return "hide";
    case Decision::restore:
      return "restore";
    case Decision::dismiss:
      return "dismiss";
    case Decision::warn_author:
      return "warn";
    case Decision::block_author:
      return "block";
  }
  return "dismiss";
}

std::int64_t flag_content(store::Tx& tx, const std::string& kind, const std::string& id,
                          const std::string& reason, const std::string& note,
                          std::optional<std::int64_t> reporter, const std::string& ip, Micros now) {
  auto k = kind_or_throw(kind);
  auto content = k.describe(tx, id);
  // Hidden content is already off the site: there is nothing to report, and its existence is not told.
  if (!content || content->hidden)
    throw FormInvalid("reason", "There is nothing here to report: it may have been removed", 404);
  if (!find_reason(reason)) throw FormInvalid("reason", "Choose why you are reporting this");
  if (note.size() > 1000) throw FormInvalid("note", "Your note must be 1,000 characters or fewer");
  return tx
      .run(
          "INSERT INTO moderation_flags (content_kind, content_id, locality_id, reason, note, "
          "reporter_user_id, "
          "reporter_ip_prefix, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          kind, id, content->locality_id.value_or(0), reason, note, reporter, audit::ip_prefix(ip), now)
      .one()
      .integer(0);
}

void decide(store::Tx& tx, const Actor& moderator, const DecisionRequest& r, const html::Views& views,
            const std::string& base_url, const std::string& ip, Micros now) {
  auto k = kind_or_throw(r.kind);
  auto content = k.describe(tx, r.id);
  if (!content) throw FormInvalid("decision", "This content no longer exists", 404);
  if (!accounts::can(&moderator, accounts::Action::moderate_content, {.locality_id = content->locality_id}))
    throw FormInvalid("decision", "You cannot moderate content in this locality", 403);
  const Reason* reason = find_reason(r.reason);
  bool needs_reason = r.decision == Decision::hide || r.decision == Decision::warn_author ||
                      r.decision == Decision::block_author;
  if (needs_reason && !reason) throw FormInvalid("reason", "Choose the reason to give the author");
  if (r.note.size() > 1000) throw FormInvalid("note", "The note must be 1,000 characters or fewer");
  // A locality's moderator cannot lock out the people who run the site: blocking anyone who holds a
  // role is for platform admins.
  if (r.decision == Decision::block_author && content->author_user_id &&
      !accounts::can(&moderator, accounts::Action::manage_platform))
    for (const auto& g : accounts::user_grants(tx, *content->author_user_id))
      if (g.role != accounts::role::resident)
        throw FormInvalid(
            "decision",
            "The author holds a role on this site, so only a platform admin can block them. Hide "
            "the content instead, or ask a platform admin",
            403);

  // The author's address is read before a block, which makes the account no longer active.
  std::optional<accounts::Contact> author;
  if (content->author_user_id) author = accounts::contact_of(tx, *content->author_user_id);
  bool hide = r.decision == Decision::hide || r.decision == Decision::block_author;
  if (hide && !content->hidden) k.set_hidden(tx, r.id, true, now);
  if (r.decision == Decision::restore && content->hidden) k.set_hidden(tx, r.id, false, now);
  if (r.decision == Decision::block_author && content->author_user_id)
    accounts::set_blocked(tx, *content->author_user_id, true);
  tx.run(
      "UPDATE moderation_flags SET closed_at = $3 WHERE content_kind = $1 AND content_id = $2 AND closed_at "
      "IS NULL",
      r.kind, r.id, now);
  tx.run(
      "INSERT INTO moderation_decisions (content_kind, content_id, moderator_user_id, decision, reason, "
      "note, "
      "decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      r.kind, r.id, moderator.user_id, decision_name(r.decision), reason ? reason->code : "", r.note, now);
  if (author && r.decision != Decision::dismiss) {
    auto label = k.label;
    for (auto& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    nlohmann::json paragraphs = nlohmann::json::array({told_author(r.decision, reason, label)});
    if (!r.note.empty()) paragraphs.push_back("The moderator added: " + r.note);
    paragraphs.push_back(
        "If you think this is a mistake, reply to the council or the group that runs this site.");
    nlohmann::json data{{"subject", "A moderator has looked at your " + label},
                        {"greeting", "Hello " + author->display_name + ","},
                        {"paragraphs", paragraphs},
                        {"action", {{"label", "See it"}, {"url", base_url + content->url}}},
                        {"footer", "commonweal"}};
    mail::enqueue_mail(
        tx, mail::render_mail(views, "mail/notice", data, author->email, "moderation.decision"), now);
  }
  std::string after = hide                              ? "hidden"
                      : r.decision == Decision::restore ? "shown"
                      : content->hidden                 ? "hidden"
                                                        : "shown";
  if (reason) after += std::string(" (") + reason->code + ")";
  audit::record_audit(tx,
                      {.actor_user_id = moderator.user_id,
                       .actor_label = moderator.email,
                       .action = std::string("moderation.") + decision_name(r.decision),
                       .object_type = r.kind,
                       .object_id = r.id,
                       .locality_id = content->locality_id,
                       .ip = ip,
                       .before = content->hidden ? "hidden" : "shown",
                       .after = after},
                      now);
}

std::vector<QueueItem> open_queue(store::Tx& tx, const std::vector<std::int64_t>& localities,
                                  bool all_localities) {
  auto res = tx.run(
      "SELECT content_kind, content_id, locality_id, reason, note, created_at FROM moderation_flags "
      "WHERE closed_at IS NULL ORDER BY created_at, id");
  std::vector<QueueItem> out;
  std::map<std::pair<std::string, std::string>, std::size_t> at;
  std::vector<std::map<std::string, int>> reason_counts;
  for (const auto& row : res.rows) {
    auto locality = row.integer(2);
    if (!all_localities && std::find(localities.begin(), localities.end(), locality) == localities.end())
      continue;
    auto key = std::make_pair(row.text(0), row.text(1));
    auto found = at.find(key);
    if (found == at.end()) {
      auto k = find_content_kind(key.first);
      if (!k) continue;
      auto content = k->describe(tx, key.second);
      if (!content) continue;
      found = at.emplace(key, out.size()).first;
      out.push_back({key.first, k->label, key.second, *content, 0, {}, {}, row.integer(5)});
      reason_counts.emplace_back();
    }
    auto& item = out[found->second];
    ++item.reports;
    const Reason* reason = find_reason(row.text(3));
    ++reason_counts[found->second][reason ? reason->label : row.text(3)];
    if (!row.text(4).empty()) item.notes.insert(item.notes.begin(), row.text(4));
    if (item.notes.size() > 5) item.notes.pop_back();
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [label, n] : reason_counts[i]) sorted.emplace_back(-n, label);
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [n, label] : sorted) out[i].reasons.push_back(label + " (" + std::to_string(-n) + ")");
  }
  return out;
}

}  // namespace cw::moderation
