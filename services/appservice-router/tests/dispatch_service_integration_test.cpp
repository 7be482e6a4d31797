// Dispatcher against a real redis-server and recording EventSinks over real gRPC on 127.0.0.1.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "dead_letter.hpp"
#include "dispatch_entry.hpp"
#include "dispatch_recording_sink.hpp"
#include "dispatch_service.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/ownership/redis_idempotency_store.hpp"
#include "mxedge/ownership/redis_lease_store.hpp"
#include "mxedge/ownership/redis_member_registry.hpp"
#include "mxedge/ownership/rendezvous.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/hiredis_client.hpp"
#include "mxedge/redis/stream_commands.hpp"
#include "mxedge/testing/redis_server.hpp"
#include "nlohmann/json.hpp"
#include "sink_channel_cache.hpp"
#include "sink_client_grpc.hpp"

namespace mxedge::appservice_router {
namespace {

using dispatch_testing::RecordedDelivery;
using dispatch_testing::RecordingSink;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kShards = 8;
constexpr char kToken[] = "internal-test-token";

// Any fixed room -> shard mapping keeps a room's events in one stream, which is all the
// dispatcher relies on.
int TestShard(const std::string& room) {
  unsigned sum = 0;
  for (char c : room) {
    sum += static_cast<unsigned char>(c);
  }
  return static_cast<int>(sum % kShards);
}

class TestUsers final : public UserSinkLookup {
 public:
  std::optional<SinkTarget> SinkOfUser(std::string_view user_id) const override {
    if (user_id.starts_with("@irc_libera_")) {
      return SinkTarget::Irc("libera");
    }
    if (user_id == "@micropub:hs") {
      return SinkTarget::Micropub();
    }
    return std::nullopt;
  }
};

std::unique_ptr<redis::HiredisClient> Connect(const std::string& url) {
  redis::HiredisOptions options;
  options.url = url;
  options.pool_size = 6;
  options.command_timeout = milliseconds(3000);
  auto client = redis::HiredisClient::Create(options);
  EXPECT_TRUE(client.ok()) << client.status();
  return client.ok() ? *std::move(client) : nullptr;
}

DispatcherOptions TestOptions(std::string router_id, std::string micropub_address) {
  DispatcherOptions options;
  options.router_id = std::move(router_id);
  options.shards = kShards;
  options.max_attempts = 3;
  options.backoff_min = milliseconds(20);
  options.backoff_max = milliseconds(200);
  options.batch_size = 50;
  options.lease_ttl = milliseconds(900);
  options.heartbeat_interval = milliseconds(150);
  options.block = milliseconds(50);
  options.micropub_address = std::move(micropub_address);
  options.trim_interval = milliseconds(200);
  return options;
}

// One router process: its own Redis pool, stores, metrics and dispatcher.
class Router {
 public:
  Router(const std::string& url, DispatcherOptions options, SinkClient& sinks,
         const UserSinkLookup& users)
      : client_(Connect(url)),
        leases_(*client_),
        routers_(*client_, "mxedge:as:routers", common::SystemClock::Instance()),
        workers_(*client_, "mxedge:irc:workers", common::SystemClock::Instance()),
        idempotency_(*client_),
        dispatcher_(std::move(options),
                    DispatcherDeps{*client_, leases_, routers_, workers_, idempotency_, sinks,
                                   users, metrics_, common::SystemClock::Instance()}) {}

  Dispatcher& dispatcher() { return dispatcher_; }
  common::MetricsRegistry& metrics() { return metrics_; }

