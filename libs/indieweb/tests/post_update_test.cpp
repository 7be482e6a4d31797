#include "mxedge/indieweb/post_update.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using nlohmann::json;

TEST(UpdateToJsonTest, OneOperationPerRequest) {
  auto replace = UpdateToJson(PostUpdate::ReplaceContent("https://me.example/1", "new"));
  ASSERT_TRUE(replace.ok());
  EXPECT_EQ(*replace, json::parse(R"({"action":"update","url":"https://me.example/1",
                                     "replace":{"content":["new"]}})"));
  PostUpdate add{"https://me.example/1", PostUpdate::Operation::kAdd, {{"category", {"x"}}}, {}};
  EXPECT_EQ(UpdateToJson(add)->at("add"), json::parse(R"({"category":["x"]})"));
  PostUpdate del_values{
      "https://me.example/1", PostUpdate::Operation::kDeleteValues, {{"category", {"x"}}}, {}};
  EXPECT_EQ(UpdateToJson(del_values)->at("delete"), json::parse(R"({"category":["x"]})"));
  PostUpdate del_props{
      "https://me.example/1", PostUpdate::Operation::kDeleteProperties, {}, {"category"}};
  EXPECT_EQ(UpdateToJson(del_props)->at("delete"), json::parse(R"(["category"])"));
}

TEST(UpdateToJsonTest, MalformedUpdatesAreInvalidArgument) {
  EXPECT_FALSE(UpdateToJson(PostUpdate::ReplaceContent("", "x")).ok());
  PostUpdate no_values{"https://me.example/1", PostUpdate::Operation::kReplace, {}, {}};
  EXPECT_EQ(UpdateToJson(no_values).status().code(), absl::StatusCode::kInvalidArgument);
  PostUpdate scalar{
      "https://me.example/1", PostUpdate::Operation::kReplace, {{"content", "not an array"}}, {}};
  EXPECT_EQ(UpdateToJson(scalar).status().code(), absl::StatusCode::kInvalidArgument);
  PostUpdate no_names{"https://me.example/1", PostUpdate::Operation::kDeleteProperties, {}, {}};
  EXPECT_EQ(UpdateToJson(no_names).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::indieweb
