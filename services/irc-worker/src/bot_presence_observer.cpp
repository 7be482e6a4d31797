#include "bot_presence_observer.hpp"

#include <chrono>
#include <utility>

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

BotPresenceObserver::BotPresenceObserver(ConnectionKey key,
                                         std::shared_ptr<ConnectionObserver> inner,
                                         WorkQueue& queue, BotPresence& presence)
    : key_(std::move(key)), inner_(std::move(inner)), queue_(queue), presence_(presence) {}

void BotPresenceObserver::OnRegistered(std::string_view nick) {
  nick_ = std::string(nick);
  inner_->OnRegistered(nick);
}

void BotPresenceObserver::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  nick_ = std::string(new_nick);
  inner_->OnNickChanged(old_nick, new_nick);
}

void BotPresenceObserver::OnSaslResult(bool ok, std::string_view detail) {
  inner_->OnSaslResult(ok, detail);
}

bool BotPresenceObserver::IsOutsideNames(const irc::Message& message) const {
  const std::optional<int> numeric = message.Numeric();
  std::string_view channel;
  if (numeric == 353 && message.params.size() >= 3) {
    channel = message.params[2];
  } else if (numeric == 366 && message.params.size() >= 2) {
    channel = message.params[1];
  } else {
    return false;
  }
  return presence_.Inside(key_.network, channel) == std::optional<bool>(false);
}

void BotPresenceObserver::OnLine(const irc::Message& message) {
  const bool outside_names = IsOutsideNames(message);
  absl::StatusOr<std::optional<MembershipEvent>> event = reader_.Read(message);
  if (!event.ok()) {
    common::LogDebug("bridge bot membership line not read",
                     {{"network", key_.network}, {"error", event.status().ToString()}});
  } else if (event->has_value()) {
    BotPresence& presence = presence_;
    queue_.Post([&presence, key = key_, nick = nick_, change = std::move(**event)] {
      absl::Status s = presence.Apply(key, nick, change, std::chrono::steady_clock::now());
      if (!s.ok()) {
        common::LogWarn(
            "bridge bot presence not updated",
            {{"network", key.network}, {"channel", change.channel}, {"error", s.ToString()}});
      }
    });
  }
  if (!outside_names) {
    inner_->OnLine(message);
  }
}

void BotPresenceObserver::OnEcho(const irc::Message& message) { inner_->OnEcho(message); }

void BotPresenceObserver::OnClosed(const CloseInfo& info) {
  reader_ = MembershipReader();
  BotPresence& presence = presence_;
  queue_.Post([&presence, key = key_] { presence.Reset(key); });
  inner_->OnClosed(info);
}

}  // namespace mxedge::irc_worker
