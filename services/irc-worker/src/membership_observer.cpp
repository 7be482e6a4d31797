#include "membership_observer.hpp"

#include <chrono>
#include <utility>

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

MembershipObserver::MembershipObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner,
                                       WorkQueue& queue, IrcMembership& membership,
                                       CaseMappingCheck& check)
    : key_(std::move(key)),
      inner_(std::move(inner)),
      queue_(queue),
      membership_(membership),
      check_(check) {}

void MembershipObserver::OnRegistered(std::string_view nick) { inner_->OnRegistered(nick); }

void MembershipObserver::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  inner_->OnNickChanged(old_nick, new_nick);
}

void MembershipObserver::OnSaslResult(bool ok, std::string_view detail) {
  inner_->OnSaslResult(ok, detail);
}

void MembershipObserver::OnLine(const irc::Message& message) {
  absl::StatusOr<std::optional<MembershipEvent>> event = reader_.Read(message);
  if (const std::optional<int> numeric = message.Numeric(); numeric == 376 || numeric == 422) {
    check_.Observe(key_.network, reader_.isupport().case_mapping());
  }
  if (!event.ok()) {
    common::LogDebug("IRC membership line not read",
                     {{"network", key_.network}, {"error", event.status().ToString()}});
  } else if (event->has_value()) {
    IrcMembership& membership = membership_;
    queue_.Post([&membership, key = key_, change = std::move(**event)] {
      absl::Status s =
          membership.Apply(key.network, key.mxid, change, std::chrono::steady_clock::now());
      if (!s.ok()) {
        common::LogWarn(
            "IRC membership change not mirrored",
            {{"network", key.network}, {"channel", change.channel}, {"error", s.ToString()}});
      }
    });
  }
  inner_->OnLine(message);
}

void MembershipObserver::OnEcho(const irc::Message& message) { inner_->OnEcho(message); }

void MembershipObserver::OnClosed(const CloseInfo& info) {
  reader_ = MembershipReader();
  inner_->OnClosed(info);
}

}  // namespace mxedge::irc_worker
