#include "puppet_nick_observer.hpp"

#include "mxedge/irc/isupport.hpp"

namespace mxedge::irc_worker {

PuppetNickObserver::PuppetNickObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner,
                                       WorkQueue& queue, PuppetNickSync& sync)
    : key_(std::move(key)), inner_(std::move(inner)), queue_(queue), sync_(sync) {}

void PuppetNickObserver::OnRegistered(std::string_view nick) {
  inner_->OnRegistered(nick);
  awaiting_motd_ = true;
}

void PuppetNickObserver::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  inner_->OnNickChanged(old_nick, new_nick);
  queue_.Post(
      [&sync = sync_, key = key_, nick = std::string(new_nick)] { sync.OnNickChanged(key, nick); });
}

void PuppetNickObserver::OnSaslResult(bool ok, std::string_view detail) {
  inner_->OnSaslResult(ok, detail);
}

void PuppetNickObserver::OnLine(const irc::Message& message) {
  inner_->OnLine(message);
  const std::optional<int> numeric = message.Numeric();
  if (numeric == 5) {
    // Only an advertised NICKLEN counts: without one the nick asked at connect stays.
    for (const std::string& token : message.params) {
      if (token.rfind("NICKLEN=", 0) != 0) {
        continue;
      }
      irc::ISupport isupport;
      if (isupport.ApplyToken(token).ok()) {
        sync_.OnNickLen(key_, isupport.nick_len());
      }
    }
  } else if ((numeric == 376 || numeric == 422) && awaiting_motd_) {
    awaiting_motd_ = false;
    queue_.Post([&sync = sync_, key = key_] { sync.OnRegistrationDone(key); });
  }
}

void PuppetNickObserver::OnEcho(const irc::Message& message) { inner_->OnEcho(message); }

void PuppetNickObserver::OnClosed(const CloseInfo& info) {
  awaiting_motd_ = false;
  inner_->OnClosed(info);
}

}  // namespace mxedge::irc_worker
