#pragma once
// LineObserver: the ConnectionObserver of each puppet connection. Channel PRIVMSGs and NOTICEs go,
// in order, to the IRC → Matrix thread through a WorkQueue; the rest is logged.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "connection_events.hpp"
#include "connection_key.hpp"
#include "irc_to_matrix.hpp"
#include "mxedge/common/log.hpp"
#include "work_queue.hpp"

namespace mxedge::irc_worker {

// Forwards one connection's channel messages to the ordered IRC → Matrix
// thread.
class LineObserver final : public ConnectionObserver {
 public:
  LineObserver(ConnectionKey key, WorkQueue& queue, IrcToMatrix& bridge)
      : key_(std::move(key)), queue_(queue), bridge_(bridge) {}

  void OnRegistered(std::string_view nick) override {
    common::LogDebug("IRC connection registered",
                     {{"network", key_.network}, {"mxid", key_.mxid}, {"nick", std::string(nick)}});
    RecordNick("", nick);
  }
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override {
    RecordNick(old_nick, new_nick);
  }
  void OnSaslResult(bool ok, std::string_view) override {
    common::LogDebug("SASL result", {{"network", key_.network}, {"ok", ok}});
  }
  void OnLine(const irc::Message& message) override {
    const bool notice = message.IsCommand("NOTICE");
    if ((!message.IsCommand("PRIVMSG") && !notice) || message.params.size() < 2 ||
        !message.prefix) {
      return;
    }
    std::string_view target = message.Param(0);
    if (target.empty() || (target[0] != '#' && target[0] != '&')) {
      return;
    }
    ChannelLine line;
    line.network = key_.network;
    line.receiver_mxid = key_.mxid;
    line.source = message.prefix->ToString();
    line.channel = std::string(target);
    line.text = std::string(message.Param(1));
    line.command = notice ? "NOTICE" : "PRIVMSG";
    line.msgid = std::string(message.FindTag("msgid").value_or(""));
    line.server_time = std::string(message.FindTag("time").value_or(""));
    IrcToMatrix& bridge = bridge_;
    queue_.Post([&bridge, line = std::move(line)] {
      absl::StatusOr<LineFate> fate = bridge.OnChannelLine(line, std::chrono::steady_clock::now());
      if (!fate.ok()) {
        common::LogWarn("IRC line not bridged", {{"network", line.network},
                                                 {"channel", line.channel},
                                                 {"error", fate.status().ToString()}});
      }
    });
  }
  void OnEcho(const irc::Message&) override {}
  void OnClosed(const CloseInfo& info) override {
    if (!nick_.empty()) {
      IrcToMatrix& bridge = bridge_;
      queue_.Post([&bridge, key = key_, nick = std::exchange(nick_, std::string())] {
        if (absl::Status s = bridge.OnPuppetGone(key.network, key.mxid, nick); !s.ok()) {
          common::LogWarn("puppet nick not released",
                          {{"network", key.network}, {"error", s.ToString()}});
        }
      });
    }
    common::LogInfo(
        "IRC connection closed",
        {{"network", key_.network}, {"reason", std::string(CloseReasonName(info.reason))}});
  }

 private:
  // The puppet's nick goes to irc:nick on the IRC → Matrix thread (a Redis call).
  void RecordNick(std::string_view old_nick, std::string_view nick) {
    nick_ = std::string(nick);
    IrcToMatrix& bridge = bridge_;
    queue_.Post([&bridge, key = key_, old_nick = std::string(old_nick), nick = std::string(nick)] {
      if (absl::Status s = bridge.OnPuppetNick(key.network, key.mxid, old_nick, nick); !s.ok()) {
        common::LogWarn("puppet nick not recorded",
                        {{"network", key.network}, {"error", s.ToString()}});
      }
    });
  }

  ConnectionKey key_;
  WorkQueue& queue_;
  IrcToMatrix& bridge_;
  std::string nick_;  // the puppet's nick while registered (the connection's thread only)
};

}  // namespace mxedge::irc_worker
