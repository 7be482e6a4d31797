#pragma once
// A ConnectionObserver that records every event as text, for assertions in tests.
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "connection_events.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

class RecordingObserver : public ConnectionObserver {
 public:
  void OnRegistered(std::string_view nick) override { Add(common::Cat("registered ", nick)); }
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override {
    Add(common::Cat("nick ", old_nick, " ", new_nick));
  }
  void OnSaslResult(bool ok, std::string_view detail) override {
    Add(common::Cat("sasl ", ok ? "ok " : "failed ", detail));
  }
  void OnLine(const irc::Message& message) override {
    std::lock_guard lock(mu_);
    lines_.push_back(message);
  }
  void OnEcho(const irc::Message& message) override {
    std::lock_guard lock(mu_);
    echoes_.push_back(message);
  }
  void OnClosed(const CloseInfo& info) override {
    Add(common::Cat("closed ", CloseReasonName(info.reason)));
  }

  std::vector<std::string> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<irc::Message> lines() const {
    std::lock_guard lock(mu_);
    return lines_;
  }
  std::vector<irc::Message> echoes() const {
    std::lock_guard lock(mu_);
    return echoes_;
  }

 private:
  void Add(std::string event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }

  mutable std::mutex mu_;
  std::vector<std::string> events_;
  std::vector<irc::Message> lines_;
  std::vector<irc::Message> echoes_;
};

}  // namespace mxedge::irc_worker