 private:
  std::unique_ptr<redis::HiredisClient> client_;
  ownership::RedisLeaseStore leases_;
  ownership::RedisMemberRegistry routers_;
  ownership::RedisMemberRegistry workers_;
  ownership::RedisIdempotencyStore idempotency_;
  common::MetricsRegistry metrics_;
  Dispatcher dispatcher_;
};

std::string EventJson(const std::string& event_id, const std::string& room,
                      const std::string& sender) {
  nlohmann::json event = {{"event_id", event_id},
                          {"room_id", room},
                          {"sender", sender},
                          {"type", "m.room.message"},
                          {"origin_server_ts", 1700000000000},
                          {"content", {{"msgtype", "m.text"}, {"body", "hello"}}}};
  return event.dump();
}

template <typename Pred>
bool WaitUntil(Pred pred, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  return true;
}

class DispatchIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = mxedge::testing::RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    redis_ = *std::move(server);
    client_ = Connect(redis_->url());
    ASSERT_NE(client_, nullptr);
    sink_client_ = std::make_unique<GrpcSinkClient>(
        GrpcSinkClientOptions{kToken, milliseconds(5000)}, channels_);
  }

  // Appends events `<prefix><i>` for i in [first, first + count) to `room`, in order.
  void AddEvents(const std::string& room, const std::string& prefix, int first, int count,
                 const std::string& sender = "@alice:hs") {
    std::vector<std::vector<std::string>> commands;
    for (int i = first; i < first + count; ++i) {
      DispatchEntry entry;
      entry.kind = EntryKind::kPersistent;
      entry.event_json = EventJson(prefix + std::to_string(i), room, sender);
      entry.txn_id = "txn";
      entry.received_unix_ms = common::SystemClock::Instance().NowUnixMs();
      std::vector<std::string> xadd = {"XADD", DispatchStreamKey("mxedge:", TestShard(room)), "*"};
      for (auto& [field, value] : EncodeEntryFields(entry)) {
        xadd.push_back(field);
        xadd.push_back(value);
      }
      commands.push_back(std::move(xadd));
      if (commands.size() == 500) {
        ASSERT_TRUE(client_->Pipeline(commands).ok());
        commands.clear();
      }
    }
    if (!commands.empty()) {
      ASSERT_TRUE(client_->Pipeline(commands).ok());
    }
  }

  void MakeMicropubRoom(const std::string& room) {
    ASSERT_TRUE(redis::Set(*client_, "mxedge:mp:room:" + room, "@someone:hs").ok());
  }

  std::unique_ptr<Router> StartRouter(const std::string& id, const std::string& micropub) {
    auto router =
        std::make_unique<Router>(redis_->url(), TestOptions(id, micropub), *sink_client_, users_);
    EXPECT_TRUE(router->dispatcher().Start().ok());
    return router;
  }

  std::unique_ptr<mxedge::testing::RedisServer> redis_;
  std::unique_ptr<redis::HiredisClient> client_;
  SinkChannelCache channels_;
  std::unique_ptr<GrpcSinkClient> sink_client_;
  TestUsers users_;
};

// Every room's events reached the sink, first deliveries in room order.
void ExpectRoomOrder(const RecordingSink& sink, const std::map<std::string, int>& rooms,
                     const std::string& prefix_of_room_suffix) {
  std::map<std::string, std::vector<std::string>> by_room = sink.DoneByRoom();
  for (const auto& [room, count] : rooms) {
    std::vector<std::string> firsts;
    std::set<std::string> seen;
    for (const std::string& id : by_room[room]) {
      if (seen.insert(id).second) {
        firsts.push_back(id);
      }
    }
    ASSERT_EQ(firsts.size(), static_cast<size_t>(count)) << room;
    for (int i = 0; i < count; ++i) {
      ASSERT_EQ(firsts[i], "$" + room.substr(1, room.find(':') - 1) + prefix_of_room_suffix +
                               std::to_string(i))
          << room << " position " << i;
    }
  }
}

// The sum over all label sets of a counter in Prometheus text.
double CounterSum(const std::string& text, const std::string& name) {
  double sum = 0;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) == 0 || line.rfind(name + " ", 0) == 0) {
      sum += std::stod(line.substr(line.rfind(' ') + 1));
    }
  }
  return sum;
}

