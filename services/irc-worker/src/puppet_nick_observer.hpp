#pragma once
// PuppetNickObserver: wraps a puppet connection's observer (every event is passed on unchanged)
// and tells PuppetNickSync what it needs from the connection: the server's NICKLEN (005), the end
// of registration (376 end of MOTD or 422 no MOTD, the first after 001) and confirmed nick
// changes. Callbacks run on the IRC loop and must not block: the sync's work is posted to `queue`.
#include <memory>

#include "connection_events.hpp"
#include "connection_key.hpp"
#include "puppet_nick_sync.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class PuppetNickObserver final : public ConnectionObserver {
 public:
  // `queue` and `sync` must outlive the connection.
  PuppetNickObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner, WorkQueue& queue,
                     PuppetNickSync& sync);

  void OnRegistered(std::string_view nick) override;
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override;
  void OnSaslResult(bool ok, std::string_view detail) override;
  void OnLine(const irc::Message& message) override;
  void OnEcho(const irc::Message& message) override;
  void OnClosed(const CloseInfo& info) override;

 private:
  ConnectionKey key_;
  std::shared_ptr<ConnectionObserver> inner_;
  WorkQueue& queue_;
  PuppetNickSync& sync_;
  bool awaiting_motd_ = false;  // loop thread only: registered, end of MOTD not seen yet
};

}  // namespace mxedge::irc_worker
