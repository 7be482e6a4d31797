#include "body_source.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace mxedge::coap_cli {
namespace {

TEST(LoadJsonBodyTest, LiteralIsParsed) {
  std::istringstream in;
  absl::StatusOr<nlohmann::json> body = LoadJsonBody(R"({"msgtype":"m.text"})", in);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ((*body)["msgtype"], "m.text");
}

TEST(LoadJsonBodyTest, DashReadsStandardInput) {
  std::istringstream in(R"([1, 2, 3])");
  absl::StatusOr<nlohmann::json> body = LoadJsonBody("-", in);
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ(*body, nlohmann::json::array({1, 2, 3}));
}

TEST(LoadJsonBodyTest, AtReadsAFile) {
  const std::string path = ::testing::TempDir() + "/body_source_test.json";
  std::ofstream(path) << R"({"body":"hi"})";
  std::istringstream in;
  absl::StatusOr<nlohmann::json> body = LoadJsonBody("@" + path, in);
  std::remove(path.c_str());
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ((*body)["body"], "hi");
}

TEST(LoadJsonBodyTest, MissingFileNamesIt) {
  std::istringstream in;
  absl::StatusOr<nlohmann::json> body = LoadJsonBody("@/nonexistent/dir/x.json", in);
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(body.status().message().find("/nonexistent/dir/x.json"), std::string::npos);
}

TEST(LoadJsonBodyTest, EmptyFileNameIsAnError) {
  std::istringstream in;
  EXPECT_EQ(LoadJsonBody("@", in).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LoadJsonBodyTest, NotJsonNamesTheOriginAndOffset) {
  std::istringstream in("{\"a\": }");
  absl::StatusOr<nlohmann::json> body = LoadJsonBody("-", in);
  ASSERT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(body.status().message().find("standard input"), std::string::npos);
  EXPECT_NE(body.status().message().find("byte 7"), std::string::npos);
  std::istringstream none;
  EXPECT_EQ(LoadJsonBody("{", none).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadJsonBody("", none).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LoadBodyTextTest, LiteralIsReturnedAsIs) {
  std::istringstream in("ignored");
  EXPECT_EQ(*LoadBodyText("abc", in), "abc");
}

}  // namespace
}  // namespace mxedge::coap_cli