TEST_F(DispatchIntegrationTest, TwoRoutersDeliverTenThousandEventsInRoomOrder) {
  RecordingSink sink;
  ASSERT_TRUE(sink.ok());
  auto r1 = StartRouter("router-a", sink.address());
  auto r2 = StartRouter("router-b", sink.address());
  ASSERT_TRUE(WaitUntil(
      [&] {
        return r1->dispatcher().OwnedShards().size() == kShards / 2 &&
               r2->dispatcher().OwnedShards().size() == kShards / 2;
      },
      seconds(10)))
      << "shards spread evenly over both routers";
  std::map<std::string, int> rooms;
  for (int r = 0; r < 20; ++r) {
    std::string room = "!room" + std::to_string(r) + ":hs";
    MakeMicropubRoom(room);
    rooms[room] = 500;
  }
  for (int chunk = 0; chunk < 5; ++chunk) {
    for (const auto& [room, count] : rooms) {
      AddEvents(room, "$" + room.substr(1, room.find(':') - 1) + "-", chunk * 100, 100);
    }
  }
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 10000; }, seconds(120)))
      << sink.UniqueDone() << " of 10000 delivered";
  ExpectRoomOrder(sink, rooms, "-");
  for (const RecordedDelivery& delivery : sink.Deliveries()) {
    ASSERT_EQ(delivery.authorization, std::string("Bearer ") + kToken);
  }
  // Everything acknowledged, idempotency records written.
  ASSERT_TRUE(
      WaitUntil([&] { return r1->dispatcher().Unacked() == 0 && r2->dispatcher().Unacked() == 0; },
                seconds(10)));
  auto record = redis::Get(*client_, "mxedge:ev:$room3-42:micropub");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->value_or(""), "done");
  EXPECT_THAT(r1->metrics().RenderText(),
              ::testing::HasSubstr("mxedge_appservice_router_deliveries_total{sink=\"micropub\","
                                   "outcome=\"done\"}"));
  EXPECT_TRUE(r1->dispatcher().Ready().ok());
}

TEST_F(DispatchIntegrationTest, StalledRoomDoesNotHoldOtherRooms) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  sink.HoldRoom("!stalled:hs");
  MakeMicropubRoom("!stalled:hs");
  AddEvents("!stalled:hs", "$stalled-", 0, 10);
  std::map<std::string, int> rooms;
  for (int r = 0; r < 5; ++r) {
    std::string room = "!flow" + std::to_string(r) + ":hs";
    MakeMicropubRoom(room);
    AddEvents(room, "$flow" + std::to_string(r) + "-", 0, 100);
    rooms[room] = 100;
  }
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 500; }, seconds(30)));
  EXPECT_EQ(sink.HeldCalls(), 1u) << "the stalled room's call is still held";
  EXPECT_EQ(sink.DoneByRoom().count("!stalled:hs"), 0u);
  ExpectRoomOrder(sink, rooms, "-");
  sink.ReleaseAll();
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 510; }, seconds(30)));
  ExpectRoomOrder(sink, {{"!stalled:hs", 10}}, "-");
}

