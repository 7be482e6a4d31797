#include "caching_puppet_nicks.hpp"

#include <utility>

namespace mxedge::irc_worker {

CachingPuppetNicks::CachingPuppetNicks(PuppetNicks& inner, const common::Clock& clock,
                                       std::chrono::milliseconds ttl, std::size_t max_entries)
    : inner_(inner), clock_(clock), ttl_(ttl), max_entries_(max_entries) {}

std::string CachingPuppetNicks::Key(std::string_view network, std::string_view folded_nick) {
  std::string key;
  key.reserve(network.size() + 1 + folded_nick.size());
  key.append(network).append(1, '\n').append(folded_nick);
  return key;
}

absl::Status CachingPuppetNicks::Set(std::string_view network, std::string_view folded_nick,
                                     std::string_view mxid) {
  absl::Status set = inner_.Set(network, folded_nick, mxid);
  std::lock_guard<std::mutex> lock(mu_);
  // Whatever the store answered, the copy must not outlive this change.
  entries_.erase(Key(network, folded_nick));
  return set;
}

absl::StatusOr<bool> CachingPuppetNicks::Release(std::string_view network,
                                                 std::string_view folded_nick,
                                                 std::string_view mxid) {
  absl::StatusOr<bool> released = inner_.Release(network, folded_nick, mxid);
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(Key(network, folded_nick));
  return released;
}

absl::StatusOr<std::optional<std::string>> CachingPuppetNicks::Lookup(
    std::string_view network, std::string_view folded_nick) {
  const std::string key = Key(network, folded_nick);
  const std::chrono::steady_clock::time_point now = clock_.SteadyNow();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      if (now < it->second.expires) {
        return it->second.mxid;
      }
      entries_.erase(it);
    }
  }
  absl::StatusOr<std::optional<std::string>> found = inner_.Lookup(network, folded_nick);
  if (!found.ok()) {
    return found.status();  // errors are not kept
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_) {
    entries_.clear();
  }
  entries_.insert_or_assign(key, Entry{*found, now + ttl_});
  return found;
}

}  // namespace mxedge::irc_worker
