#include "connection_manager.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <iterator>
#include <utility>

#include "asio/executor_work_guard.hpp"
#include "asio/post.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

// On the connection's loop thread.
ConnectionInfo InfoOf(const IrcConnection& conn) {
  const std::set<std::string>& caps = conn.session().enabled_caps();
  return ConnectionInfo{.state = conn.state(),
                        .nick = conn.session().nick(),
                        .attempts = conn.attempts(),
                        .flood_depth = conn.flood_depth(),
                        .outstanding_echoes = conn.outstanding_echoes(),
                        .channels = conn.channels(),
                        .lag_last = conn.lag().last(),
                        .lag_average = conn.lag().average(),
                        .registered_at = conn.registered_at(),
                        .caps = {caps.begin(), caps.end()}};
}

}  // namespace

struct ConnectionManager::Loop {
  Loop(const common::Clock& clock, std::chrono::milliseconds tick)
      : wheel(clock.SteadyNow(), tick), work(asio::make_work_guard(io)), timer(io) {}
  // The wheel is destroyed after the io_context, whose pending handlers may still hold
  // connections that cancel their timers when destroyed.
  TimerWheel wheel;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  asio::steady_timer timer;
  std::chrono::steady_clock::time_point expected;
  std::thread thread;
};

struct ConnectionManager::Entry {
  ConnectionKey key;
  Loop* loop = nullptr;
  std::shared_ptr<ConnectionObserver> user;
  std::unique_ptr<EntryObserver> observer;
  std::shared_ptr<IrcConnection> conn;
  // Loop thread only.
  int attempt = 0;
  TimerWheel::TimerId retry_timer = TimerWheel::kNoTimer;
  bool closing = false;
  // Under the manager's mutex.
  bool in_drain = false;
  bool done = false;
};

// Forwards a connection's events to the user's observer and turns closes into reconnects.
// While its connection may still call it, it keeps its entry alive.
class ConnectionManager::EntryObserver final : public ConnectionObserver {
 public:
  EntryObserver(ConnectionManager& manager, Entry& entry) : manager_(manager), entry_(entry) {}
  void KeepAlive(std::shared_ptr<Entry> self) { keep_alive_ = std::move(self); }
  // Lets the entry go once the current callback has returned.
  void Release() {
    if (keep_alive_) asio::post(entry_.loop->io, [keep = std::move(keep_alive_)] {});
  }

  void OnRegistered(std::string_view nick) override {
    entry_.attempt = 0;
    entry_.user->OnRegistered(nick);
  }
  void OnNickChanged(std::string_view old_nick, std::string_view new_nick) override {
    entry_.user->OnNickChanged(old_nick, new_nick);
  }
  void OnSaslResult(bool ok, std::string_view detail) override {
    entry_.user->OnSaslResult(ok, detail);
  }
  void OnLine(const irc::Message& message) override { entry_.user->OnLine(message); }
  void OnEcho(const irc::Message& message) override { entry_.user->OnEcho(message); }
  void OnClosed(const CloseInfo& info) override {
    entry_.user->OnClosed(info);
    if (entry_.closing) {
      manager_.MarkDone(entry_);
    } else if (keep_alive_) {
      manager_.Reconnect(keep_alive_, info);
    }
  }

 private:
  ConnectionManager& manager_;
  Entry& entry_;
  std::shared_ptr<Entry> keep_alive_;
};

ConnectionManager::ConnectionManager(ManagerSettings settings, const common::Clock& clock,
                                     ConnectGate& gate, std::shared_ptr<asio::ssl::context> tls,
                                     ConnectionMetrics& metrics,
                                     std::unique_ptr<ReconnectPolicy> policy)
    : settings_(std::move(settings)),
      clock_(clock),
      gate_(gate),
      tls_(std::move(tls)),
      metrics_(metrics),
      policy_(policy ? std::move(policy) : std::make_unique<ReconnectPolicy>(settings_.reconnect)) {
  MXEDGE_CHECK(settings_.threads >= 1);
  MXEDGE_CHECK(settings_.tick.count() > 0);
  for (int i = 0; i < settings_.threads; ++i) {
    loops_.push_back(std::make_unique<Loop>(clock_, settings_.tick));
  }
}

