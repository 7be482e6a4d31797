#include "in_memory_ident_records.hpp"

namespace mxedge::irc_worker {

absl::Status InMemoryIdentRecords::Put(const IdentQuery& ports, std::string_view user,
                                       std::chrono::milliseconds ttl) {
  if (!IsIdentUser(user)) {
    return absl::InvalidArgumentError("ident record: not a valid ident user name");
  }
  if (ttl.count() <= 0) {
    return absl::InvalidArgumentError("ident record: the TTL must be positive");
  }
  std::lock_guard lock(mu_);
  records_[{ports.local_port, ports.remote_port}] =
      Record{.user = std::string(user), .expires = clock_.SteadyNow() + ttl};
  ++puts_;
  return absl::OkStatus();
}

absl::Status InMemoryIdentRecords::Remove(const IdentQuery& ports, std::string_view user) {
  std::lock_guard lock(mu_);
  auto it = records_.find({ports.local_port, ports.remote_port});
  if (it != records_.end() && it->second.user == user) {
    records_.erase(it);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> InMemoryIdentRecords::Lookup(const IdentQuery& ports) {
  std::lock_guard lock(mu_);
  auto it = records_.find({ports.local_port, ports.remote_port});
  if (it == records_.end()) {
    return std::optional<std::string>();
  }
  if (clock_.SteadyNow() >= it->second.expires) {
    records_.erase(it);
    return std::optional<std::string>();
  }
  return std::optional<std::string>(it->second.user);
}

std::size_t InMemoryIdentRecords::puts() const {
  std::lock_guard lock(mu_);
  return puts_;
}

}  // namespace mxedge::irc_worker
