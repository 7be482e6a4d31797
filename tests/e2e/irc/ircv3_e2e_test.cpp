// IRCv3 through the irc-worker against a real InspIRCd 3 (message-tags, msgid, server-time,
// echo-message), as processes: redis-server, appservice-router, irc-workers, the FakeHomeserver,
// a plain IRC client ("watcher") and a tagged one that learns the server's msgid of its lines.
// - the worker's connections negotiate the capabilities (IrcControl.GetStatus reports them);
// - a channel line's idempotency key (the homeserver's txn id) and its `irc:line` record are the
//   server's msgid;
// - with echo-message, a Matrix line counts as delivered only when its echo comes back: a line the
//   channel refuses (+m) is retried, not acknowledged, and reaches IRC once when the channel takes
//   it; a formatted line in a channel that strips colours (+S) is delivered on its changed echo;
// - lines replayed by two receiver takeovers in a row reach Matrix once each, under their msgid.
#include <signal.h>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "failover_fixture.hpp"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/v1/irc_control.grpc.pb.h"
#include "tagged_irc_client.hpp"

namespace mxedge::irc_e2e {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

constexpr char kTaggerNick[] = "tagger";

class Ircv3E2eTest : public FailoverTest {
 protected:
  void StartInspircdStack(int workers) {
    ASSERT_NO_FATAL_FAILURE(StartStack({.workers = workers, .inspircd = true}));
    absl::StatusOr<std::unique_ptr<TaggedIrcClient>> tagger =
        TaggedIrcClient::Join(stack_->ircd_port(), kTaggerNick, kChannel);
    ASSERT_TRUE(tagger.ok()) << tagger.status();
    tagger_ = std::move(*tagger);
  }

  absl::StatusOr<v1::GetStatusReply> Status(int worker) {
    auto stub = v1::IrcControl::NewStub(
        rpc::CreateChannel({.target = stack_->worker(worker).grpc_address()}));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kInternalToken));
    context.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::GetStatusRequest request;
    request.set_include_connections(true);
    v1::GetStatusReply reply;
    grpc::Status status = stub->GetStatus(&context, request, &reply);
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat("GetStatus: ", status.error_message()));
    }
    return reply;
  }

  // The tagger says `text` and waits until the homeserver has it; its msgid.
  std::string SayTagged(const std::string& text, int expected_events) {
    absl::StatusOr<LineTags> tags = tagger_->Say(text, 10s);
    EXPECT_TRUE(tags.ok()) << tags.status();
    if (!tags.ok()) {
      return "";
    }
    EXPECT_FALSE(tags->msgid.empty()) << "InspIRCd sent no msgid";
    EXPECT_FALSE(tags->time.empty()) << "InspIRCd sent no server-time";
    EXPECT_TRUE(PumpUntil(30s,
                          [&] {
                            auto events = stack_->TallyMatrix().events_by_body;
                            auto it = events.find(text);
                            return it != events.end() && it->second >= expected_events;
                          }))
        << text << "\n"
        << stack_->Logs();
    return tags->msgid;
  }

  // The txn ids (percent-decoded) of the /send calls with `body`, repeats included.
  std::vector<std::string> TxnsOf(const std::string& body) {
    std::vector<std::string> txns;
    for (const testing::RecordedRequest& r : stack_->homeserver().RequestsTo("PUT", "/send/")) {
      if (r.body.find(absl::StrCat("\"body\":\"", body, "\"")) != std::string::npos) {
        txns.push_back(r.path.substr(r.path.rfind('/') + 1));
      }
    }
    return txns;
  }

  absl::StatusOr<redis::Reply> Redis(std::vector<std::string> args) {
    return stack_->redis().Execute(args);
  }

  bool LineRecordExists(const std::string& msgid) {
    absl::StatusOr<redis::Reply> reply =
        Redis({"EXISTS", absl::StrCat("mxedge:irc:line:", kNetwork, ":id:", msgid)});
    return reply.ok() && reply->integer() == 1;
  }

  // The workers owning a connection (puppet or bridge bot) per `irc:conn`.
  std::set<std::string> WorkersWithConnections() {
    std::set<std::string> owners;
    absl::StatusOr<redis::Reply> keys =
        Redis({"KEYS", absl::StrCat("mxedge:irc:conn:", kNetwork, ":*")});
    if (!keys.ok()) {
      return owners;
    }
    for (const redis::Reply& key : keys->elements()) {
      absl::StatusOr<redis::Reply> owner = Redis({"GET", key.str()});
      if (owner.ok() && !owner->IsNil()) {
        owners.insert(owner->str().substr(0, owner->str().rfind(':')));
      }
    }
    return owners;
  }

  std::string DescribeOwners() {
    std::string out;
    absl::StatusOr<redis::Reply> keys =
        Redis({"KEYS", absl::StrCat("mxedge:irc:conn:", kNetwork, ":*")});
    if (keys.ok()) {
      for (const redis::Reply& key : keys->elements()) {
        absl::StatusOr<redis::Reply> owner = Redis({"GET", key.str()});
        absl::StrAppend(&out, key.str(), " = ", owner.ok() ? owner->str() : "?", "\n");
      }
    }
    return out;
  }

  std::unique_ptr<TaggedIrcClient> tagger_;
};

