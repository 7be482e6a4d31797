#pragma once
// A ConnectionObserver that records every event as text, for assertions in tests.
#include <chrono>
#include <condition_variable>
#include <functional>
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
    cv_.notify_all();
  }
  void OnEcho(const irc::Message& message) override {
    std::lock_guard lock(mu_);
    echoes_.push_back(message);
    cv_.notify_all();
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

  // Waits until `done()` holds (evaluated under the lock, so it may read the vectors directly).
  bool WaitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, done);
  }
  // Waits for an event starting with `prefix`.
  bool WaitForEvent(std::string_view prefix, std::chrono::milliseconds timeout) const {
    return WaitUntil(
        [&] {
          for (const auto& e : events_) {
            if (std::string_view(e).starts_with(prefix)) return true;
          }
          return false;
        },
        timeout);
  }
  // Events so far that start with `prefix`; call with the lock not held.
  int CountEvents(std::string_view prefix) const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& e : events_) n += std::string_view(e).starts_with(prefix) ? 1 : 0;
    return n;
  }
  // Unlocked views for WaitUntil predicates.
  const std::vector<std::string>& events_locked() const { return events_; }
  const std::vector<irc::Message>& lines_locked() const { return lines_; }
  const std::vector<irc::Message>& echoes_locked() const { return echoes_; }

 private:
  void Add(std::string event) {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
    cv_.notify_all();
  }

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<std::string> events_;
  std::vector<irc::Message> lines_;
  std::vector<irc::Message> echoes_;
};

}  // namespace mxedge::irc_worker
