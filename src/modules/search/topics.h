// The topics people follow and filter by, shared by every module that publishes things (petitions,
// consultations, later budgets and services) so one alert or one search filter covers them all.
// Public header; a fixed list, so it is plain constant data and thread-safe.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace cw::search {

struct Topic {
  std::string_view slug;   // stored and used in URLs: "transport"
  std::string_view label;  // shown: "Transport and streets"
};

inline constexpr std::array<Topic, 12> kTopics{{
    {"transport", "Transport and streets"},
    {"parks", "Parks and green spaces"},
    {"housing", "Housing"},
    {"health", "Health and social care"},
    {"education", "Education, children and young people"},
    {"safety", "Community safety"},
    {"environment", "Environment, waste and recycling"},
    {"culture", "Culture, leisure and libraries"},
    {"planning", "Planning and development"},
    {"democracy", "Council and democracy"},
    {"economy", "Business, jobs and money"},
    {"community", "Community groups and volunteering"},
}};

// The label of a known slug, or nullopt.
inline std::optional<std::string_view> topic_label(std::string_view slug) {
  for (const auto& t : kTopics)
    if (t.slug == slug) return t.label;
  return std::nullopt;
}

}  // namespace cw::search