TEST_F(Ircv3E2eTest, WorkerConnectionsNegotiateTheIrcv3Capabilities) {
  ASSERT_NO_FATAL_FAILURE(StartInspircdStack(1));
  ASSERT_TRUE(WarmUpUsers(0, 1, 60s)) << stack_->Logs();
  absl::StatusOr<v1::GetStatusReply> status = Status(0);
  ASSERT_TRUE(status.ok()) << status.status();
  bool puppet_seen = false;
  for (const v1::ConnectionStatus& connection : status->connections()) {
    if (connection.state() != v1::CONNECTION_STATE_READY) {
      continue;
    }
    puppet_seen = puppet_seen || connection.user_id() == UserId(0);
    EXPECT_THAT(connection.caps(), IsSupersetOf({"echo-message", "message-tags", "server-time"}))
        << connection.user_id();
  }
  EXPECT_TRUE(puppet_seen) << status->DebugString();
}

TEST_F(Ircv3E2eTest, ChannelLineIsBridgedUnderTheServersMsgid) {
  ASSERT_NO_FATAL_FAILURE(StartInspircdStack(1));
  ASSERT_TRUE(WarmUpUsers(0, 1, 60s)) << stack_->Logs();
  const std::string msgid = SayTagged("tagged hello", 1);
  ASSERT_FALSE(msgid.empty());
  EXPECT_THAT(TxnsOf("tagged hello"), ElementsAre(absl::StrCat("irc:", kNetwork, ":id:", msgid)));
  EXPECT_TRUE(LineRecordExists(msgid)) << msgid;

  // The same words again are another message with another msgid: two events.
  const std::string again = SayTagged("tagged hello", 2);
  ASSERT_FALSE(again.empty());
  EXPECT_NE(again, msgid);
  EXPECT_THAT(TxnsOf("tagged hello"), ElementsAre(absl::StrCat("irc:", kNetwork, ":id:", msgid),
                                                  absl::StrCat("irc:", kNetwork, ":id:", again)));
}

TEST_F(Ircv3E2eTest, MatrixLineIsDeliveredOnlyOnceItsEchoComesBack) {
  ASSERT_NO_FATAL_FAILURE(StartInspircdStack(1));
  ASSERT_TRUE(WarmUpUsers(0, 1, 60s)) << stack_->Logs();
  ASSERT_TRUE(tagger_
                  ->Command(absl::StrCat("OPER ", testing::kInspircdOperName, " ",
                                         testing::kInspircdOperPassword),
                            "381", 10s)
                  .ok());
  ASSERT_TRUE(tagger_->Command(absl::StrCat("SAMODE ", kChannel, " +m"), "MODE", 10s).ok());

  // The channel refuses the puppet's line (404): no echo, so the event is not delivered and the
  // router keeps it for a retry instead of acknowledging a line nobody saw.
  stack_->SendMatrix(UserId(0), "while moderated ", 0, 1);
  ASSERT_TRUE(PumpUntil(30s, [&] {
    return stack_->worker(0).Log().find("the server refused the line (404)") != std::string::npos;
  })) << stack_->Logs();
  EXPECT_FALSE(watcher_->privmsgs().contains("while moderated 0"));

  ASSERT_TRUE(tagger_->Command(absl::StrCat("SAMODE ", kChannel, " -m"), "MODE", 10s).ok());
  // The retry reaches IRC; a later line of the room follows it (the router keeps room order), so
  // once that one is seen a repeat of the first would have been seen too.
  stack_->SendMatrix(UserId(0), "after moderation ", 0, 1);
  ASSERT_TRUE(PumpUntil(60s, [&] { return watcher_->privmsgs().contains("after moderation 0"); }))
      << stack_->Logs();
  EXPECT_EQ(watcher_->privmsgs().at("while moderated 0"), 1);
  EXPECT_EQ(watcher_->privmsgs().at("after moderation 0"), 1);
}