ConnectionManager::~ConnectionManager() { Stop(); }

void ConnectionManager::Start() {
  std::lock_guard lock(mu_);
  if (started_) return;
  started_ = true;
  for (auto& loop_ptr : loops_) {
    Loop& loop = *loop_ptr;
    loop.expected = std::chrono::steady_clock::now() + settings_.tick;
    auto arm = std::make_shared<std::function<void()>>();
    *arm = [this, &loop, arm_weak = std::weak_ptr<std::function<void()>>(arm)] {
      loop.timer.expires_at(loop.expected);
      loop.timer.async_wait([this, &loop, arm_weak](const asio::error_code& ec) {
        if (ec) return;
        const auto real_now = std::chrono::steady_clock::now();
        metrics_.loop_lag.Observe(std::chrono::duration<double>(real_now - loop.expected).count());
        loop.wheel.Advance(clock_.SteadyNow());
        loop.expected += settings_.tick;
        if (loop.expected < real_now) loop.expected = real_now + settings_.tick;
        if (auto arm = arm_weak.lock()) (*arm)();
      });
    };
    loop.thread = std::thread([&loop, arm] {
      (*arm)();
      loop.io.run();
    });
  }
}

void ConnectionManager::Stop() {
  std::map<ConnectionKey, std::shared_ptr<Entry>> entries;
  {
    std::lock_guard lock(mu_);
    if (!started_) return;
    started_ = false;
    entries.swap(entries_);
  }
  for (auto& item : entries) {
    // A named copy, not the structured binding: clang before 16 cannot capture a binding.
    std::shared_ptr<Entry> entry = item.second;
    asio::post(entry->loop->io, [entry] {
      entry->closing = true;
      entry->loop->wheel.Cancel(std::exchange(entry->retry_timer, TimerWheel::kNoTimer));
      entry->conn->Close(CloseReason::kLocal, "worker stopping");
    });
  }
  for (auto& loop : loops_) {
    asio::post(loop->io, [&loop = *loop] {
      loop.timer.cancel();
      loop.work.reset();
      loop.io.stop();
    });
  }
  for (auto& loop : loops_) {
    if (loop->thread.joinable()) loop->thread.join();
  }
  // Break the entries' self-references; connections die with the loops' pending handlers.
  for (auto& [key, entry] : entries) entry->observer->KeepAlive(nullptr);
  entries.clear();
  loops_.clear();
}

ConnectionManager::Loop& ConnectionManager::LoopFor(const ConnectionKey& key) {
  const std::size_t hash =
      std::hash<std::string>{}(key.network) * 31 + std::hash<std::string>{}(key.mxid);
  return *loops_[hash % loops_.size()];
}

absl::Status ConnectionManager::Open(const ConnectionKey& key, ConnectionSettings settings,
                                     std::shared_ptr<ConnectionObserver> observer) {
  MXEDGE_CHECK(observer != nullptr);
  std::lock_guard lock(mu_);
  if (!started_ || draining_) {
    return absl::FailedPreconditionError(common::Cat("not opening ", key.mxid, " on ", key.network,
                                                     ": the worker is ",
                                                     draining_ ? "draining" : "stopped"));
  }
  if (entries_.contains(key)) {
    return absl::AlreadyExistsError(
        common::Cat("a connection for ", key.mxid, " on ", key.network, " is open"));
  }
  auto entry = std::make_shared<Entry>();
  entry->key = key;
  entry->loop = &LoopFor(key);
  entry->user = std::move(observer);
  entry->observer = std::make_unique<EntryObserver>(*this, *entry);
  entry->observer->KeepAlive(entry);
  entry->conn = std::make_shared<IrcConnection>(entry->loop->io, entry->loop->wheel, clock_, tls_,
                                                std::move(settings), *entry->observer, &metrics_);
  entries_.emplace(key, entry);
  asio::post(entry->loop->io, [this, entry] { TryConnect(entry); });
  return absl::OkStatus();
}