TEST_F(DispatchIntegrationTest, PoisonEventIsParkedWithReasonAndRedriven) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  MakeMicropubRoom("!p:hs");
  sink.RetryLater("$p-1", true);
  AddEvents("!p:hs", "$p-", 0, 3);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 2; }, seconds(30)));
  EXPECT_THAT(sink.DoneByRoom()["!p:hs"], ::testing::ElementsAre("$p-0", "$p-2"))
      << "the room moved on past the parked event";
  absl::StatusOr<std::vector<DeadLetter>> dead = ListDead(*client_, "mxedge:", 10);
  ASSERT_TRUE(WaitUntil(
      [&] {
        dead = ListDead(*client_, "mxedge:", 10);
        return dead.ok() && dead->size() == 1;
      },
      seconds(5)));
  const DeadLetter& letter = dead->front();
  EXPECT_EQ(letter.sink, "micropub");
  EXPECT_EQ(letter.attempts, 3);
  EXPECT_THAT(letter.reason, ::testing::HasSubstr("test asks to retry"));
  EXPECT_EQ(letter.stream, DispatchStreamKey("mxedge:", TestShard("!p:hs")));
  EXPECT_THAT(letter.entry.event_json, ::testing::HasSubstr("\"$p-1\""));
  // The dead letter is stored before the counter moves: wait for the counter too.
  EXPECT_TRUE(WaitUntil(
      [&] {
        return absl::StrContains(
            router->metrics().RenderText(),
            "mxedge_appservice_router_parked_events_total{sink=\"micropub\"} 1");
      },
      seconds(5)))
      << router->metrics().RenderText();

  sink.RetryLater("$p-1", false);
  absl::StatusOr<std::string> redriven = RedriveDead(*client_, "mxedge:", letter.id);
  ASSERT_TRUE(redriven.ok()) << redriven.status();
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 3; }, seconds(30)));
  EXPECT_EQ(sink.DoneCounts()["$p-0"], 1) << "redrive touches only the parked event";
  dead = ListDead(*client_, "mxedge:", 10);
  ASSERT_TRUE(dead.ok());
  EXPECT_TRUE(dead->empty());
}

TEST_F(DispatchIntegrationTest, AbandonedRoutersShardsAreTakenOverWithoutLoss) {
  RecordingSink sink;
  auto r1 = StartRouter("router-a", sink.address());
  auto r2 = StartRouter("router-b", sink.address());
  ASSERT_TRUE(WaitUntil(
      [&] {
        return r1->dispatcher().OwnedShards().size() == kShards / 2 &&
               r2->dispatcher().OwnedShards().size() == kShards / 2;
      },
      seconds(10)));
  std::map<std::string, int> rooms;
  for (int r = 0; r < 20; ++r) {
    std::string room = "!k" + std::to_string(r) + ":hs";
    MakeMicropubRoom(room);
    rooms[room] = 150;
  }
  // Hold one of router-a's rooms so it dies with a delivery in flight and events unacknowledged.
  std::vector<int> a_shards = r1->dispatcher().OwnedShards();
  std::string held_room;
  for (const auto& [room, count] : rooms) {
    if (std::find(a_shards.begin(), a_shards.end(), TestShard(room)) != a_shards.end()) {
      held_room = room;
      break;
    }
  }
  ASSERT_FALSE(held_room.empty());
  sink.HoldRoom(held_room);
  for (int chunk = 0; chunk < 3; ++chunk) {
    for (const auto& [room, count] : rooms) {
      AddEvents(room, "$" + room.substr(1, room.find(':') - 1) + "-", chunk * 50, 50);
    }
  }
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() >= 300; }, seconds(30)));
  ASSERT_TRUE(WaitUntil([&] { return sink.HeldCalls() >= 1; }, seconds(30)));
  const size_t unacked_at_kill = r1->dispatcher().Unacked();
  // Abandon waits for router-a's call in flight, which the sink answers once released; router-a
  // no longer acknowledges anything.
  std::thread killer([&] { r1->dispatcher().Abandon(); });
  sink.ReleaseAll();
  killer.join();
  EXPECT_GT(unacked_at_kill, 0u) << "router-a died with events read and not acknowledged";
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 3000; }, seconds(60)))
      << sink.UniqueDone() << " of 3000 delivered";
  ExpectRoomOrder(sink, rooms, "-");
  EXPECT_EQ(r2->dispatcher().OwnedShards().size(), static_cast<size_t>(kShards));
  int duplicates = 0;
  for (const auto& [id, count] : sink.DoneCounts()) {
    duplicates += count - 1;
  }
  // At most what router-a had in flight: one batch per room queue it served.
  EXPECT_LE(duplicates, 20 * 50);
  // router-b counted every delivery it made from the claimed pending list: the window in which a
  // duplicate can happen was hit, and every duplicate the sink saw lies inside it.
  const double windows =
      CounterSum(r2->metrics().RenderText(), "mxedge_appservice_router_possible_duplicates_total");
  EXPECT_GT(windows, 0.0);
  EXPECT_GE(windows, static_cast<double>(duplicates));
}

