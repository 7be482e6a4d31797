#include "puppet_rooms_observer.hpp"

#include "connection_notices.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

PuppetRoomsObserver::PuppetRoomsObserver(ConnectionKey key,
                                         std::shared_ptr<ConnectionObserver> inner,
                                         WorkQueue& queue, AdminRoom& admin, BridgedRooms& rooms,
                                         PuppetControl& puppets)
    : key_(std::move(key)),
      inner_(std::move(inner)),
      queue_(queue),
      admin_(admin),
      rooms_(rooms),
      puppets_(puppets) {}

void PuppetRoomsObserver::PostNotice(std::string body) {
  queue_.Post([&admin = admin_, key = key_, body = std::move(body)] {
    const std::string idempotency_key = common::Cat("notice:", common::NewRequestId());
    if (absl::Status s = admin.Notify(key.network, key.mxid, body, idempotency_key); !s.ok()) {
      common::LogWarn("connection notice not sent",
                      {{"network", key.network}, {"error", s.ToString()}});
    }
  });
}

void PuppetRoomsObserver::OnRegistered(std::string_view nick) {
  inner_->OnRegistered(nick);
  registered_ = true;
  PostNotice(ConnectedNotice(key_.network, nick));
  queue_.Post([&rooms = rooms_, &puppets = puppets_, key = key_] {
    absl::StatusOr<std::vector<std::string>> channels = rooms.UserChannels(key.network, key.mxid);
    if (!channels.ok()) {
      common::LogWarn("channels to rejoin unknown",
                      {{"network", key.network}, {"error", channels.status().ToString()}});
      return;
    }
    for (const std::string& channel : *channels) {
      if (absl::Status s = puppets.SendLine(key.network, key.mxid, common::Cat("JOIN ", channel));
          !s.ok()) {
        common::LogWarn("rejoin not sent", {{"network", key.network}, {"error", s.ToString()}});
      }
    }
  });
}

void PuppetRoomsObserver::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  inner_->OnNickChanged(old_nick, new_nick);
  PostNotice(common::Cat("Your nick on ", key_.network, " is now ", new_nick, "."));
}

void PuppetRoomsObserver::OnSaslResult(bool ok, std::string_view detail) {
  inner_->OnSaslResult(ok, detail);
  if (!ok) {
    PostNotice(SaslFailedNotice(key_.network, detail));
  }
}

void PuppetRoomsObserver::OnLine(const irc::Message& message) {
  inner_->OnLine(message);
  if (!registered_) {
    return;  // registration replies (a taken nick there) are the session's business
  }
  if (std::optional<std::string> notice = ReplyNotice(message)) {
    PostNotice(*std::move(notice));
  }
}

void PuppetRoomsObserver::OnEcho(const irc::Message& message) { inner_->OnEcho(message); }

void PuppetRoomsObserver::OnClosed(const CloseInfo& info) {
  inner_->OnClosed(info);
  registered_ = false;
  if (std::optional<std::string> notice = ClosedNotice(key_.network, info)) {
    PostNotice(*std::move(notice));
  }
}

}  // namespace mxedge::irc_worker
