#include "connection_limits.hpp"

#include <algorithm>
#include <utility>

namespace mxedge::irc_worker {
namespace {

using Entry = std::pair<std::chrono::steady_clock::time_point, ConnectionKey>;

}  // namespace

ConnectionLimits::ConnectionLimits(const common::Clock& clock,
                                   std::map<std::string, NetworkLimits> limits)
    : clock_(clock), limits_(std::move(limits)) {}

const NetworkLimits* ConnectionLimits::LimitsOf(const std::string& network) const {
  auto it = limits_.find(network);
  return it == limits_.end() ? nullptr : &it->second;
}

void ConnectionLimits::Opened(const ConnectionKey& key) {
  std::lock_guard lock(mu_);
  last_active_.try_emplace(key, clock_.SteadyNow());
}

void ConnectionLimits::Active(const ConnectionKey& key) {
  std::lock_guard lock(mu_);
  auto it = last_active_.find(key);
  if (it != last_active_.end()) {
    it->second = clock_.SteadyNow();
  }
}

void ConnectionLimits::Closed(const ConnectionKey& key) {
  std::lock_guard lock(mu_);
  last_active_.erase(key);
}

std::vector<ConnectionKey> ConnectionLimits::Idle() const {
  const TimePoint now = clock_.SteadyNow();
  std::vector<Entry> idle;
  std::lock_guard lock(mu_);
  for (const auto& [key, last] : last_active_) {
    const NetworkLimits* limits = LimitsOf(key.network);
    if (limits != nullptr && limits->idle_timeout.count() > 0 &&
        now - last >= limits->idle_timeout) {
      idle.emplace_back(last, key);
    }
  }
  std::sort(idle.begin(), idle.end());
  std::vector<ConnectionKey> keys;
  keys.reserve(idle.size());
  for (Entry& entry : idle) {
    keys.push_back(std::move(entry.second));
  }
  return keys;
}

std::vector<ConnectionKey> ConnectionLimits::EvictionsFor(const ConnectionKey& key) const {
  const NetworkLimits* limits = LimitsOf(key.network);
  if (limits == nullptr || limits->max_connections <= 0) {
    return {};
  }
  std::vector<Entry> same_network;
  std::lock_guard lock(mu_);
  if (last_active_.contains(key)) {
    return {};
  }
  for (const auto& [other, last] : last_active_) {
    if (other.network == key.network) {
      same_network.emplace_back(last, other);
    }
  }
  const std::size_t max = static_cast<std::size_t>(limits->max_connections);
  if (same_network.size() < max) {
    return {};
  }
  std::sort(same_network.begin(), same_network.end());
  std::vector<ConnectionKey> evict;
  for (std::size_t i = 0; i + max <= same_network.size(); ++i) {
    evict.push_back(same_network[i].second);
  }
  return evict;
}

std::optional<std::chrono::milliseconds> ConnectionLimits::IdleFor(const ConnectionKey& key) const {
  std::lock_guard lock(mu_);
  auto it = last_active_.find(key);
  if (it == last_active_.end()) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.SteadyNow() - it->second);
}

std::chrono::milliseconds ConnectionLimits::IdleTimeout(const std::string& network) const {
  const NetworkLimits* limits = LimitsOf(network);
  return limits == nullptr ? std::chrono::milliseconds(0) : limits->idle_timeout;
}

std::size_t ConnectionLimits::Count(const std::string& network) const {
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(
      std::count_if(last_active_.begin(), last_active_.end(),
                    [&](const auto& entry) { return entry.first.network == network; }));
}

}  // namespace mxedge::irc_worker
