#include "mxedge/http/retry_after.hpp"

#include <gtest/gtest.h>

namespace mxedge::http {
namespace {

const auto kNow = std::chrono::system_clock::from_time_t(784111777);  // 1994-11-06 08:49:37 UTC

Response WithHeader(std::string value) {
  Response r;
  r.status = 503;
  r.headers.emplace("retry-after", std::move(value));
  return r;
}

TEST(RetryAfterMsTest, ReadsDelaySeconds) {
  EXPECT_EQ(RetryAfterMs(WithHeader("120"), kNow), 120000);
  EXPECT_EQ(RetryAfterMs(WithHeader(" 0 "), kNow), 0);
}

TEST(RetryAfterMsTest, ReadsHttpDateRelativeToNow) {
  EXPECT_EQ(RetryAfterMs(WithHeader("Sun, 06 Nov 1994 08:50:07 GMT"), kNow), 30000);
  EXPECT_EQ(RetryAfterMs(WithHeader("Sunday, 06-Nov-94 08:49:47 GMT"), kNow), 10000);
  EXPECT_EQ(RetryAfterMs(WithHeader("Sun Nov  6 08:49:38 1994"), kNow), 1000);
  EXPECT_EQ(RetryAfterMs(WithHeader("Sun, 06 Nov 1994 08:00:00 GMT"), kNow), 0);
}

TEST(RetryAfterMsTest, ReadsMatrixRetryAfterMs) {
  Response r = Response::Json(
      429, R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000})");
  EXPECT_EQ(RetryAfterMs(r, kNow), 2000);
  r.headers.emplace("Retry-After", "5");
  EXPECT_EQ(RetryAfterMs(r, kNow), 2000);  // the body's millisecond value wins
}

TEST(RetryAfterMsTest, IgnoresJunk) {
  EXPECT_EQ(RetryAfterMs(WithHeader("soon"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(WithHeader("-5"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(WithHeader("Sun, 06 Nov 1994 08:49:37 GMT trailing"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(Response::Json(429, R"({"retry_after_ms":"2000"})"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(Response::Json(429, R"({"retry_after_ms":-1})"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(Response::Json(429, "not json"), kNow), std::nullopt);
  EXPECT_EQ(RetryAfterMs(Response{}, kNow), std::nullopt);
}

TEST(RetryAfterMsTest, CapsHugeValues) {
  auto ms = RetryAfterMs(WithHeader("99999999999999999"), kNow);
  ASSERT_TRUE(ms.has_value());
  EXPECT_EQ(*ms, int64_t{365} * 24 * 3600 * 1000);
}

}  // namespace
}  // namespace mxedge::http
