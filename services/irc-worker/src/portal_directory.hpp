#pragma once
// PortalDirectory: the PortalLookup that message bridging uses, over BridgedRooms. Portals found
// are cached, misses ask the store each time, so a portal another worker created is seen at once.
// A room upgrade moves a channel to another room: the worker handling it calls Forget, and with a
// clock every cached entry is read again after `ttl`, so the other workers follow within it. A
// store error answers "no portal" for that one lookup (the message is not bridged): WARN log and
// `store_errors()`.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "bridged_rooms.hpp"
#include "channel_mapping.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::irc_worker {

class PortalDirectory final : public PortalLookup {
 public:
  // `rooms` must outlive this.
  // `rooms` (and `clock` when given) must outlive this. Without a clock entries never expire.
  explicit PortalDirectory(BridgedRooms& rooms, const common::Clock* clock = nullptr,
                           std::chrono::milliseconds ttl = std::chrono::seconds(30))
      : rooms_(rooms), clock_(clock), ttl_(ttl) {}

  std::optional<std::string> PortalRoom(std::string_view network,
                                        std::string_view folded_channel) const override;
  std::optional<std::string> PortalChannel(std::string_view network,
                                           std::string_view room_id) const override;

  int64_t store_errors() const { return store_errors_.load(); }

  // Drops what is cached about `room_id` (its channel moved to another room, or it was unlinked).
  void Forget(std::string_view room_id);

 private:
  void Remember(std::string_view network, const std::string& channel,
                const std::string& room_id) const;
  // Under mu_: empties the cache once it is older than ttl_ (with a clock).
  void ExpireLocked() const;

  BridgedRooms& rooms_;
  const common::Clock* clock_;
  std::chrono::milliseconds ttl_;
  mutable std::mutex mu_;
  mutable std::chrono::steady_clock::time_point cached_since_{};
  // "<network>\n<folded channel>" → room, and room → (network, channel).
  mutable std::map<std::string, std::string, std::less<>> room_of_;
  mutable std::map<std::string, std::pair<std::string, std::string>, std::less<>> channel_of_;
  mutable std::atomic<int64_t> store_errors_{0};
};

}  // namespace mxedge::irc_worker
