#include "power_level_limit.hpp"

#include <set>
#include <string>

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;

int DefaultLevel(const json& levels) {
  if (levels.is_object()) {
    if (auto d = levels.find("users_default"); d != levels.end() && d->is_number_integer()) {
      return d->get<int>();
    }
  }
  return 0;
}

const json* UserEntry(const json& levels, const std::string& user_id) {
  if (!levels.is_object()) {
    return nullptr;
  }
  auto users = levels.find("users");
  if (users == levels.end() || !users->is_object()) {
    return nullptr;
  }
  auto it = users->find(user_id);
  return it != users->end() && it->is_number_integer() ? &*it : nullptr;
}

int LevelOf(const json& levels, const std::string& user_id) {
  const json* entry = UserEntry(levels, user_id);
  return entry != nullptr ? entry->get<int>() : DefaultLevel(levels);
}

std::set<std::string> UsersOf(const json& levels) {
  std::set<std::string> users;
  if (levels.is_object()) {
    if (auto it = levels.find("users"); it != levels.end() && it->is_object()) {
      for (const auto& [user, level] : it->items()) {
        users.insert(user);
      }
    }
  }
  return users;
}

}  // namespace

json LimitPowerLevelsToSender(const json& before, json after, std::string_view sender_view) {
  if (!after.is_object()) {
    return after;
  }
  const std::string sender(sender_view);
  const int own = LevelOf(before, sender);
  std::set<std::string> users = UsersOf(before);
  users.merge(UsersOf(after));
  users.erase(sender);
  for (const std::string& user : users) {
    const int old_level = LevelOf(before, user);
    const int new_level = LevelOf(after, user);
    if (old_level == new_level) {
      continue;
    }
    if (!after.contains("users") || !after["users"].is_object()) {
      after["users"] = json::object();
    }
    json& entries = after["users"];
    if (old_level >= own) {
      // Not the sender's to change: keep what the room has.
      if (const json* entry = UserEntry(before, user); entry != nullptr) {
        entries[user] = *entry;
      } else {
        entries.erase(user);
      }
    } else if (new_level > own) {
      if (own == DefaultLevel(after)) {
        entries.erase(user);
      } else {
        entries[user] = own;
      }
    }
  }
  return after;
}

}  // namespace mxedge::irc_worker
