#pragma once
// PmObserver: wraps a puppet connection's observer (every event is passed on unchanged) and sends
// what private messages need to PmFromIrc, in order, through `queue` (the IRC → Matrix thread):
// - a PRIVMSG or NOTICE from a user (nick!user@host) to a target that is not a channel (the
//   puppet's own nick) → OnPrivateLine; server notices and lines to "*" or "$mask" are skipped;
// - a NICK of another user → OnNickChange (the private room follows the new nick).
// Callbacks run on the IRC loop and must not block; the posted work only holds objects that
// outlive the queue.
#include <memory>
#include <string>

#include "connection_events.hpp"
#include "connection_key.hpp"
#include "pm_from_irc.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class PmObserver final : public ConnectionObserver {
 public:
  PmObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner, WorkQueue& queue,
             PmFromIrc& pms);

  void OnRegistered(std::string_view nick) override;
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override;
  void OnSaslResult(bool ok, std::string_view detail) override;
  void OnLine(const irc::Message& message) override;
  void OnEcho(const irc::Message& message) override;
  void OnClosed(const CloseInfo& info) override;

  // The private line of `message` received by `key`'s connection, nullopt when it is none.
  static std::optional<PrivateLine> ReadPrivateLine(const ConnectionKey& key,
                                                    const irc::Message& message);

 private:
  ConnectionKey key_;
  std::shared_ptr<ConnectionObserver> inner_;
  WorkQueue& queue_;
  PmFromIrc& pms_;
  std::string nick_;  // the puppet's nick while registered (loop thread only)
};

}  // namespace mxedge::irc_worker
