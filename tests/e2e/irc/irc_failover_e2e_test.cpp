// irc-worker failover as processes: redis-server, ngIRCd, appservice-router, irc-workers and the
// FakeHomeserver, with a plain IRC client ("watcher") in the bridged channel.
// - baseline: a Matrix user's puppet connects, joins and speaks; a channel line reaches Matrix;
// - SIGKILL of the worker that owns the speaking puppet and receives the channel, during 1 000
//   messages each way: its connections move, nothing is lost, repeats stay within what was in
//   flight;
// - SIGTERM of that worker: the drain hands over with neither loss nor repeats.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "failover_fixture.hpp"
#include "traffic_run.hpp"

namespace mxedge::irc_e2e {
namespace {

using namespace std::chrono_literals;

constexpr int kUsers = 6;
constexpr int kMessages = 1000;
// The router hands a worker at most this many events of one room per EventSink.Deliver call
// (dispatch.batch_size of the router under test).
constexpr int kRouterBatch = 10;

// Which worker to disrupt: the one that receives the channel (IRC → Matrix) and owns the puppet
// whose Matrix user then speaks (Matrix → IRC), so that both directions cross the failure.
struct Victim {
  int index = -1;
  std::string worker_id;
  std::string mxid;
};

class IrcFailoverE2eTest : public FailoverTest {
 protected:
  // Warms up kUsers puppets and the channel's receiver, then picks the victim.
  void PrepareVictim(Victim& victim) {
    ASSERT_TRUE(WarmUpUsers(0, kUsers, 60s)) << stack_->Logs();
    ASSERT_TRUE(IrcLineReachesMatrix("warm-irc", 30s)) << stack_->Logs();
    absl::StatusOr<std::string> receiver = stack_->Receiver();
    ASSERT_TRUE(receiver.ok()) << receiver.status();
    const size_t colon = receiver->find(':');
    ASSERT_NE(colon, std::string::npos) << *receiver;
    victim.worker_id = receiver->substr(0, colon);
    victim.mxid = receiver->substr(colon + 1);
    victim.index = stack_->WorkerIndex(victim.worker_id);
    ASSERT_GE(victim.index, 0) << *receiver;
    absl::StatusOr<std::string> owner = stack_->OwnerOf(victim.mxid);
    ASSERT_TRUE(owner.ok()) << owner.status();
    ASSERT_EQ(*owner, victim.worker_id);
  }

  // The lines the workers' "pending lines re-sent" log lines count, over every worker's log.
  int64_t PendingLinesResent() {
    int64_t lines = 0;
    for (int i = 0; i < stack_->worker_count(); ++i) {
      const std::string log = stack_->worker(i).Log();
      for (absl::string_view line : absl::StrSplit(log, '\n')) {
        if (line.find("\"pending lines re-sent\"") == absl::string_view::npos) {
          continue;
        }
        nlohmann::json entry = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
        if (entry.is_object() && entry.contains("lines") && entry["lines"].is_number_integer()) {
          lines += entry["lines"].get<int64_t>();
        }
      }
    }
    return lines;
  }

