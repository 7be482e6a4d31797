#include "mxedge/ownership/in_memory_member_registry.hpp"

#include "mxedge/ownership/owner_id.hpp"
#include "registry_rules.hpp"

namespace mxedge::ownership {
namespace {
constexpr std::string_view kRegistryName = "in-memory registry";
}  // namespace

InMemoryMemberRegistry::InMemoryMemberRegistry(const common::Clock& clock) : clock_(clock) {}

absl::Status InMemoryMemberRegistry::Register(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  heartbeats_.insert_or_assign(std::string(member_id), clock_.NowUnixMs());
  return absl::OkStatus();
}

absl::Status InMemoryMemberRegistry::Heartbeat(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = heartbeats_.find(member_id);
  if (it == heartbeats_.end()) {
    return internal::NotRegisteredError(kRegistryName, member_id);
  }
  it->second = clock_.NowUnixMs();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Member>> InMemoryMemberRegistry::ListLive(
    std::chrono::milliseconds timeout) {
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  std::lock_guard lock(mu_);
  std::vector<Member> live;
  for (const auto& [id, heartbeat] : heartbeats_) {
    if (heartbeat > cutoff) {
      live.push_back(Member{id, heartbeat});
    }
  }
  return live;
}

absl::StatusOr<bool> InMemoryMemberRegistry::IsLive(std::string_view member_id,
                                                    std::chrono::milliseconds timeout) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  std::lock_guard lock(mu_);
  auto it = heartbeats_.find(member_id);
  return it != heartbeats_.end() && it->second > cutoff;
}

absl::StatusOr<std::vector<Member>> InMemoryMemberRegistry::EvictStale(
    std::chrono::milliseconds timeout) {
  if (absl::Status s = internal::ValidateTimeout(timeout); !s.ok()) {
    return s;
  }
  const int64_t cutoff = internal::StaleCutoffUnixMs(clock_.NowUnixMs(), timeout);
  std::lock_guard lock(mu_);
  std::vector<Member> evicted;
  for (auto it = heartbeats_.begin(); it != heartbeats_.end();) {
    if (it->second <= cutoff) {
      evicted.push_back(Member{it->first, it->second});
      it = heartbeats_.erase(it);
    } else {
      ++it;
    }
  }
  return evicted;
}

absl::Status InMemoryMemberRegistry::Remove(std::string_view member_id) {
  if (absl::Status s = ValidateOwnerId(member_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = heartbeats_.find(member_id);
  if (it != heartbeats_.end()) {
    heartbeats_.erase(it);
  }
  return absl::OkStatus();
}

}  // namespace mxedge::ownership
