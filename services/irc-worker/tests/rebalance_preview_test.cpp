#include "rebalance_preview.hpp"

#include <gtest/gtest.h>

#include "irc_keys.hpp"
#include "mxedge/ownership/rendezvous.hpp"

namespace mxedge::irc_worker {
namespace {

std::set<ConnectionKey> Held(int count, const std::string& network = "net") {
  std::set<ConnectionKey> held;
  for (int i = 0; i < count; ++i) {
    held.insert({network, "@u" + std::to_string(i) + ":hs"});
  }
  return held;
}

WorkerInfo Worker(std::string id, int64_t capacity, int64_t connections, bool draining = false) {
  WorkerInfo info;
  info.id = std::move(id);
  info.capacity = capacity;
  info.connections = connections;
  info.draining = draining;
  return info;
}

TEST(RebalancePreviewTest, AloneNothingMoves) {
  RebalancePreview p = PreviewRebalance(Held(50), {Worker("w1", 100, 50)}, "w1", "", 100, false);
  EXPECT_TRUE(p.moves.empty());
  EXPECT_EQ(p.remaining, 0);
}

TEST(RebalancePreviewTest, MovesExactlyTheConnectionsRankedFirstOnTheNewWorker) {
  const std::set<ConnectionKey> held = Held(100);
  const std::vector<WorkerInfo> live = {Worker("w1", 1000, 100), Worker("w2", 1000, 0)};
  RebalancePreview p = PreviewRebalance(held, live, "w1", "", 1000, false);
  // Rendezvous hashing spreads 100 keys over two workers roughly evenly.
  EXPECT_GT(p.moves.size(), 25u);
  EXPECT_LT(p.moves.size(), 75u);
  EXPECT_EQ(p.by_worker["w2"], static_cast<int64_t>(p.moves.size()));
  EXPECT_EQ(p.remaining, 0);
  const std::vector<std::string> ids = {"w1", "w2"};
  for (const ConnectionKey& key : p.moves) {
    EXPECT_EQ(ownership::RankByRendezvous(RoutingKey(key.network, key.mxid), ids).front(), "w2");
  }
}

TEST(RebalancePreviewTest, MaxMovesCapsAndTheRestIsRemaining) {
  const std::vector<WorkerInfo> live = {Worker("w1", 1000, 100), Worker("w2", 1000, 0)};
  RebalancePreview all = PreviewRebalance(Held(100), live, "w1", "", 1000, false);
  RebalancePreview capped = PreviewRebalance(Held(100), live, "w1", "", 5, false);
  ASSERT_EQ(capped.moves.size(), 5u);
  EXPECT_EQ(capped.remaining, static_cast<int64_t>(all.moves.size()) - 5);
  EXPECT_TRUE(std::equal(capped.moves.begin(), capped.moves.end(), all.moves.begin()));
}

TEST(RebalancePreviewTest, ADestinationWithoutRoomGetsNoMoreThanItsRoom) {
  const std::vector<WorkerInfo> live = {Worker("w1", 1000, 100), Worker("w2", 3, 1)};
  RebalancePreview p = PreviewRebalance(Held(100), live, "w1", "", 1000, false);
  EXPECT_EQ(p.moves.size(), 2u);
  EXPECT_EQ(p.remaining, 0);  // misplaced but with nowhere to go: not counted as remaining
}

TEST(RebalancePreviewTest, DrainingWorkersNeitherReceiveNorSend) {
  const std::vector<WorkerInfo> to_draining = {Worker("w1", 1000, 100),
                                               Worker("w2", 1000, 0, /*draining=*/true)};
  EXPECT_TRUE(PreviewRebalance(Held(100), to_draining, "w1", "", 1000, false).moves.empty());
  const std::vector<WorkerInfo> live = {Worker("w1", 1000, 100), Worker("w2", 1000, 0)};
  EXPECT_TRUE(PreviewRebalance(Held(100), live, "w1", "", 1000, /*draining=*/true).moves.empty());
}

TEST(RebalancePreviewTest, OnlyTheNamedNetworkMoves) {
  std::set<ConnectionKey> held = Held(40, "aaa");
  for (const ConnectionKey& key : Held(40, "bbb")) {
    held.insert(key);
  }
  const std::vector<WorkerInfo> live = {Worker("w1", 1000, 80), Worker("w2", 1000, 0)};
  RebalancePreview p = PreviewRebalance(held, live, "w1", "bbb", 1000, false);
  ASSERT_FALSE(p.moves.empty());
  for (const ConnectionKey& key : p.moves) {
    EXPECT_EQ(key.network, "bbb");
  }
}

}  // namespace
}  // namespace mxedge::irc_worker