TEST_F(Ircv3E2eTest, FormattedMatrixLineInAColourStrippingChannelReachesIrcOnce) {
  ASSERT_NO_FATAL_FAILURE(StartInspircdStack(1));
  ASSERT_TRUE(WarmUpUsers(0, 1, 60s)) << stack_->Logs();
  ASSERT_TRUE(tagger_
                  ->Command(absl::StrCat("OPER ", testing::kInspircdOperName, " ",
                                         testing::kInspircdOperPassword),
                            "381", 10s)
                  .ok());
  ASSERT_TRUE(tagger_->Command(absl::StrCat("SAMODE ", kChannel, " +S"), "MODE", 10s).ok());

  // Bold becomes IRC's ^B; the channel strips it, so the echo's text differs from the line sent.
  const auto sent_at = std::chrono::steady_clock::now();
  stack_->homeserver().EnqueueEvents({{{"event_id", "$formatted-in-plus-s"},
                                       {"room_id", stack_->room_id()},
                                       {"sender", UserId(0)},
                                       {"type", "m.room.message"},
                                       {"origin_server_ts", 1'700'000'100'000LL},
                                       {"content",
                                        {{"msgtype", "m.text"},
                                         {"body", "bold words"},
                                         {"format", "org.matrix.custom.html"},
                                         {"formatted_body", "<b>bold</b> words"}}}}});
  stack_->SendMatrix(UserId(0), "after stripping ", 0, 1);
  ASSERT_TRUE(PumpUntil(60s, [&] { return watcher_->privmsgs().contains("after stripping 0"); }))
      << stack_->Logs();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - sent_at);
  // Delivered on its (stripped) echo, not after the 20 s send timeout and a retry that would have
  // written it to the channel again.
  EXPECT_EQ(watcher_->privmsgs().at("bold words"), 1);
  EXPECT_LT(took, 15s);
  EXPECT_EQ(stack_->worker(0).Log().find("line not delivered to IRC"), std::string::npos);
  std::cout << "[ ircv3 ] formatted line in a +S channel and the next one on IRC after "
            << took.count() << " ms\n";
}

TEST_F(Ircv3E2eTest, LinesReplayedByTwoTakeoversReachMatrixOnce) {
  constexpr int kWorkers = 3;
  ASSERT_NO_FATAL_FAILURE(StartInspircdStack(kWorkers));
  // Users join until every worker holds a connection in the channel, so that each takeover below
  // finds a connection that saw (and buffered) the lines (with these worker ids rendezvous hashing
  // places @u11 first on worker-a, the twelfth user).
  int users = 0;
  while (users < 16 && static_cast<int>(WorkersWithConnections().size()) < kWorkers) {
    ASSERT_TRUE(WarmUpUsers(users, 1, 60s)) << stack_->Logs();
    ++users;
  }
  ASSERT_EQ(static_cast<int>(WorkersWithConnections().size()), kWorkers) << DescribeOwners();
  ASSERT_TRUE(IrcLineReachesMatrix("receiver warm", 30s)) << stack_->Logs();

  std::vector<std::string> msgids;
  for (int i = 1; i <= 3; ++i) {
    msgids.push_back(SayTagged("same words", i));
    ASSERT_FALSE(msgids.back().empty());
  }
  for (int takeover = 1; takeover <= 2; ++takeover) {
    absl::StatusOr<std::string> receiver = stack_->Receiver();
    ASSERT_TRUE(receiver.ok()) << receiver.status();
    const std::string victim = receiver->substr(0, receiver->find(':'));
    const int index = stack_->WorkerIndex(victim);
    ASSERT_GE(index, 0) << *receiver;
    ASSERT_TRUE(stack_->worker(index).process().Kill().ok());
    // The next line makes a connection that buffered the three lines the receiver; it replays
    // them first, and de-dup by msgid drops every one.
    const std::string marker = absl::StrCat("after takeover ", takeover);
    SayTagged(marker, 1);
    absl::StatusOr<std::string> now = stack_->Receiver();
    ASSERT_TRUE(now.ok()) << now.status();
    EXPECT_NE(now->substr(0, now->find(':')), victim);
  }
  const MatrixTally tally = stack_->TallyMatrix();
  EXPECT_EQ(tally.events_by_body.at("same words"), 3);
  EXPECT_TRUE(tally.repeated_sends.empty());
  std::vector<std::string> expected;
  for (const std::string& msgid : msgids) {
    expected.push_back(absl::StrCat("irc:", kNetwork, ":id:", msgid));
    EXPECT_TRUE(LineRecordExists(msgid)) << msgid;
  }
  EXPECT_EQ(TxnsOf("same words"), expected);
  std::cout << "[ ircv3 ] users warmed=" << users << ", /send calls=" << tally.requests << "\n";
}

}  // namespace
}  // namespace mxedge::irc_e2e