void ConnectionManager::TryConnect(const std::shared_ptr<Entry>& entry) {
  if (entry->closing || entry->conn->open()) return;
  Loop& loop = *entry->loop;
  auto retry_after = [&](std::chrono::milliseconds wait) {
    entry->conn->SetIdleState(ConnectionState::kBackoff);
    entry->retry_timer =
        loop.wheel.Schedule(clock_.SteadyNow() + wait, [this, weak = std::weak_ptr<Entry>(entry)] {
          if (auto e = weak.lock()) {
            e->retry_timer = TimerWheel::kNoTimer;
            TryConnect(e);
          }
        });
  };
  auto wait = gate_.TryAcquire(entry->key.network);
  if (!wait.ok()) {
    common::LogWarn(
        "irc connect gate unavailable",
        {{"network", entry->key.network}, {"error", common::Std(wait.status().message())}});
    retry_after(settings_.gate_error_retry);
    return;
  }
  if (wait->count() > 0) {
    metrics_.connect_gate_waits.Increment();
    retry_after(*wait);
    return;
  }
  entry->conn->Connect();
}

void ConnectionManager::Reconnect(const std::shared_ptr<Entry>& entry, const CloseInfo& info) {
  const auto delay = policy_->NextDelay(info.reason, ++entry->attempt);
  if (!delay) {
    if (info.reason != CloseReason::kLocal) {
      common::LogWarn("irc connection not retried", {{"network", entry->key.network},
                                                     {"reason", CloseReasonName(info.reason)},
                                                     {"detail", info.detail}});
    }
    return;
  }
  metrics_.reconnects[static_cast<int>(info.reason)]->Increment();
  entry->conn->SetIdleState(ConnectionState::kBackoff);
  entry->retry_timer = entry->loop->wheel.Schedule(clock_.SteadyNow() + *delay,
                                                   [this, weak = std::weak_ptr<Entry>(entry)] {
                                                     if (auto e = weak.lock()) {
                                                       e->retry_timer = TimerWheel::kNoTimer;
                                                       TryConnect(e);
                                                     }
                                                   });
}

absl::Status ConnectionManager::Close(const ConnectionKey& key, std::string_view message) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      return absl::NotFoundError(common::Cat("no connection for ", key.mxid, " on ", key.network));
    }
    entry = std::move(it->second);
    entries_.erase(it);
  }
  asio::post(entry->loop->io, [this, entry, message = std::string(message)] {
    entry->closing = true;
    entry->loop->wheel.Cancel(std::exchange(entry->retry_timer, TimerWheel::kNoTimer));
    if (entry->conn->open()) {
      entry->conn->Quit(message);
    } else {
      MarkDone(*entry);
    }
  });
  return absl::OkStatus();
}

absl::Status ConnectionManager::Send(const ConnectionKey& key, std::string line, LineDone done) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      return absl::NotFoundError(common::Cat("no connection for ", key.mxid, " on ", key.network));
    }
    entry = it->second;
  }
  asio::post(entry->loop->io, [entry, line = std::move(line), done = std::move(done)]() mutable {
    absl::Status status = entry->conn->Send(std::move(line), done);
    if (!status.ok() && done) done(status);
  });
  return absl::OkStatus();
}

void ConnectionManager::MarkDone(Entry& entry) {
  entry.observer->Release();
  std::lock_guard lock(mu_);
  if (entry.done) return;
  entry.done = true;
  if (entry.in_drain) {
    --draining_left_;
    done_cv_.notify_all();
  }
}

template <typename T>
T ConnectionManager::RunOn(Loop& loop, std::function<T()> fn) const {
  std::packaged_task<T()> task(std::move(fn));
  std::future<T> result = task.get_future();
  asio::post(loop.io, [&task] { task(); });
  return result.get();
}

std::optional<ConnectionInfo> ConnectionManager::Find(const ConnectionKey& key) const {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || !started_) return std::nullopt;
    entry = it->second;
  }
  return RunOn<ConnectionInfo>(*entry->loop, [entry] { return InfoOf(*entry->conn); });
}

