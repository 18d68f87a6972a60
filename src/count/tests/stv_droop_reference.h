// Reads droop's JSON reference counts (ref/json/*.txt) into the few fields the STV tests compare:
// each action's tag and message, every candidate's vote as printed, non-transferable votes and quota.
#pragma once
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cw::count::testing {

inline const std::filesystem::path kStvData = std::filesystem::path(CW_SOURCE_DIR) / "tests/data/stv";
inline const std::filesystem::path kGlasgow = kStvData / "glasgow-2007";

struct DroopAction {
  std::string tag;  // begin, elect, defeat, transfer, tie, end, …
  std::string message;
  std::vector<std::string> votes;  // by candidate, 0-based
  std::string non_transferable;
  std::string quota;
};

struct DroopReference {
  std::vector<DroopAction> actions;
  std::vector<std::string> names;
};

inline DroopReference read_droop_reference(const std::filesystem::path& path) {
  std::ifstream in(path);
  const auto doc = nlohmann::json::parse(in);
  DroopReference ref;
  const std::string withdrawn_vote = doc["rule_name"] == "scotland" ? "0.00000" : "0.000000000";
  const size_t candidates = doc["cids"].size();
  for (size_t c = 1; c <= candidates; ++c) ref.names.push_back(doc["cdict"][std::to_string(c)]["name"]);
  for (const auto& item : doc["actions"]) {
    if (item["tag"] == "log" || item["tag"] == "round") continue;
    DroopAction action{.tag = item["tag"], .message = item["msg"]};
    if (item.contains("nt_votes")) action.non_transferable = item["nt_votes"];
    if (item.contains("quota")) action.quota = item["quota"];
    if (item.contains("cstate"))
      for (size_t c = 1; c <= candidates; ++c) {
        const auto& state = item["cstate"][std::to_string(c)];
        action.votes.push_back(state.contains("vote") ? state["vote"].get<std::string>() : withdrawn_vote);
      }
    ref.actions.push_back(std::move(action));
  }
  return ref;
}

// The names after "Elect…: " in droop's elect actions, in order.
inline std::vector<std::string> droop_winners(const DroopReference& ref) {
  std::vector<std::string> out;
  for (const auto& action : ref.actions)
    if (action.tag == "elect") out.push_back(action.message.substr(action.message.find(": ") + 2));
  return out;
}

// droop's small example elections that have both Scottish and Meek reference counts.
inline const auto kDroopExamples =
    ::testing::Values("42", "42t", "42u", "513", "M135", "SC", "SC-Vm-12", "SCw", "SCwopt");

// A GoogleTest parameter name for an example file ("SC-Vm-12" → "exSC_Vm_12").
inline std::string example_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = "ex" + info.param;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

}  // namespace cw::count::testing
