#include "pm_observer.hpp"

#include <chrono>

#include "mxedge/common/log.hpp"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::irc_worker {
namespace {

bool IsUserPrefix(const irc::Message& message) {
  return message.prefix.has_value() && !message.prefix->nick.empty() &&
         (!message.prefix->user.empty() || !message.prefix->host.empty()) &&
         message.prefix->nick.find('.') == std::string::npos;
}

bool IsChannelOrMask(std::string_view target) {
  return target.empty() || target == "*" || target.find_first_of("#&+!$") == 0;
}

}  // namespace

PmObserver::PmObserver(ConnectionKey key, std::shared_ptr<ConnectionObserver> inner,
                       WorkQueue& queue, PmFromIrc& pms)
    : key_(std::move(key)), inner_(std::move(inner)), queue_(queue), pms_(pms) {}

std::optional<PrivateLine> PmObserver::ReadPrivateLine(const ConnectionKey& key,
                                                       const irc::Message& message) {
  const bool notice = message.IsCommand("NOTICE");
  if ((!notice && !message.IsCommand("PRIVMSG")) || message.params.size() < 2 ||
      !IsUserPrefix(message) || IsChannelOrMask(message.Param(0))) {
    return std::nullopt;
  }
  PrivateLine line;
  line.network = key.network;
  line.receiver_mxid = key.mxid;
  line.source = message.prefix->ToString();
  line.target = std::string(message.Param(0));
  line.text = std::string(message.Param(1));
  line.command = notice ? "NOTICE" : "PRIVMSG";
  line.msgid = std::string(message.FindTag("msgid").value_or(""));
  line.server_time = std::string(message.FindTag("time").value_or(""));
  return line;
}

void PmObserver::OnRegistered(std::string_view nick) {
  nick_ = std::string(nick);
  inner_->OnRegistered(nick);
}

void PmObserver::OnNickChanged(std::string_view old_nick, std::string_view new_nick) {
  nick_ = std::string(new_nick);
  inner_->OnNickChanged(old_nick, new_nick);
}

void PmObserver::OnSaslResult(bool ok, std::string_view detail) {
  inner_->OnSaslResult(ok, detail);
}

void PmObserver::OnLine(const irc::Message& message) {
  inner_->OnLine(message);
  if (std::optional<PrivateLine> line = ReadPrivateLine(key_, message)) {
    queue_.Post([&pms = pms_, line = *std::move(line)] {
      absl::StatusOr<PmFate> fate = pms.OnPrivateLine(line, std::chrono::steady_clock::now());
      if (!fate.ok()) {
        common::LogWarn("private line not bridged",
                        {{"network", line.network}, {"error", fate.status().ToString()}});
      }
    });
    return;
  }
  if (message.IsCommand("NICK") && IsUserPrefix(message) && !message.params.empty()) {
    const irc::CaseMapping folding;
    std::string old_nick = message.prefix->nick;
    if (!nick_.empty() && folding.Fold(old_nick) == folding.Fold(nick_)) {
      return;  // our own nick change: OnNickChanged
    }
    queue_.Post([&pms = pms_, key = key_, old_nick = std::move(old_nick),
                 new_nick = std::string(message.Param(0))] {
      if (absl::Status s = pms.OnNickChange(key.network, key.mxid, old_nick, new_nick); !s.ok()) {
        common::LogWarn("private room not moved to the new nick",
                        {{"network", key.network}, {"error", s.ToString()}});
      }
    });
  }
}

void PmObserver::OnEcho(const irc::Message& message) { inner_->OnEcho(message); }

void PmObserver::OnClosed(const CloseInfo& info) {
  nick_.clear();
  inner_->OnClosed(info);
}

}  // namespace mxedge::irc_worker
