#pragma once
// MembershipObserver: wraps a connection's observer (every event is passed on unchanged) and reads
// the connection's JOIN, PART, QUIT, KICK, NICK, MODE, TOPIC, 332 and NAMES lines into
// MembershipEvents (MembershipReader, with this connection's ISUPPORT), which it posts to the
// ordered IRC → Matrix thread for IrcMembership. Malformed lines are logged at DEBUG and dropped.
// A reconnect starts a fresh reader (the server may announce other ISUPPORT). At the end of the
// MOTD (376, or 422 without one) the CASEMAPPING the server announced goes to CaseMappingCheck,
// which warns when it is not the network's configured one.
#include <memory>

#include "case_mapping_check.hpp"
#include "connection_events.hpp"
#include "connection_key.hpp"
#include "irc_membership.hpp"
#include "membership_event.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

class MembershipObserver final : public ConnectionObserver {
 public:
  // `queue`, `membership` and `check` must outlive the queue's work and the observer.
  MembershipObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner, WorkQueue& queue,
                     IrcMembership& membership, CaseMappingCheck& check);

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
  IrcMembership& membership_;
  CaseMappingCheck& check_;
  MembershipReader reader_;  // the connection's loop thread only
};

}  // namespace mxedge::irc_worker