std::vector<ConnectionSnapshot> ConnectionManager::List(std::string_view network) const {
  std::map<Loop*, std::vector<std::shared_ptr<Entry>>> by_loop;
  {
    std::lock_guard lock(mu_);
    if (!started_) return {};
    for (const auto& [key, entry] : entries_) {
      if (network.empty() || key.network == network) by_loop[entry->loop].push_back(entry);
    }
  }
  std::vector<ConnectionSnapshot> out;
  for (auto& [loop, entries] : by_loop) {
    std::vector<ConnectionSnapshot> part =
        RunOn<std::vector<ConnectionSnapshot>>(*loop, [&entries = entries] {
          std::vector<ConnectionSnapshot> snapshots;
          snapshots.reserve(entries.size());
          for (const auto& entry : entries) {
            snapshots.push_back(ConnectionSnapshot{entry->key, InfoOf(*entry->conn)});
          }
          return snapshots;
        });
    std::move(part.begin(), part.end(), std::back_inserter(out));
  }
  std::sort(out.begin(), out.end(),
            [](const ConnectionSnapshot& a, const ConnectionSnapshot& b) { return a.key < b.key; });
  return out;
}

std::array<int, kConnectionStateCount> ConnectionManager::CountByState() const {
  std::map<Loop*, std::vector<std::shared_ptr<Entry>>> by_loop;
  {
    std::lock_guard lock(mu_);
    if (!started_) return {};
    for (const auto& [key, entry] : entries_) by_loop[entry->loop].push_back(entry);
  }
  std::array<int, kConnectionStateCount> counts{};
  for (auto& [loop, entries] : by_loop) {
    const auto loop_counts =
        RunOn<std::array<int, kConnectionStateCount>>(*loop, [&entries = entries] {
          std::array<int, kConnectionStateCount> c{};
          for (const auto& entry : entries) ++c[static_cast<int>(entry->conn->state())];
          return c;
        });
    for (int i = 0; i < kConnectionStateCount; ++i) counts[i] += loop_counts[i];
  }
  return counts;
}

std::size_t ConnectionManager::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void ConnectionManager::DrainStep(const std::shared_ptr<Entry>& entry,
                                  std::chrono::steady_clock::time_point until,
                                  std::string message) {
  IrcConnection& conn = *entry->conn;
  if (!conn.open()) {
    MarkDone(*entry);
    return;
  }
  const bool pending = conn.flood_depth() > 0 || conn.outstanding_echoes() > 0;
  const auto now = clock_.SteadyNow();
  if (pending && conn.state() == ConnectionState::kRegistered && now < until) {
    entry->loop->wheel.Schedule(now + settings_.tick,
                                [this, entry, until, message = std::move(message)]() mutable {
                                  DrainStep(entry, until, std::move(message));
                                });
    return;
  }
  if (pending) unsent_at_quit_.fetch_add(1);
  conn.Quit(message);
}

int ConnectionManager::Drain(std::string_view message, std::chrono::milliseconds timeout) {
  std::vector<std::shared_ptr<Entry>> entries;
  std::chrono::milliseconds quit_wait{0};
  {
    std::lock_guard lock(mu_);
    if (!started_) return 0;
    draining_ = true;
    for (auto& [key, entry] : entries_) {
      entry->in_drain = !entry->done;
      if (entry->in_drain) ++draining_left_;
      quit_wait = std::max(quit_wait, entry->conn->settings().quit_timeout);
      entries.push_back(entry);
    }
  }
  common::LogInfo("irc connections draining", {{"connections", entries.size()}});
  const auto until = clock_.SteadyNow() + timeout;
  for (const auto& entry : entries) {
    asio::post(entry->loop->io, [this, entry, until, message = std::string(message)] {
      entry->closing = true;
      entry->loop->wheel.Cancel(std::exchange(entry->retry_timer, TimerWheel::kNoTimer));
      DrainStep(entry, until, message);
    });
  }
  std::unique_lock lock(mu_);
  const auto wait = timeout + quit_wait + settings_.tick * 4;
  if (!done_cv_.wait_for(lock, wait, [&] { return draining_left_ == 0; })) {
    common::LogWarn("irc drain timed out, closing the rest", {{"connections", draining_left_}});
    for (const auto& entry : entries) {
      if (entry->done) continue;
      asio::post(entry->loop->io,
                 [entry] { entry->conn->Close(CloseReason::kLocal, "drain timed out"); });
    }
    done_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return draining_left_ == 0; });
  }
  entries_.clear();
  return unsent_at_quit_.load();
}

}  // namespace mxedge::irc_worker
