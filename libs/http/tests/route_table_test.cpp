#include "route_table.hpp"

#include <gtest/gtest.h>

namespace mxedge::http::internal {
namespace {

Handler Named(std::string* out, std::string name) {
  return [out, name](const Request&, Responder) { *out = name; };
}

void Call(const RouteTable::Result& r) {
  (*r.handler)(Request{}, Responder([](Response) {}));
}

TEST(RouteTableTest, CapturesRawSegments) {
  RouteTable table;
  std::string hit;
  table.Add("PUT", "/_matrix/app/v1/transactions/:txnId", Named(&hit, "txn"));
  auto r = table.Find("PUT", "/_matrix/app/v1/transactions/12%2F3");
  ASSERT_EQ(r.outcome, RouteTable::Outcome::kMatched);
  EXPECT_EQ(r.pattern, "/_matrix/app/v1/transactions/:txnId");
  EXPECT_EQ(r.raw_params.at("txnId"), "12%2F3");
  Call(r);
  EXPECT_EQ(hit, "txn");
}

TEST(RouteTableTest, WrongMethodListsAllowedMethods) {
  RouteTable table;
  std::string hit;
  table.Add("GET", "/rooms/:id/state", Named(&hit, "get"));
  table.Add("put", "/rooms/:id/state", Named(&hit, "put"));
  auto r = table.Find("DELETE", "/rooms/!a:x/state");
  EXPECT_EQ(r.outcome, RouteTable::Outcome::kMethodNotAllowed);
  EXPECT_EQ(r.allowed, (std::vector<std::string>{"GET", "PUT"}));
  EXPECT_EQ(table.Find("PUT", "/rooms/!a:x/state").outcome, RouteTable::Outcome::kMatched);
}

TEST(RouteTableTest, UnknownPathsAndEmptySegmentsAreNotFound) {
  RouteTable table;
  std::string hit;
  table.Add("GET", "/users/:userId", Named(&hit, "user"));
  EXPECT_EQ(table.Find("GET", "/users/").outcome, RouteTable::Outcome::kNotFound);
  EXPECT_EQ(table.Find("GET", "/users/a/b").outcome, RouteTable::Outcome::kNotFound);
  EXPECT_EQ(table.Find("GET", "/rooms/a").outcome, RouteTable::Outcome::kNotFound);
}

TEST(RouteTableTest, LiteralSegmentsWinOverCaptures) {
  RouteTable table;
  std::string hit;
  table.Add("GET", "/rooms/:roomId", Named(&hit, "capture"));
  table.Add("GET", "/rooms/joined", Named(&hit, "literal"));
  Call(table.Find("GET", "/rooms/joined"));
  EXPECT_EQ(hit, "literal");
  Call(table.Find("GET", "/rooms/!r:x"));
  EXPECT_EQ(hit, "capture");
}

}  // namespace
}  // namespace mxedge::http::internal
