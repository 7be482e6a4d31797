#include "room_moderators.hpp"

#include <charconv>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

using common::Cat;

// An integer, or a string holding one (e.g. "50"); nullopt otherwise.
std::optional<int64_t> LevelOf(const nlohmann::json& value) {
  if (value.is_number_integer()) {
    return value.get<int64_t>();
  }
  if (value.is_number_unsigned()) {
    return static_cast<int64_t>(value.get<uint64_t>() > INT64_MAX ? INT64_MAX
                                                                  : value.get<uint64_t>());
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    int64_t out = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (!text.empty() && *begin == '+') {
      ++begin;
    }
    auto [ptr, ec] = std::from_chars(begin, end, out);
    if (ec == std::errc() && ptr == end && begin != end) {
      return out;
    }
  }
  return std::nullopt;
}

absl::StatusOr<int64_t> LevelField(const nlohmann::json& content, const char* key,
                                   int64_t fallback) {
  auto it = content.find(key);
  if (it == content.end()) {
    return fallback;
  }
  std::optional<int64_t> level = LevelOf(*it);
  if (!level.has_value()) {
    return absl::InvalidArgumentError(Cat("m.room.power_levels: ", key, " is not an integer"));
  }
  return *level;
}

}  // namespace

absl::StatusOr<StatePower> StatePowerOf(std::optional<std::string_view> power_levels_json,
                                        std::string_view creator, std::string_view user_id) {
  StatePower power;
  if (!power_levels_json.has_value()) {
    power.user_level = !creator.empty() && creator == user_id ? kCreatorLevel : 0;
    power.required_level = kDefaultStateLevel;
    return power;
  }
  const nlohmann::json content = nlohmann::json::parse(*power_levels_json, nullptr, false);
  if (content.is_discarded() || !content.is_object()) {
    return absl::InvalidArgumentError("m.room.power_levels: the content is not a JSON object");
  }
  absl::StatusOr<int64_t> users_default = LevelField(content, "users_default", 0);
  if (!users_default.ok()) {
    return users_default.status();
  }
  absl::StatusOr<int64_t> state_default = LevelField(content, "state_default", kDefaultStateLevel);
  if (!state_default.ok()) {
    return state_default.status();
  }
  power.user_level = *users_default;
  power.required_level = *state_default;
  auto users = content.find("users");
  if (users == content.end()) {
    return power;
  }
  if (!users->is_object()) {
    return absl::InvalidArgumentError("m.room.power_levels: users is not an object");
  }
  auto entry = users->find(std::string(user_id));
  if (entry != users->end()) {
    std::optional<int64_t> level = LevelOf(*entry);
    if (!level.has_value()) {
      return absl::InvalidArgumentError("m.room.power_levels: the user's level is not an integer");
    }
    power.user_level = *level;
  }
  return power;
}

std::string CreatorOf(std::string_view create_content_json) {
  const nlohmann::json content = nlohmann::json::parse(create_content_json, nullptr, false);
  if (!content.is_object()) {
    return "";
  }
  auto it = content.find("creator");
  return it != content.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace mxedge::irc_worker
