#pragma once
// A string map whose entries may expire, judged by a Clock's steady time: the keyspace of the
// in-memory stores. Not synchronised; the owning store holds its own mutex.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mxedge/common/clock.hpp"

namespace mxedge::ownership::internal {

class ExpiringMap {
 public:
  explicit ExpiringMap(const common::Clock& clock) : clock_(clock) {}

  std::optional<std::string> Get(std::string_view key) {
    auto it = Find(key);
    if (it == entries_.end()) {
      return std::nullopt;
    }
    return it->second.value;
  }

  // ttl zero = no expiry.
  void Set(std::string_view key, std::string value, std::chrono::milliseconds ttl) {
    Entry& entry = entries_[std::string(key)];
    entry.value = std::move(value);
    entry.expires_at = ExpiryFor(ttl);
  }

  // Changes the expiry of an existing entry (ttl zero = none); false when the key is absent.
  bool SetTtl(std::string_view key, std::chrono::milliseconds ttl) {
    auto it = Find(key);
    if (it == entries_.end()) {
      return false;
    }
    it->second.expires_at = ExpiryFor(ttl);
    return true;
  }

  bool Erase(std::string_view key) {
    auto it = Find(key);
    if (it == entries_.end()) {
      return false;
    }
    entries_.erase(it);
    return true;
  }

  // nullopt when the key is absent; zero for an entry without expiry; else the time left.
  std::optional<std::chrono::milliseconds> RemainingTtl(std::string_view key) {
    auto it = Find(key);
    if (it == entries_.end()) {
      return std::nullopt;
    }
    if (!it->second.expires_at.has_value()) {
      return std::chrono::milliseconds(0);
    }
    return std::chrono::ceil<std::chrono::milliseconds>(*it->second.expires_at -
                                                        clock_.SteadyNow());
  }

 private:
  struct Entry {
    std::string value;
    std::optional<std::chrono::steady_clock::time_point> expires_at;
  };
  using Map = std::map<std::string, Entry, std::less<>>;

  Map::iterator Find(std::string_view key) {
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second.expires_at.has_value() &&
        *it->second.expires_at <= clock_.SteadyNow()) {
      entries_.erase(it);
      return entries_.end();
    }
    return it;
  }

  std::optional<std::chrono::steady_clock::time_point> ExpiryFor(
      std::chrono::milliseconds ttl) const {
    if (ttl.count() == 0) {
      return std::nullopt;
    }
    return clock_.SteadyNow() + ttl;
  }

  const common::Clock& clock_;
  Map entries_;
};

}  // namespace mxedge::ownership::internal
