#include "mxedge/matrix/transaction.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace mxedge::matrix {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json MessageEvent(const std::string& id, const std::string& room = "!r:example.org") {
  return {{"event_id", id},
          {"room_id", room},
          {"sender", "@alice:example.org"},
          {"type", "m.room.message"},
          {"origin_server_ts", 1700000000000},
          {"content", {{"msgtype", "m.text"}, {"body", "hello"}}},
          {"unsigned", {{"age", 10}}}};
}

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ParseTransactionTest, ParsesEventsAndStableEphemeral) {
  json body = {{"events", {MessageEvent("$1"), MessageEvent("$2", "!other:example.org")}},
               {"ephemeral",
                {{{"type", "m.typing"},
                  {"room_id", "!r:example.org"},
                  {"content", {{"user_ids", {"@alice:example.org"}}}}}}},
               {"to_device", json::array({json::object(), json::object()})}};
  absl::StatusOr<Transaction> txn = ParseTransaction(body.dump());
  ASSERT_TRUE(txn.ok()) << txn.status();
  ASSERT_EQ(txn->events.size(), 2u);
  EXPECT_EQ(txn->events[0].event_id, "$1");
  EXPECT_EQ(txn->events[1].room_id, "!other:example.org");
  EXPECT_EQ(json::parse(txn->events[0].content), body["events"][0]["content"]);
  ASSERT_EQ(txn->ephemeral.size(), 1u);
  EXPECT_EQ(txn->ephemeral[0].type, "m.typing");
  EXPECT_EQ(txn->ephemeral[0].room_id, "!r:example.org");
  EXPECT_EQ(txn->to_device_count, 2u);
  EXPECT_TRUE(txn->rejected.empty());
}

TEST(ParseTransactionTest, AcceptsSynapseUnstableEphemeralName) {
  json body = {{"events", json::array()},
               {"de.sorunome.msc2409.ephemeral",
                {{{"type", "m.receipt"}, {"room_id", "!r:s"}, {"content", json::object()}}}},
               {"de.sorunome.msc2409.to_device", json::array({json::object()})}};
  absl::StatusOr<Transaction> txn = ParseTransaction(body.dump());
  ASSERT_TRUE(txn.ok()) << txn.status();
  ASSERT_EQ(txn->ephemeral.size(), 1u);
  EXPECT_EQ(txn->ephemeral[0].type, "m.receipt");
  EXPECT_EQ(txn->to_device_count, 1u);
}

TEST(ParseTransactionTest, StableEphemeralWinsWhenBothPresent) {
  json body = {
      {"events", json::array()},
      {"de.sorunome.msc2409.ephemeral", {{{"type", "m.unstable"}, {"content", json::object()}}}},
      {"ephemeral", {{{"type", "m.stable"}, {"content", json::object()}}}}};
  absl::StatusOr<Transaction> txn = ParseTransaction(body.dump());
  ASSERT_TRUE(txn.ok()) << txn.status();
  ASSERT_EQ(txn->ephemeral.size(), 1u);
  EXPECT_EQ(txn->ephemeral[0].type, "m.stable");
}

TEST(ParseTransactionTest, RejectsBadEventNamingIndexAndField) {
  json body = {{"events", {MessageEvent("$1"), MessageEvent("$2")}}};
  body["events"][1].erase("room_id");
  absl::StatusOr<Transaction> txn = ParseTransaction(body.dump());
  ASSERT_EQ(txn.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(txn.status()), "events[1].room_id: missing");

  body["events"][1] = MessageEvent("$2");
  body["events"][1]["content"] = "text";
  EXPECT_EQ(Message(ParseTransaction(body.dump()).status()),
            "events[1].content: must be an object, not string");
  body["events"][1] = 42;
  EXPECT_EQ(Message(ParseTransaction(body.dump()).status()),
            "events[1]: must be an object, not number");
}

TEST(ParseTransactionTest, SkipMalformedReportsRejectedAndKeepsTheRest) {
  json body = {{"events", {MessageEvent("$1"), MessageEvent("$2"), MessageEvent("$3")}},
               {"ephemeral", {{{"type", 1}}}}};
  body["events"][1]["sender"] = json::array();
  TransactionLimits limits;
  limits.skip_malformed_events = true;
  absl::StatusOr<Transaction> txn = ParseTransaction(body.dump(), limits);
  ASSERT_TRUE(txn.ok()) << txn.status();
  ASSERT_EQ(txn->events.size(), 2u);
  EXPECT_EQ(txn->events[1].event_id, "$3");
  ASSERT_EQ(txn->rejected.size(), 2u);
  EXPECT_EQ(txn->rejected[0].index, 1u);
  EXPECT_FALSE(txn->rejected[0].ephemeral);
  EXPECT_THAT(Message(txn->rejected[0].reason), HasSubstr("events[1].sender"));
  EXPECT_TRUE(txn->rejected[1].ephemeral);
  EXPECT_THAT(Message(txn->rejected[1].reason), HasSubstr("ephemeral[0].type"));
}