  // The nick of `mxid`'s connection: a puppet's `<localpart>[m]`, or the network bridge bot's
  // own nick (its localpart), when the bot's connection is the channel's receiver.
  static std::string NickOfUser(const std::string& mxid) {
    const std::string localpart = mxid.substr(1, mxid.find(':') - 1);
    return localpart == absl::StrCat("irc_", kNetwork) ? localpart : absl::StrCat(localpart, "[m]");
  }
};

TEST_F(IrcFailoverE2eTest, PuppetConnectsJoinsAndOneMessageCrossesEachWay) {
  ASSERT_NO_FATAL_FAILURE(StartStack({.workers = 1}));
  stack_->JoinRoom(UserId(0));
  ASSERT_TRUE(MatrixLineReachesIrc(UserId(0), "hello from matrix ", 60s)) << stack_->Logs();
  EXPECT_EQ(watcher_->MembershipCount("JOIN", NickOf(0)), 1);
  EXPECT_EQ(watcher_->privmsgs().at("hello from matrix 0"), 1);

  ASSERT_TRUE(IrcLineReachesMatrix("hello from irc", 30s)) << stack_->Logs();
  std::vector<testing::RecordedRequest> sends = stack_->homeserver().RequestsTo("PUT", "/send/");
  ASSERT_EQ(sends.size(), 1u);
  auto user = sends[0].query.find("user_id");
  ASSERT_NE(user, sends[0].query.end());
  EXPECT_EQ(user->second, absl::StrCat("@irc_libera_", kWatcherNick, ":localhost"));
  EXPECT_NE(sends[0].path.find(stack_->room_id()), std::string::npos);
  // The puppet's own line was not bridged back to Matrix.
  EXPECT_FALSE(stack_->TallyMatrix().events_by_body.contains("hello from matrix 0"));
}

TEST_F(IrcFailoverE2eTest, SigkillOfTheOwnerDuringTrafficLosesNothing) {
  ASSERT_NO_FATAL_FAILURE(StartStack({.workers = 3}));
  Victim victim;
  ASSERT_NO_FATAL_FAILURE(PrepareVictim(victim));
  const std::string nick = NickOfUser(victim.mxid);
  const size_t membership_before = watcher_->membership().size();

  std::chrono::steady_clock::time_point killed_at;
  TrafficOptions options;
  options.matrix_user = victim.mxid;
  options.messages = kMessages;
  options.disrupt_when = [](const TrafficProgress& p) {
    return p.m2i_on_irc >= 250 || p.i2m_at_matrix >= 250;
  };
  options.disrupt = [&] {
    killed_at = std::chrono::steady_clock::now();
    ASSERT_TRUE(stack_->worker(victim.index).process().Kill().ok());
  };
  absl::StatusOr<TrafficResult> result = RunTraffic(*stack_, *watcher_, options);
  ASSERT_TRUE(result.ok()) << result.status();
  std::cout << "[ sigkill ] victim=" << victim.worker_id << " " << Describe(*result) << "\n";
  ASSERT_TRUE(result->disrupted);
  ASSERT_TRUE(result->completed) << Describe(*result) << "\n" << stack_->Logs();
  // Both directions were under way at the kill.
  EXPECT_LT(result->at_disruption.m2i_on_irc, kMessages);
  EXPECT_LT(result->at_disruption.i2m_at_matrix, kMessages);

  // Matrix → IRC: a line repeats only when the worker died between writing it and recording its
  // event; that is at most the one Deliver call in flight, kRouterBatch events.
  const int64_t m2i_repeats = result->m2i_total - kMessages;
  EXPECT_GE(m2i_repeats, 0);
  EXPECT_LE(m2i_repeats, kRouterBatch) << Describe(*result);
  // IRC → Matrix: distinct lines have one key wherever they are seen, so a takeover re-send or
  // replay becomes the same event: at most the lines said but not yet at Matrix at the kill.
  const int64_t i2m_repeats = result->i2m_events - kMessages;
  const int64_t i2m_in_flight =
      result->at_disruption.irc_sent - result->at_disruption.i2m_at_matrix;
  EXPECT_GE(i2m_repeats, 0);
  EXPECT_LE(i2m_repeats, i2m_in_flight) << Describe(*result);
  // A /send beyond one per line repeats a line's transaction id: a worker re-sent a line it
  // found pending (the dead worker's, taken over, or its own after a failed MatrixOut call), which
  // may have reached the homeserver before. Every such repeat is one the workers logged.
  const int64_t same_key_resends = result->i2m_requests - result->i2m_events;
  const int64_t logged_resends = PendingLinesResent();
  EXPECT_LE(same_key_resends, logged_resends) << Describe(*result);
  std::cout << "[ sigkill ] m2i repeats=" << m2i_repeats << " (bound " << kRouterBatch
            << "), i2m repeats=" << i2m_repeats << " (in flight " << i2m_in_flight
            << "), i2m same-key re-sends=" << same_key_resends
            << " (pending lines re-sent per the workers' logs: " << logged_resends << ")\n";

  // The puppet was re-owned by a live worker and reconnected: QUIT, then JOIN again.
  absl::StatusOr<std::string> owner = stack_->OwnerOf(victim.mxid);
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_FALSE(owner->empty());
  EXPECT_NE(*owner, victim.worker_id);
  const int64_t quit = FindMembership("QUIT", nick, membership_before);
  ASSERT_GE(quit, 0) << "the watcher saw no QUIT of " << nick;
  EXPECT_GE(FindMembership("JOIN", nick, static_cast<size_t>(quit)), 0)
      << "the watcher saw no JOIN of " << nick << " after its QUIT";
  // Every other puppet of the dead worker moved too.
  for (int i = 0; i < kUsers; ++i) {
    absl::StatusOr<std::string> user_owner = stack_->OwnerOf(UserId(i));
    ASSERT_TRUE(user_owner.ok()) << user_owner.status();
    EXPECT_NE(*user_owner, victim.worker_id) << UserId(i);
  }
  std::cout << "[ sigkill ] kill → all " << kMessages << " each way in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - killed_at)
                   .count()
            << " ms\n";
}

TEST_F(IrcFailoverE2eTest, SigtermDrainHandsOverWithoutLossOrRepeats) {
  ASSERT_NO_FATAL_FAILURE(StartStack({.workers = 3}));
  Victim victim;
  ASSERT_NO_FATAL_FAILURE(PrepareVictim(victim));
  const std::string nick = NickOfUser(victim.mxid);
  const size_t membership_before = watcher_->membership().size();

  TrafficOptions options;
  options.matrix_user = victim.mxid;
  options.messages = kMessages;
  options.disrupt_when = [](const TrafficProgress& p) {
    return p.m2i_on_irc >= 250 || p.i2m_at_matrix >= 250;
  };
  options.disrupt = [&] { kill(stack_->worker(victim.index).process().pid(), SIGTERM); };
  absl::StatusOr<TrafficResult> result = RunTraffic(*stack_, *watcher_, options);
  ASSERT_TRUE(result.ok()) << result.status();
  std::cout << "[ sigterm ] victim=" << victim.worker_id << " " << Describe(*result) << "\n";
  ASSERT_TRUE(result->disrupted);
  ASSERT_TRUE(result->completed) << Describe(*result) << "\n" << stack_->Logs();
  EXPECT_LT(result->at_disruption.m2i_on_irc, kMessages);
  EXPECT_LT(result->at_disruption.i2m_at_matrix, kMessages);
  EXPECT_EQ(result->m2i_total, kMessages) << Describe(*result);
  EXPECT_EQ(result->i2m_events, kMessages) << Describe(*result);

  // The worker exited 0 after its drain, and the puppet QUIT with the drain message before its
  // new owner joined it again.
  testing::Subprocess& drained = stack_->worker(victim.index).process();
  ASSERT_TRUE(drained.Wait(20s).ok()) << drained.LogTail();
  ASSERT_TRUE(drained.wait_status().has_value());
  EXPECT_TRUE(WIFEXITED(*drained.wait_status()) && WEXITSTATUS(*drained.wait_status()) == 0)
      << drained.LogTail();
  const int64_t quit = FindMembership("QUIT", nick, membership_before);
  ASSERT_GE(quit, 0) << "the watcher saw no QUIT of " << nick;
  EXPECT_GE(FindMembership("JOIN", nick, static_cast<size_t>(quit)), 0);
  absl::StatusOr<std::string> owner = stack_->OwnerOf(victim.mxid);
  ASSERT_TRUE(owner.ok()) << owner.status();
  EXPECT_FALSE(owner->empty());
  EXPECT_NE(*owner, victim.worker_id);
}

}  // namespace
}  // namespace mxedge::irc_e2e
