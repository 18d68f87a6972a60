#include "modules/budgeting/delivery.h"

#include <charconv>

#include "web/problems.h"

namespace cw::budgeting {

namespace {

struct StatusName {
  DeliveryStatus status;
  const char *slug, *label, *colour;
};
constexpr StatusName kStatuses[] = {{DeliveryStatus::not_started, "not_started", "Not started", "grey"},
                                    {DeliveryStatus::in_progress, "in_progress", "In progress", "blue"},
                                    {DeliveryStatus::done, "done", "Done", "green"},
                                    {DeliveryStatus::cancelled, "cancelled", "Cancelled", "red"}};

const StatusName& name_of(DeliveryStatus s) {
  for (const auto& n : kStatuses)
    if (n.status == s) return n;
  return kStatuses[0];
}

}  // namespace

const char* delivery_status_slug(DeliveryStatus s) {
  return name_of(s).slug;
}
const char* delivery_status_label(DeliveryStatus s) {
  return name_of(s).label;
}
const char* delivery_status_colour(DeliveryStatus s) {
  return name_of(s).colour;
}

std::optional<DeliveryStatus> delivery_status_from_slug(const std::string& slug) {
  for (const auto& n : kStatuses)
    if (slug == n.slug) return n.status;
  return std::nullopt;
}

DeliveryUpdate delivery_update_from(const DeliveryDraft& d) {
  web::Problems problems;
  DeliveryUpdate u;
  auto status = delivery_status_from_slug(d.status);
  if (!status) problems.add("status", "Choose where the project has got to");
  u.status = status.value_or(DeliveryStatus::not_started);
  int progress = -1;
  auto typed = d.progress;
  if (!typed.empty() && typed.back() == '%') typed.pop_back();
  auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), progress);
  if (typed.empty())
    progress = u.status == DeliveryStatus::done ? 100 : 0;
  else if (error != std::errc() || end != typed.data() + typed.size() || progress < 0 || progress > 100)
    problems.add("progress", "Enter how far along the project is as a whole number from 0 to 100");
  else if (u.status == DeliveryStatus::done && progress != 100)
    problems.add("progress", "A project that is done is 100% along: enter 100, or choose In progress");
  u.progress = progress;
  problems.need_text("note", d.note, "Enter what has happened, for residents to read", 2000);
  u.note = d.note;
  problems.refuse_if_any();
  return u;
}

}  // namespace cw::budgeting
