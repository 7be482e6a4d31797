#include "sync_filter.hpp"

#include "gtest/gtest.h"

namespace mxedge::coap_gateway {
namespace {

v1::HttpCall SyncCall(std::string path = "/_matrix/client/r0/sync") {
  v1::HttpCall call;
  call.set_method(v1::HTTP_METHOD_GET);
  call.set_path(std::move(path));
  v1::QueryParam* since = call.add_query();
  since->set_key("since");
  since->set_value("s72594_4483_1934");
  return call;
}

TEST(IsSyncPathTest, MatchesR0AndV3SyncOnly) {
  EXPECT_TRUE(IsSyncPath("/_matrix/client/r0/sync"));
  EXPECT_TRUE(IsSyncPath("/_matrix/client/v3/sync"));
  EXPECT_FALSE(IsSyncPath("/_matrix/client/r0/sync/"));
  EXPECT_FALSE(IsSyncPath("/_matrix/client/unstable/org.matrix.msc3575/sync"));
  EXPECT_FALSE(IsSyncPath("/_matrix/client/r0/rooms/!a:b/messages"));
}

TEST(DefaultSyncFilterTest, IsCompactJson) {
  EXPECT_EQ(DefaultSyncFilter({}),
            R"({"room":{"state":{"lazy_load_members":true},"timeline":{"limit":10}}})");
  EXPECT_EQ(DefaultSyncFilter({true, false, 3}), R"({"room":{"timeline":{"limit":3}}})");
}

TEST(ApplyDefaultSyncFilterTest, AddsFilterAfterClientsParameters) {
  v1::HttpCall call = SyncCall();
  EXPECT_TRUE(ApplyDefaultSyncFilter({true, true, 5}, call));
  ASSERT_EQ(call.query_size(), 2);
  EXPECT_EQ(call.query(0).key(), "since");
  EXPECT_EQ(call.query(1).key(), "filter");
  EXPECT_EQ(call.query(1).value(),
            R"({"room":{"state":{"lazy_load_members":true},"timeline":{"limit":5}}})");
}

TEST(ApplyDefaultSyncFilterTest, AppliesToV3) {
  v1::HttpCall call = SyncCall("/_matrix/client/v3/sync");
  EXPECT_TRUE(ApplyDefaultSyncFilter({}, call));
  EXPECT_EQ(call.query_size(), 2);
}

TEST(ApplyDefaultSyncFilterTest, KeepsClientsFilter) {
  v1::HttpCall call = SyncCall();
  v1::QueryParam* filter = call.add_query();
  filter->set_key("filter");
  filter->set_value("");
  EXPECT_FALSE(ApplyDefaultSyncFilter({}, call));
  ASSERT_EQ(call.query_size(), 2);
  EXPECT_EQ(call.query(1).value(), "");
}

TEST(ApplyDefaultSyncFilterTest, LeavesOtherCallsAlone) {
  v1::HttpCall other = SyncCall("/_matrix/client/r0/joined_rooms");
  EXPECT_FALSE(ApplyDefaultSyncFilter({}, other));
  EXPECT_EQ(other.query_size(), 1);
  v1::HttpCall post = SyncCall();
  post.set_method(v1::HTTP_METHOD_POST);
  EXPECT_FALSE(ApplyDefaultSyncFilter({}, post));
  EXPECT_EQ(post.query_size(), 1);
}

TEST(ApplyDefaultSyncFilterTest, DisabledDoesNothing) {
  v1::HttpCall call = SyncCall();
  EXPECT_FALSE(ApplyDefaultSyncFilter({false, true, 10}, call));
  EXPECT_EQ(call.query_size(), 1);
}

}  // namespace
}  // namespace mxedge::coap_gateway
