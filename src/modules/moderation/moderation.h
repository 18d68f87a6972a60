// Moderation, the reusable piece every module with user-written public text attaches to: readers flag
// content with a reason; moderators see a queue and decide (hide, restore, dismiss the reports, warn or
// block the author); each decision is recorded and audited, and the author is told why. A module
// attaches by registering a ContentKind that says how to describe and hide its content.
// Public header. Registry calls are thread-safe; the rest run in the caller's transaction.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/actor.h"
#include "common/clock.h"
#include "store/db.h"

namespace cw::html {
class Views;
}

namespace cw::moderation {

// What the queue shows of a piece of content, read through its module.
struct ContentInfo {
  std::string title;  // "Petition: Save the library"
  std::string text;   // what was written, as written (escaped when shown)
  std::optional<std::int64_t> author_user_id;
  std::optional<std::int64_t> locality_id;
  std::string url;  // where it is shown, for the moderator to see it in place
  bool hidden = false;
};

struct ContentKind {
  std::string name;   // "petition", "profile_name": the first part of its flags' key
  std::string label;  // "Petition"
  std::function<std::optional<ContentInfo>(store::Tx&, const std::string& id)> describe;
  // Hides or shows the content by its own module's rules at `now`; throws FormInvalid when those rules
  // forbid it (a rejected petition cannot be shown again from the queue).
  std::function<void(store::Tx&, const std::string& id, bool hidden, Micros now)> set_hidden;
};

// A content id that is a row number ("42"), as most kinds use; nullopt for anything else ("42x", "").
std::optional<std::int64_t> content_number(const std::string& id);

// Replaces any kind of the same name. Modules call it when their manifest is built.
void register_content_kind(ContentKind kind);
std::optional<ContentKind> find_content_kind(const std::string& name);

// The standard reasons, for reports and for decisions. `public_reason` ones may be shown beside hidden
// content; the others are told only to the author.
struct Reason {
  const char* code;
  const char* label;
  bool public_reason;
};
const std::vector<Reason>& reasons();
const Reason* find_reason(const std::string& code);

// A reader's report. Throws web::FormInvalid when the content does not exist or the reason is unknown.
std::int64_t flag_content(store::Tx& tx, const std::string& kind, const std::string& id,
                          const std::string& reason, const std::string& note,
                          std::optional<std::int64_t> reporter, const std::string& ip, Micros now);

enum class Decision { hide, restore, dismiss, warn_author, block_author };
std::optional<Decision> decision_from(const std::string& name);
const char* decision_name(Decision d);

struct DecisionRequest {
  std::string kind, id;
  Decision decision = Decision::dismiss;
  std::string reason;  // a Reason code; required for hide, warn and block
  std::string note;    // for the record and the author
};

// Applies a decision: hides or restores through the content's module, closes the open reports, blocks
// the author when asked, records the decision, writes the audit log and mails the author with the reason.
// Throws web::FormInvalid (403) unless `moderator` may moderate in the content's locality.
void decide(store::Tx& tx, const Actor& moderator, const DecisionRequest& request, const html::Views& views,
            const std::string& base_url, const std::string& ip, Micros now);

struct QueueItem {
  std::string kind, kind_label, id;
  ContentInfo content;
  int reports = 0;
  std::vector<std::string> reasons;  // labels, most reported first
  std::vector<std::string> notes;    // readers' notes, newest first (at most 5)
  Micros first_reported = 0;
};
// Content with open reports in the localities given (all when empty), oldest first.
std::vector<QueueItem> open_queue(store::Tx& tx, const std::vector<std::int64_t>& localities,
                                  bool all_localities);

}  // namespace cw::moderation
