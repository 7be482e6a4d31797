// irc-worker and Redis outages as processes:
// - a Redis restart (AOF) shorter than self_fence disconnects nobody: the watcher sees no QUIT,
//   PART or JOIN, the owner records survive, and messages cross both ways afterwards;
// - a worker cut off from Redis (a TcpProxy holding its traffic) longer than self_fence drops its
//   connections itself, and only then do the other workers take them over.
#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "failover_fixture.hpp"

namespace mxedge::irc_e2e {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

int64_t Ms(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

class IrcRedisOutageE2eTest : public FailoverTest {};

TEST_F(IrcRedisOutageE2eTest, RedisRestartShorterThanSelfFenceDisconnectsNobody) {
  WorkerTimings timings;
  timings.owner_timeout = "10s";
  timings.self_fence = "8s";
  ASSERT_NO_FATAL_FAILURE(StartStack({.workers = 3, .timings = timings}));
  constexpr int kUsers = 3;
  ASSERT_TRUE(WarmUpUsers(0, kUsers, 60s)) << stack_->Logs();
  ASSERT_TRUE(IrcLineReachesMatrix("before restart", 30s)) << stack_->Logs();
  std::map<std::string, std::string> owners;
  for (int i = 0; i < kUsers; ++i) {
    absl::StatusOr<std::string> owner = stack_->OwnerOf(UserId(i));
    ASSERT_TRUE(owner.ok()) << owner.status();
    ASSERT_FALSE(owner->empty());
    owners[UserId(i)] = *owner;
  }
  const std::vector<std::string> membership_before = watcher_->membership();

  // Down until every worker has noticed (a failed heartbeat), then up again from its AOF.
  const Clock::time_point down = Clock::now();
  ASSERT_TRUE(stack_->redis_server().Stop().ok()) << stack_->redis_server().LogTail();
  ASSERT_TRUE(PumpUntil(7s, [&] {
    for (int i = 0; i < stack_->worker_count(); ++i) {
      if (stack_->worker(i).Log().find("heartbeat failed") == std::string::npos) {
        return false;
      }
    }
    return true;
  })) << stack_->Logs();
  ASSERT_TRUE(stack_->redis_server().Restart().ok()) << stack_->redis_server().LogTail();
  const Clock::time_point up = Clock::now();
  std::cout << "[ redis restart ] outage " << Ms(up - down) << " ms (self_fence "
            << timings.self_fence << ")\n";
  ASSERT_LT(up - down, 8s) << "the restart took longer than self_fence; the test proves nothing";

  // Every worker reaches Redis again: its heartbeat moves past the restart. (The test's own
  // client reconnects on the call after the one that found its connection closed.)
  std::vector<std::string> time = {"TIME"};
  absl::StatusOr<redis::Reply> now = absl::UnavailableError("not asked");
  ASSERT_TRUE(PumpUntil(10s, [&] {
    now = stack_->redis().Execute(time);
    return now.ok();
  })) << now.status();
  ASSERT_TRUE(now->IsArray() && now->elements().size() == 2);
  const int64_t restarted_ms = std::stoll(now->elements()[0].str()) * 1000;
  ASSERT_TRUE(PumpUntil(30s, [&] {
    for (int i = 0; i < stack_->worker_count(); ++i) {
      absl::StatusOr<int64_t> beat = stack_->HeartbeatOf(stack_->worker(i).id());
      if (!beat.ok() || *beat <= restarted_ms) {
        return false;
      }
    }
    return true;
  })) << stack_->Logs();

  // Traffic crosses both ways after the restart, from every puppet.
  for (int i = 0; i < kUsers; ++i) {
    ASSERT_TRUE(MatrixLineReachesIrc(UserId(i), absl::StrCat("after restart ", i, " "), 30s))
        << stack_->Logs();
  }
  ASSERT_TRUE(IrcLineReachesMatrix("after restart", 30s)) << stack_->Logs();

  EXPECT_EQ(watcher_->membership(), membership_before)
      << "the watcher saw connections churn across the Redis restart";
  for (int i = 0; i < kUsers; ++i) {
    absl::StatusOr<std::string> owner = stack_->OwnerOf(UserId(i));
    ASSERT_TRUE(owner.ok()) << owner.status();
    EXPECT_EQ(*owner, owners[UserId(i)]) << UserId(i);
  }
  for (int i = 0; i < stack_->worker_count(); ++i) {
    EXPECT_EQ(stack_->worker(i).Log().find("dropped every connection"), std::string::npos)
        << stack_->worker(i).id();
  }
}

TEST_F(IrcRedisOutageE2eTest, AWorkerCutOffLongerThanSelfFenceDropsItsConnectionsFirst) {
  // worker-a reaches Redis through the proxy; self_fence 3 s, owner_timeout 5 s.
  ASSERT_NO_FATAL_FAILURE(StartStack({.workers = 3, .proxy_first_worker = true}));
  const std::string cut_off = stack_->worker(0).id();
  // Warm users up until worker-a owns some of them (rendezvous decides; at most 12 users).
  std::vector<int> moved;
  for (int first = 0; moved.empty() && first < 12; first += 3) {
    ASSERT_TRUE(WarmUpUsers(first, 3, 60s)) << stack_->Logs();
    for (int i = first; i < first + 3; ++i) {
      absl::StatusOr<std::string> owner = stack_->OwnerOf(UserId(i));
      ASSERT_TRUE(owner.ok()) << owner.status();
      if (*owner == cut_off) {
        moved.push_back(i);
      }
    }
  }
  ASSERT_FALSE(moved.empty()) << cut_off << " owns none of 12 users";
  const size_t membership_before = watcher_->membership().size();

  const Clock::time_point cut = Clock::now();
  stack_->proxy()->Pause(testing::ProxyPause::kHold);
  std::map<int, Clock::time_point> quit_at;
  std::map<int, Clock::time_point> rejoined_at;
  ASSERT_TRUE(PumpUntil(40s, [&] {
    for (int i : moved) {
      const int64_t quit = FindMembership("QUIT", NickOf(i), membership_before);
      if (quit >= 0 && !quit_at.contains(i)) {
        quit_at[i] = Clock::now();
      }
      if (quit >= 0 && FindMembership("JOIN", NickOf(i), static_cast<size_t>(quit)) >= 0 &&
          !rejoined_at.contains(i)) {
        rejoined_at[i] = Clock::now();
      }
    }
    return rejoined_at.size() == moved.size();
  })) << stack_->Logs();

  for (int i : moved) {
    // Dropped by the cut-off worker itself, after self_fence and before anyone else took it.
    const int64_t quit = FindMembership("QUIT", NickOf(i), membership_before);
    const int64_t join = FindMembership("JOIN", NickOf(i), membership_before);
    EXPECT_LT(quit, join) << NickOf(i) << " joined again before its old connection quit";
    EXPECT_GE(quit_at[i] - cut, 2000ms) << NickOf(i) << " dropped before self_fence";
    absl::StatusOr<std::string> owner = stack_->OwnerOf(UserId(i));
    ASSERT_TRUE(owner.ok()) << owner.status();
    EXPECT_NE(*owner, cut_off);
    EXPECT_FALSE(owner->empty());
    std::cout << "[ cut off ] " << NickOf(i) << ": quit after " << Ms(quit_at[i] - cut)
              << " ms, joined again after " << Ms(rejoined_at[i] - cut) << " ms\n";
  }
  EXPECT_NE(stack_->worker(0).Log().find("dropped every connection"), std::string::npos);
  // The moved puppets speak through their new owners, and the channel still reaches Matrix.
  for (int i : moved) {
    ASSERT_TRUE(MatrixLineReachesIrc(UserId(i), absl::StrCat("moved ", i, " "), 30s))
        << stack_->Logs();
  }
  ASSERT_TRUE(IrcLineReachesMatrix("after the cut", 30s)) << stack_->Logs();

  // Back on Redis, worker-a registers again and takes nothing back from live workers.
  const size_t membership_moved = watcher_->membership().size();
  stack_->proxy()->Resume();
  std::vector<std::string> time = {"TIME"};
  absl::StatusOr<redis::Reply> now = stack_->redis().Execute(time);
  ASSERT_TRUE(now.ok() && now->IsArray() && now->elements().size() == 2);
  const int64_t resumed_ms = std::stoll(now->elements()[0].str()) * 1000;
  ASSERT_TRUE(PumpUntil(30s, [&] {
    absl::StatusOr<int64_t> beat = stack_->HeartbeatOf(cut_off);
    return beat.ok() && *beat > resumed_ms + 1000;
  })) << stack_->Logs();
  for (int i : moved) {
    absl::StatusOr<std::string> owner = stack_->OwnerOf(UserId(i));
    ASSERT_TRUE(owner.ok()) << owner.status();
    EXPECT_NE(*owner, cut_off);
    EXPECT_EQ(FindMembership("QUIT", NickOf(i), membership_moved), -1);
  }
}

}  // namespace
}  // namespace mxedge::irc_e2e
