#pragma once
// BotPresenceObserver: wraps the observer of a bridge bot connection whose network has
// `bot_leaves_when_puppets`. It reads the connection's membership lines (its own
// MembershipReader) and posts them with the bot's nick to BotPresence on the ordered IRC → Matrix
// thread. The NAMES answers (353, 366) of a channel the bot is outside of are the bot's own
// polls: they go to BotPresence only, never to the wrapped observers (a member list seen from
// outside must not become the channel's roster, nor the bot its receiver). Everything else is
// passed on unchanged.
#include <memory>
#include <string>

#include "bot_presence.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "membership_event.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class BotPresenceObserver final : public ConnectionObserver {
 public:
  // `queue` and `presence` must outlive the queue's work and the observer.
  BotPresenceObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner,
                      WorkQueue& queue, BotPresence& presence);

  void OnRegistered(std::string_view nick) override;
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override;
  void OnSaslResult(bool ok, std::string_view detail) override;
  void OnLine(const irc::Message& message) override;
  void OnEcho(const irc::Message& message) override;
  void OnClosed(const CloseInfo& info) override;

 private:
  // Whether `message` is a NAMES answer about a channel the bot is outside of.
  bool IsOutsideNames(const irc::Message& message) const;

  ConnectionKey key_;
  std::shared_ptr<ConnectionObserver> inner_;
  WorkQueue& queue_;
  BotPresence& presence_;
  // The connection's loop thread only.
  MembershipReader reader_;
  std::string nick_;
};

}  // namespace mxedge::irc_worker
