#pragma once
// PortalDirectory: the PortalLookup that message bridging uses, over BridgedRooms. Portals found
// are cached (a portal's channel never changes while it exists), misses ask the store each time,
// so a portal another worker created is seen at once. A store error answers "no portal" for that
// one lookup (the message is not bridged): WARN log and `store_errors()`.
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "bridged_rooms.hpp"
#include "channel_mapping.hpp"

namespace mxedge::irc_worker {

class PortalDirectory final : public PortalLookup {
 public:
  // `rooms` must outlive this.
  explicit PortalDirectory(BridgedRooms& rooms) : rooms_(rooms) {}

  std::optional<std::string> PortalRoom(std::string_view network,
                                        std::string_view folded_channel) const override;
  std::optional<std::string> PortalChannel(std::string_view network,
                                           std::string_view room_id) const override;

  int64_t store_errors() const { return store_errors_.load(); }

 private:
  void Remember(std::string_view network, const std::string& channel,
                const std::string& room_id) const;

  BridgedRooms& rooms_;
  mutable std::mutex mu_;
  // "<network>\n<folded channel>" → room, and room → (network, channel).
  mutable std::map<std::string, std::string, std::less<>> room_of_;
  mutable std::map<std::string, std::pair<std::string, std::string>, std::less<>> channel_of_;
  mutable std::atomic<int64_t> store_errors_{0};
};

}  // namespace mxedge::irc_worker