TEST_F(DispatchIntegrationTest, IrcEventsGoToOwnerOrRendezvousAndNotMineIsReResolved) {
  RecordingSink w1("w1");
  RecordingSink w2("w2");
  ownership::RedisMemberRegistry workers(*client_, "mxedge:irc:workers",
                                         common::SystemClock::Instance());
  ASSERT_TRUE(workers.Register("w1").ok());
  ASSERT_TRUE(workers.Register("w2").ok());
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:worker:w1", "grpc_address", w1.address()).ok());
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:worker:w2", "grpc_address", w2.address()).ok());
  ASSERT_TRUE(redis::HSet(*client_, "mxedge:irc:room:!irc:hs", "network", "libera").ok());
  ASSERT_TRUE(redis::Set(*client_, "mxedge:irc:conn:libera:@alice:hs", "w2:1").ok());
  ASSERT_TRUE(redis::Set(*client_, "mxedge:irc:conn:libera:@carol:hs", "w1:4").ok());
  w1.NotMine("libera:@carol:hs");
  auto router = StartRouter("router-a", "");
  AddEvents("!irc:hs", "$alice-", 0, 1, "@alice:hs");
  AddEvents("!irc:hs", "$bob-", 0, 1, "@bob:hs");
  AddEvents("!irc:hs", "$carol-", 0, 1, "@carol:hs");
  ASSERT_TRUE(WaitUntil([&] { return w1.UniqueDone() + w2.UniqueDone() == 3; }, seconds(30)));

  std::vector<std::string> live = {"w1", "w2"};
  std::string bob_worker = *ownership::RendezvousOwner("libera:@bob:hs", live);
  RecordingSink& bob_sink = bob_worker == "w1" ? w1 : w2;
  EXPECT_EQ(w2.DoneCounts()["$alice-0"], 1) << "the connection owner";
  EXPECT_EQ(bob_sink.DoneCounts()["$bob-0"], 1) << "rendezvous first";
  EXPECT_EQ(w2.DoneCounts()["$carol-0"], 1) << "re-resolved past the worker that said not mine";
  bool carol_tried_w1 = false;
  for (const RecordedDelivery& delivery : w1.Deliveries()) {
    if (delivery.routing_key == "libera:@carol:hs") {
      carol_tried_w1 = true;
      EXPECT_EQ(delivery.worker_id, "w1");
    }
  }
  EXPECT_TRUE(carol_tried_w1);
  for (const RecordedDelivery& delivery : w2.Deliveries()) {
    EXPECT_EQ(delivery.worker_id, "w2");
  }
  EXPECT_TRUE(redis::SIsMember(*client_, "mxedge:irc:want:libera", "@bob:hs").value());
  EXPECT_FALSE(redis::SIsMember(*client_, "mxedge:irc:want:libera", "@alice:hs").value());
}

TEST_F(DispatchIntegrationTest, MalformedEntryIsParkedAndAcknowledged) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  MakeMicropubRoom("!m:hs");
  std::vector<redis::FieldValue> broken = {{"event", "{not json"}, {"kind", "room"}};
  ASSERT_TRUE(redis::XAdd(*client_, DispatchStreamKey("mxedge:", TestShard("!m:hs")), broken).ok());
  AddEvents("!m:hs", "$m-", 0, 1);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 1; }, seconds(30)));
  absl::StatusOr<std::vector<DeadLetter>> dead;
  ASSERT_TRUE(WaitUntil(
      [&] {
        dead = ListDead(*client_, "mxedge:", 10);
        return dead.ok() && dead->size() == 1;
      },
      seconds(5)));
  EXPECT_THAT(dead->front().reason, ::testing::HasSubstr("not a JSON object"));
  EXPECT_EQ(dead->front().sink, "");
}

