#include "modules/petitions/notices.h"

#include <nlohmann/json.hpp>

#include "modules/mail/outbox.h"
#include "modules/search/index.h"

namespace cw::petitions {

void send_notice(store::Tx& tx, const html::Views& views, Micros now, const Notice& n) {
  if (n.to.empty()) return;
  mail::enqueue_mail(tx, render_notice(views, n), now);
}

mail::MailMessage render_notice(const html::Views& views, const Notice& n) {
  nlohmann::json data{{"subject", n.subject},
                      {"greeting", n.greeting.empty() ? nlohmann::json(false) : nlohmann::json(n.greeting)},
                      {"paragraphs", n.paragraphs},
                      {"footer", n.footer.empty() ? "commonweal e-petitions" : n.footer}};
  data["action"] = n.action_url.empty() ? nlohmann::json(false)
                                        : nlohmann::json{{"label", n.action_label}, {"url", n.action_url}};
  auto m = mail::render_mail(views, "mail/notice", data, n.to, n.kind);
  m.list_unsubscribe = n.list_unsubscribe;
  m.once_a_day = n.once_a_day;
  return m;
}

void index_petition(store::Tx& tx, const PetitionRow& p) {
  auto ref = std::to_string(p.id);
  if (!is_public(p.state)) {
    search::remove_document(tx, "petition", ref);
    return;
  }
  search::SearchDocument doc{
      .kind = "petition",
      .ref = ref,
      .locality_id = p.locality_id,
      .title = p.action,
      .summary = p.background,
      .body = p.details + (p.response_text.empty() ? "" : "\n" + p.response_text),
      .url = "/petitions/" + ref,
      .status = std::string(state_name(p.state)),
      .status_label = std::string(state_label(p.state)),
      .ward_codes = p.ward_code.empty() ? std::vector<std::string>{} : std::vector<std::string>{p.ward_code},
      .topics = p.topic.empty() ? std::vector<std::string>{} : std::vector<std::string>{p.topic},
      .published_at = p.opened_at.value_or(p.moderated_at.value_or(p.created_at)),
      .closes_at = p.state == State::open ? p.closes_at : std::nullopt};
  search::index_document(tx, doc);
}

}  // namespace cw::petitions
