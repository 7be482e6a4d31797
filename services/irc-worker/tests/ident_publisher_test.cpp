#include "ident_publisher.hpp"

#include <chrono>

#include "gtest/gtest.h"
#include "in_memory_ident_records.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::irc_worker {
namespace {

TEST(IdentPublisherTest, PublishesWhileTheSocketIsUpAndWakesTheFlusher) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory directory(records, std::chrono::seconds(9));
  int wakes = 0;
  IdentPublisher publisher(directory, "alicem", [&wakes] { ++wakes; });
  const SocketPorts ports{.local_port = 40001, .remote_port = 6667};
  const IdentQuery query{.local_port = 40001, .remote_port = 6667};
  publisher.OnSocketOpen(ports);
  EXPECT_EQ(directory.Lookup(query)->value_or(""), "alicem");
  EXPECT_EQ(wakes, 1);
  publisher.OnSocketClosed(ports);
  EXPECT_FALSE(directory.Lookup(query)->has_value());
  EXPECT_EQ(wakes, 2);
}

TEST(IdentPublisherTest, InvalidUserNameIsNotPublished) {
  testing::FakeClock clock;
  InMemoryIdentRecords records(clock);
  IdentDirectory directory(records, std::chrono::seconds(9));
  int wakes = 0;
  IdentPublisher publisher(directory, "bad user", [&wakes] { ++wakes; });
  publisher.OnSocketOpen(SocketPorts{.local_port = 40001, .remote_port = 6667});
  EXPECT_EQ(directory.size(), 0u);
  EXPECT_EQ(wakes, 0);
}

}  // namespace
}  // namespace mxedge::irc_worker
