#include "ident_directory.hpp"

namespace mxedge::irc_worker {

IdentDirectory::IdentDirectory(IdentRecords& records, std::chrono::milliseconds ttl)
    : records_(records), ttl_(ttl) {}

absl::Status IdentDirectory::Publish(const IdentQuery& ports, std::string user) {
  if (!IsIdentUser(user)) {
    return absl::InvalidArgumentError("ident: not a valid ident user name");
  }
  std::lock_guard lock(mu_);
  live_[{ports.local_port, ports.remote_port}] = user;
  changes_.push_back(Change{.ports = ports, .user = std::move(user), .put = true});
  return absl::OkStatus();
}

void IdentDirectory::Withdraw(const IdentQuery& ports) {
  std::lock_guard lock(mu_);
  auto it = live_.find({ports.local_port, ports.remote_port});
  if (it == live_.end()) {
    return;
  }
  changes_.push_back(Change{.ports = ports, .user = std::move(it->second), .put = false});
  live_.erase(it);
}

absl::StatusOr<std::optional<std::string>> IdentDirectory::Lookup(const IdentQuery& ports) {
  {
    std::lock_guard lock(mu_);
    auto it = live_.find({ports.local_port, ports.remote_port});
    if (it != live_.end()) {
      return std::optional<std::string>(it->second);
    }
  }
  return records_.Lookup(ports);
}

absl::Status IdentDirectory::Flush(std::chrono::steady_clock::time_point now) {
  std::vector<Change> changes;
  {
    std::lock_guard lock(mu_);
    changes.swap(changes_);
    if (!next_refresh_.has_value() || now >= *next_refresh_) {
      next_refresh_ = now + ttl_ / 3;
      // Removals stay (they come first); the rewrite of every live record covers the puts.
      std::erase_if(changes, [](const Change& change) { return change.put; });
      for (const auto& [key, user] : live_) {
        changes.push_back(
            Change{.ports = {.local_port = key.first, .remote_port = key.second}, .user = user});
      }
    }
  }
  absl::Status first = absl::OkStatus();
  for (const Change& change : changes) {
    absl::Status s = change.put ? records_.Put(change.ports, change.user, ttl_)
                                : records_.Remove(change.ports, change.user);
    if (!s.ok() && first.ok()) {
      first = s;
    }
  }
  return first;
}

std::chrono::steady_clock::time_point IdentDirectory::next_refresh() const {
  std::lock_guard lock(mu_);
  return next_refresh_.value_or(std::chrono::steady_clock::time_point::min());
}

std::size_t IdentDirectory::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

}  // namespace mxedge::irc_worker