TEST(ParseTransactionTest, RejectsMalformedBodies) {
  EXPECT_EQ(Message(ParseTransaction("").status()), "transaction: body is not valid JSON");
  EXPECT_EQ(Message(ParseTransaction("{\"events\":[").status()),
            "transaction: body is not valid JSON");
  EXPECT_EQ(Message(ParseTransaction("[]").status()),
            "transaction: body must be an object, not array");
  EXPECT_EQ(Message(ParseTransaction("{}").status()), "transaction: events: missing");
  EXPECT_EQ(Message(ParseTransaction(R"({"events":null})").status()),
            "transaction: events: missing");
  EXPECT_EQ(Message(ParseTransaction(R"({"events":{}})").status()),
            "transaction: events: must be an array, not object");
  EXPECT_EQ(Message(ParseTransaction(R"({"events":[],"ephemeral":{}})").status()),
            "transaction: ephemeral: must be an array, not object");
  EXPECT_EQ(Message(ParseTransaction(R"({"events":[],"to_device":3})").status()),
            "transaction: to_device: must be an array, not number");
  // Invalid UTF-8 inside a string.
  EXPECT_FALSE(ParseTransaction("{\"events\":[],\"x\":\"\xff\"}").ok());
  // A lone surrogate escape.
  EXPECT_FALSE(ParseTransaction(R"({"events":[],"x":"\ud800"})").ok());
}

TEST(ParseTransactionTest, EnforcesLimits) {
  TransactionLimits limits;
  limits.max_body_bytes = 20;
  EXPECT_THAT(Message(ParseTransaction(R"({"events":[],"padding":"xxxxxxxx"})", limits).status()),
              HasSubstr("exceeds 20"));

  limits = {};
  limits.max_events = 2;
  json body = {{"events", {MessageEvent("$1"), MessageEvent("$2"), MessageEvent("$3")}}};
  EXPECT_EQ(Message(ParseTransaction(body.dump(), limits).status()),
            "transaction: events: 3 events exceed 2");

  limits = {};
  limits.max_ephemeral = 0;
  EXPECT_THAT(
      Message(ParseTransaction(R"({"events":[],"ephemeral":[{"type":"t","content":{}}]})", limits)
                  .status()),
      HasSubstr("1 events exceed 0"));

  limits = {};
  limits.max_depth = 5;
  // transaction → events → event → content → object: depth 5 is fine, 6 is not.
  EXPECT_TRUE(ParseTransaction(
                  R"({"events":[{"event_id":"$1","room_id":"!r","sender":"@a:s","type":"t",
                     "content":{"a":{}}}]})",
                  limits)
                  .ok());
  EXPECT_THAT(Message(ParseTransaction(
                          R"({"events":[{"event_id":"$1","room_id":"!r","sender":"@a:s",
                             "type":"t","content":{"a":{"b":[]}}}]})",
                          limits)
                          .status()),
              HasSubstr("nested deeper than 5"));
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseTransaction(R"({"events":[],"x":"[[[[[[[[\"{{{{{{"})", limits).ok());
}

TEST(ParseTransactionTest, DeepNestingIsRejectedNotCrashing) {
  const std::string deep =
      "{\"events\":[],\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(ParseTransaction(deep).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(FingerprintTest, IsSha256OfSortedIdsJoinedByNewline) {
  // printf '$a\n$b' | sha256sum
  const std::string expected = "0b3b7a4fd77069c9a5f9104d9d9793ead66a9692efeb14d75931611d2d3048aa";
  EXPECT_EQ(FingerprintOfIds({"$a", "$b"}), expected);
  EXPECT_EQ(FingerprintOfIds({"$b", "$a"}), expected);
  // sha256("") and sha256("abc"), the FIPS 180-2 vectors.
  EXPECT_EQ(FingerprintOfIds({}),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(FingerprintOfIds({"abc"}),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(FingerprintOfIds({"$a"}), expected);
}

TEST(FingerprintTest, IgnoresEverythingButTheIds) {
  json first = {{"events", {MessageEvent("$1"), MessageEvent("$2")}}};
  json retry = first;
  retry["events"][0]["unsigned"]["age"] = 99999;
  std::swap(retry["events"][0], retry["events"][1]);
  absl::StatusOr<Transaction> a = ParseTransaction(first.dump());
  absl::StatusOr<Transaction> b = ParseTransaction(retry.dump(2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(Fingerprint(a->events), Fingerprint(b->events));
  json other = {{"events", {MessageEvent("$1"), MessageEvent("$3")}}};
  EXPECT_NE(Fingerprint(a->events), Fingerprint(ParseTransaction(other.dump())->events));
}

}  // namespace
}  // namespace mxedge::matrix
