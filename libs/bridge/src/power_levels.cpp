#include "mxedge/bridge/power_levels.hpp"

#include <algorithm>
#include <set>

namespace mxedge::bridge {
namespace {

using nlohmann::json;

int LevelOf(const json& levels, const std::string& user_id) {
  if (levels.is_object()) {
    if (auto users = levels.find("users"); users != levels.end() && users->is_object()) {
      if (auto it = users->find(user_id); it != users->end() && it->is_number_integer()) {
        return it->get<int>();
      }
    }
    if (auto d = levels.find("users_default"); d != levels.end() && d->is_number_integer()) {
      return d->get<int>();
    }
  }
  return 0;
}

int MaxMapped(const ModePowerMap& map) {
  int max = 0;
  for (const auto& [mode, level] : map) {
    max = std::max(max, level);
  }
  return max;
}

}  // namespace

ModePowerMap DefaultModePowerMap() { return {{'o', 50}, {'v', 1}}; }

std::optional<json> PowerLevelsForModes(const std::vector<irc::ModeChange>& changes,
                                        const json& power_levels, const NickToUser& user_of,
                                        const ModesOf& modes_before, const ModePowerMap& map) {
  std::map<std::string, std::set<char>> modes;  // nick → modes after the batch
  for (const irc::ModeChange& change : changes) {
    if (!map.contains(change.mode) || !change.argument.has_value()) {
      continue;
    }
    auto [it, inserted] = modes.try_emplace(*change.argument);
    if (inserted) {
      for (char m : modes_before(*change.argument)) {
        it->second.insert(m);
      }
    }
    if (change.add) {
      it->second.insert(change.mode);
    } else {
      it->second.erase(change.mode);
    }
  }
  json updated = power_levels.is_object() ? power_levels : json::object();
  if (!updated.contains("users") || !updated["users"].is_object()) {
    updated["users"] = json::object();
  }
  int users_default = 0;
  if (auto d = updated.find("users_default"); d != updated.end() && d->is_number_integer()) {
    users_default = d->get<int>();
  }
  const int max_mapped = MaxMapped(map);
  bool changed = false;
  for (const auto& [nick, nick_modes] : modes) {
    std::optional<std::string> user = user_of(nick);
    if (!user.has_value()) {
      continue;
    }
    const int current = LevelOf(updated, *user);
    if (current > max_mapped) {
      continue;  // set from Matrix above anything IRC gives: not ours to change
    }
    int wanted = users_default;
    for (char m : nick_modes) {
      wanted = std::max(wanted, map.at(m));
    }
    if (wanted == current) {
      continue;
    }
    if (wanted == users_default) {
      updated["users"].erase(*user);
    } else {
      updated["users"][*user] = wanted;
    }
    changed = true;
  }
  if (!changed) {
    return std::nullopt;
  }
  return updated;
}

std::vector<irc::Message> ModesForPowerLevels(const json& old_levels, const json& new_levels,
                                              std::string_view channel, const UserToNick& nick_of,
                                              bool sender_is_op, std::size_t modes_per_line,
                                              const ModePowerMap& map) {
  std::vector<irc::Message> lines;
  if (!sender_is_op || modes_per_line == 0) {
    return lines;
  }
  std::set<std::string> users;
  for (const json* levels : {&old_levels, &new_levels}) {
    if (levels->is_object() && levels->contains("users") && (*levels)["users"].is_object()) {
      for (const auto& [user, level] : (*levels)["users"].items()) {
        users.insert(user);
      }
    }
  }
  // (sign, mode, nick) in a stable order: users sorted, modes by the map's order.
  std::vector<std::tuple<char, char, std::string>> changes;
  for (const std::string& user : users) {
    std::optional<std::string> nick = nick_of(user);
    if (!nick.has_value()) {
      continue;
    }
    const int before = LevelOf(old_levels, user);
    const int after = LevelOf(new_levels, user);
    // Highest level first; a user gets only the highest mode newly reached (+o, not +ov), and
    // loses every mode whose level was left.
    std::vector<std::pair<int, char>> by_level;
    for (const auto& [mode, level] : map) {
      by_level.emplace_back(level, mode);
    }
    std::sort(by_level.rbegin(), by_level.rend());
    bool granted = false;
    for (const auto& [level, mode] : by_level) {
      const bool had = before >= level;
      const bool has = after >= level;
      if (has && !had && !granted) {
        changes.emplace_back('+', mode, *nick);
        granted = true;
      } else if (had && !has) {
        changes.emplace_back('-', mode, *nick);
      }
    }
  }
  for (std::size_t start = 0; start < changes.size(); start += modes_per_line) {
    irc::Message mode{.command = "MODE", .params = {std::string(channel), ""}};
    char sign = 0;
    for (std::size_t i = start; i < std::min(changes.size(), start + modes_per_line); ++i) {
      const auto& [s, m, nick] = changes[i];
      if (s != sign) {
        mode.params[1] += s;
        sign = s;
      }
      mode.params[1] += m;
      mode.params.push_back(nick);
    }
    lines.push_back(std::move(mode));
  }
  return lines;
}

}  // namespace mxedge::bridge
