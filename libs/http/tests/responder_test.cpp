#include "mxedge/http/responder.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <thread>
#include <vector>

namespace mxedge::http {
namespace {

TEST(ResponderTest, FirstSendWinsAcrossCopiesAndThreads) {
  int delivered = 0;
  int status = 0;
  {
    Responder responder([&](Response r) {
      ++delivered;
      status = r.status;
    });
    std::vector<std::thread> threads;
    std::atomic<int> wins{0};
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([responder, i, &wins] {
        if (responder.Send(Response::Text(200 + i, "x"))) {
          ++wins;
        }
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    EXPECT_EQ(wins.load(), 1);
    EXPECT_TRUE(responder.answered());
  }
  EXPECT_EQ(delivered, 1);
  EXPECT_GE(status, 200);
  EXPECT_LT(status, 208);
}

TEST(ResponderTest, DroppingEveryCopyUnansweredDelivers500) {
  std::optional<Response> got;
  {
    Responder responder([&](Response r) { got = std::move(r); });
    Responder copy = responder;
  }
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status, 500);
  EXPECT_NE(got->body.find("M_UNKNOWN"), std::string::npos);
}

}  // namespace
}  // namespace mxedge::http
