// Mail from e-petitions: every message is the shared "mail/notice" view (subject, greeting, paragraphs,
// one action link), rendered and put in the outbox in the caller's transaction; and the search index
// entry of a petition, kept in step with its state. Internal to the module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "modules/mail/outbox.h"
#include "modules/petitions/store.h"
#include "store/db.h"

namespace cw::html {
class Views;
}

namespace cw::petitions {

struct Notice {
  std::string to, kind, subject, greeting;
  std::vector<std::string> paragraphs;
  std::string action_label, action_url;  // both empty for no link
  std::string footer;                    // "" for the default
  std::string list_unsubscribe;          // for mail to signers who asked for news
  bool once_a_day = false;               // see mail::MailMessage
};
void send_notice(store::Tx& tx, const html::Views& views, Micros now, const Notice& n);
// The message rendered but not sent, so a command sharing a group commit can render it beforehand.
mail::MailMessage render_notice(const html::Views& views, const Notice& n);

// Puts a public petition into site search, or takes it out when it is not public.
void index_petition(store::Tx& tx, const PetitionRow& p);

}  // namespace cw::petitions
