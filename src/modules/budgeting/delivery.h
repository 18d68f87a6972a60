// Delivering what was funded: each funded project's status (not started, in progress, done, cancelled),
// how far along it is, and the dated updates officers post, newest first, so residents can see what
// became of their votes. Plain values and the checks on an officer's update. Pure; safe from any thread.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"

namespace cw::budgeting {

enum class DeliveryStatus { not_started, in_progress, done, cancelled };
inline constexpr std::array<DeliveryStatus, 4> kDeliveryStatuses{
    DeliveryStatus::not_started, DeliveryStatus::in_progress, DeliveryStatus::done,
    DeliveryStatus::cancelled};
const char* delivery_status_slug(DeliveryStatus s);    // "in_progress": the form's and the table's value
const char* delivery_status_label(DeliveryStatus s);   // "In progress"
const char* delivery_status_colour(DeliveryStatus s);  // a GOV.UK tag colour
std::optional<DeliveryStatus> delivery_status_from_slug(const std::string& slug);

struct DeliveryUpdate {
  std::int64_t id = 0, project_id = 0;
  DeliveryStatus status = DeliveryStatus::not_started;
  int progress = 0;  // per cent
  std::string note;
  std::optional<std::int64_t> created_by;
  Micros created_at = 0;
};

struct DeliveryDraft {
  std::string status, progress, note;
};
// Throws web::FormInvalid with every problem (fields: status, progress, note): a status from the list, a
// whole number from 0 to 100 (100 when done), and a note of what happened (required; up to 2,000
// characters).
DeliveryUpdate delivery_update_from(const DeliveryDraft& d);

}  // namespace cw::budgeting
