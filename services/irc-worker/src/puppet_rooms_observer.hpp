#pragma once
// PuppetRoomsObserver: wraps a connection's observer (every event is passed on unchanged) and
// adds what the rooms side needs from the connection:
// - connection notices in the user's admin room: connected, disconnected (with whether the bridge
//   reconnects; banned/K-line, too many connections), SASL refused, and after registration the
//   server's answers to the user's own commands (a taken nick, WHOIS, a channel that cannot be
//   joined; see connection_notices.hpp);
// - on (re)registration, JOINs of the channels the user is in (`BridgedRooms::UserChannels`).
// Callbacks run on the IRC loop and must not block, so the work is posted to `queue` (the ordered
// IRC → Matrix thread); the posted work only holds objects that outlive the queue.
#include <atomic>
#include <memory>

#include "admin_room.hpp"
#include "bridged_rooms.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "puppet_control.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class PuppetRoomsObserver final : public ConnectionObserver {
 public:
  PuppetRoomsObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner,
                      WorkQueue& queue, AdminRoom& admin, BridgedRooms& rooms,
                      PuppetControl& puppets);

  void OnRegistered(std::string_view nick) override;
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override;
  void OnSaslResult(bool ok, std::string_view detail) override;
  void OnLine(const irc::Message& message) override;
  void OnEcho(const irc::Message& message) override;
  void OnClosed(const CloseInfo& info) override;

 private:
  void PostNotice(std::string body);

  ConnectionKey key_;
  std::shared_ptr<ConnectionObserver> inner_;
  WorkQueue& queue_;
  AdminRoom& admin_;
  BridgedRooms& rooms_;
  PuppetControl& puppets_;
  bool registered_ = false;  // loop thread only
};

}  // namespace mxedge::irc_worker