TEST_F(DispatchIntegrationTest, StreamsAreTrimmedBelowTheOldestPendingEntry) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  const std::string held = "!held:hs";
  std::string other;
  for (int i = 0; other.empty(); ++i) {
    std::string candidate = "!t" + std::to_string(i) + ":hs";
    if (TestShard(candidate) == TestShard(held)) {
      other = candidate;
    }
  }
  const std::string stream = DispatchStreamKey("mxedge:", TestShard(held));
  MakeMicropubRoom(held);
  MakeMicropubRoom(other);
  sink.HoldRoom(held);
  AddEvents(other, "$old-", 0, 50);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 50; }, seconds(30)));
  AddEvents(held, "$held-", 0, 1);
  AddEvents(other, "$new-", 0, 5);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 55; }, seconds(30)));
  // The 50 acknowledged entries before the held one go; the held one and those after it stay.
  ASSERT_TRUE(
      WaitUntil([&] { return redis::XLen(*client_, stream).value_or(0) == 6; }, seconds(10)))
      << redis::XLen(*client_, stream).value_or(-1);
  sink.ReleaseAll();
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 56; }, seconds(30)));
  ASSERT_TRUE(
      WaitUntil([&] { return redis::XLen(*client_, stream).value_or(0) <= 1; }, seconds(10)))
      << "only the last entry read is kept once nothing is pending";
}

TEST_F(DispatchIntegrationTest, ReadinessFailsWhileRedisIsDownAndRecovers) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  ASSERT_TRUE(WaitUntil([&] { return router->dispatcher().Ready().ok(); }, seconds(10)));
  ASSERT_TRUE(redis_->Stop().ok());
  ASSERT_TRUE(WaitUntil([&] { return !router->dispatcher().Ready().ok(); }, seconds(10)));
  ASSERT_TRUE(redis_->Restart().ok());
  ASSERT_TRUE(WaitUntil([&] { return router->dispatcher().Ready().ok(); }, seconds(20)))
      << router->dispatcher().Ready();
  MakeMicropubRoom("!after:hs");
  AddEvents("!after:hs", "$after-", 0, 3);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 3; }, seconds(30)))
      << "dispatch resumes once Redis is back";
}

TEST_F(DispatchIntegrationTest, EphemeralEventsReachOnlySubscribedSinks) {
  RecordingSink sink;
  auto router = StartRouter("router-a", sink.address());
  MakeMicropubRoom("!eph:hs");
  auto add_ephemeral = [&](const std::string& type, std::vector<std::string> sinks) {
    DispatchEntry entry;
    entry.kind = EntryKind::kEphemeral;
    entry.event_json =
        nlohmann::json{{"type", type}, {"room_id", "!eph:hs"}, {"content", {}}}.dump();
    entry.sinks = std::move(sinks);
    ASSERT_TRUE(redis::XAdd(*client_, DispatchStreamKey("mxedge:", TestShard("!eph:hs")),
                            EncodeEntryFields(entry))
                    .ok());
  };
  add_ephemeral("m.typing", {});  // nobody subscribed: dropped
  add_ephemeral("m.receipt", {"micropub"});
  AddEvents("!eph:hs", "$eph-", 0, 1);
  ASSERT_TRUE(sink.WaitFor([&] { return sink.UniqueDoneUnlocked() == 1; }, seconds(30)));
  std::vector<std::string> types;
  for (const RecordedDelivery& delivery : sink.Deliveries()) {
    types.insert(types.end(), delivery.ephemeral_types.begin(), delivery.ephemeral_types.end());
  }
  EXPECT_THAT(types, ::testing::ElementsAre("m.receipt"));
  EXPECT_THAT(router->metrics().RenderText(),
              ::testing::HasSubstr("mxedge_appservice_router_ephemeral_dropped_total 1"));
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto pending = redis::XPendingSummary(
            *client_, DispatchStreamKey("mxedge:", TestShard("!eph:hs")), kDispatchGroup);
        return pending.ok() && pending->count == 0;
      },
      seconds(10)))
      << "dropped and delivered ephemeral entries are acknowledged";
}

}  // namespace
}  // namespace mxedge::appservice_router
