#pragma once
// InMemoryMemberRegistry: a MemberRegistry in process memory with the same semantics as
// RedisMemberRegistry. Thread-safe. For tests of code that uses the registry.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/common/clock.hpp"
#include "mxedge/ownership/member_registry.hpp"

namespace mxedge::ownership {

class InMemoryMemberRegistry final : public MemberRegistry {
 public:
  explicit InMemoryMemberRegistry(const common::Clock& clock);

  absl::Status Register(std::string_view member_id) override;
  absl::Status Heartbeat(std::string_view member_id) override;
  absl::StatusOr<std::vector<Member>> ListLive(std::chrono::milliseconds timeout) override;
  absl::StatusOr<bool> IsLive(std::string_view member_id,
                              std::chrono::milliseconds timeout) override;
  absl::StatusOr<std::vector<Member>> EvictStale(std::chrono::milliseconds timeout) override;
  absl::Status Remove(std::string_view member_id) override;

 private:
  const common::Clock& clock_;
  std::mutex mu_;
  std::map<std::string, int64_t, std::less<>> heartbeats_;
};

}  // namespace mxedge::ownership
