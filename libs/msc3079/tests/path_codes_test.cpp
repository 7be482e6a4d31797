#include "mxedge/msc3079/path_codes.hpp"

#include <gtest/gtest.h>

#include "mxedge/msc3079/path_code_table.hpp"
#include "test_data.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;

absl::StatusOr<std::string> Expand(std::string_view coap_path,
                                   ClientApiVersion version = ClientApiVersion::kR0) {
  const std::vector<std::string> segments = SplitCoapPath(coap_path);
  return CoapPathToHttp(segments, version);
}

TEST(PathCodeTableTest, V1EqualsTheMscTableFileExactly) {
  const json file = testing::LoadDataJson("tables_v1.json")["coap_paths_v1"];
  const PathCodeTable& table = PathCodeTable::V1();
  ASSERT_EQ(file.size(), 57u);
  ASSERT_EQ(table.size(), file.size());
  for (const auto& [code, path] : file.items()) {
    EXPECT_EQ(table.TemplateOf(code), path.get<std::string>()) << code;
  }
  for (const PathCode& entry : table.entries()) {
    EXPECT_TRUE(file.contains(std::string(1, entry.code))) << entry.code;
  }
  EXPECT_EQ(table.TemplateOf("v"), std::nullopt);
  EXPECT_EQ(table.TemplateOf("77"), std::nullopt);
  EXPECT_EQ(table.TemplateOf(""), std::nullopt);
  EXPECT_EQ(table.TemplateOf("\xff"), std::nullopt);
}

TEST(PathCodesTest, EveryPathVectorHolds) {
  int http_to_coap = 0;
  int coap_to_http = 0;
  const json vectors = testing::LoadDataJson("vectors.json")["vectors"];
  for (const json& vector : vectors) {
    const std::string kind = vector["kind"];
    const std::string path = vector.value("path", "");
    const std::string expected = vector.value("expected", "");
    const std::string source = vector.value("source", "");
    SCOPED_TRACE(vector["name"].get<std::string>());
    if (kind == "http_to_coap_path") {
      EXPECT_EQ(HttpPathToCoap(path), expected);
      ++http_to_coap;
    } else if (kind == "coap_to_http_path") {
      absl::StatusOr<std::string> http = Expand(path);
      if (source.find("lb BUG") != std::string::npos) {
        // Our rule: a missing parameter is an error naming it, never a literal "{stateKey}".
        ASSERT_FALSE(http.ok()) << *http;
        EXPECT_EQ(http.status().code(), absl::StatusCode::kInvalidArgument);
        EXPECT_NE(http.status().message().find("{stateKey}"), std::string_view::npos);
      } else {
        ASSERT_TRUE(http.ok()) << http.status();
        EXPECT_EQ(*http, expected);
      }
      ++coap_to_http;
    }
  }
  EXPECT_EQ(http_to_coap, 19);
  EXPECT_EQ(coap_to_http, 15);
}

TEST(PathCodesTest, MissingParameterIsNamed) {
  absl::StatusOr<std::string> http = Expand("/9/!r:x/m.room.message");
  ASSERT_FALSE(http.ok());
  EXPECT_EQ(http.status().message(), "CoAP path code 9: missing path parameter {txnId}");
  EXPECT_FALSE(Expand("/9").ok());
  EXPECT_TRUE(Expand("/9/!r:x/m.room.message/").ok());  // empty txn id: present, if odd
}

TEST(PathCodesTest, EscapesEachParameter) {
  EXPECT_EQ(EscapePathSegment("!#? %/"), "%21%23%3F%20%25%2F");
  EXPECT_EQ(EscapePathSegment("@a:b$c=d&e+f,g-h.i_j~k"), "@a:b$c=d&e+f,g-h.i_j~k");
  EXPECT_EQ(EscapePathSegment("\xc3\xa9;*'()"), "%C3%A9%3B%2A%27%28%29");
  const std::vector<std::string> segments = {"9", "!r/x", "m.room.message", "t#1"};
  EXPECT_EQ(*CoapPathToHttp(segments),
            "/_matrix/client/r0/rooms/%21r%2Fx/send/m.room.message/t%231");
}

TEST(PathCodesTest, FullPathsAreEscapedSegmentBySegment) {
  const std::vector<std::string> segments = {"_matrix", "client", "v3", "rooms", "!a#b", "state"};
  EXPECT_EQ(*CoapPathToHttp(segments), "/_matrix/client/v3/rooms/%21a%23b/state");
  EXPECT_EQ(*CoapPathToHttp(std::vector<std::string>{}), "/");
}

TEST(PathCodesTest, RejectsDotSegments) {
  absl::StatusOr<std::string> http = Expand("/B/..");
  ASSERT_FALSE(http.ok());
  EXPECT_EQ(http.status().message(), "CoAP path: segment \"..\" is not allowed");
  EXPECT_FALSE(Expand("/_matrix/client/r0/../../admin").ok());
  EXPECT_FALSE(Expand("/_matrix/./client").ok());
  EXPECT_TRUE(Expand("/B/...").ok());
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/rooms/../state"),
            "/_matrix/client/r0/rooms/../state");
}

TEST(PathCodesTest, ExpandsToV3WhenConfigured) {
  EXPECT_EQ(*Expand("/7", ClientApiVersion::kV3), "/_matrix/client/v3/sync");
  EXPECT_EQ(*Expand("/0", ClientApiVersion::kV3), "/_matrix/client/versions");
  EXPECT_EQ(*Expand("/8/!r:x/m.room.name/", ClientApiVersion::kV3),
            "/_matrix/client/v3/rooms/%21r:x/state/m.room.name/");
}

TEST(PathCodesTest, HttpToCoapPrefersTheLongestMatchAndNeverDecodes) {
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/user/@a:x/rooms/!r:x/account_data/t"),
            "/s/@a:x/!r:x/t");
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/user/@a:x/account_data/t"), "/r/@a:x/t");
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/rooms/%21r/send/m/1"), "/9/%21r/m/1");
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/sync//"), "/_matrix/client/r0/sync//");
  EXPECT_EQ(HttpPathToCoap("/_matrix/client/r0/user//filter"), "/_matrix/client/r0/user//filter");
  EXPECT_EQ(HttpPathToCoap(""), "");
}

TEST(PathCodesTest, SplitsTextualPaths) {
  EXPECT_EQ(SplitCoapPath("/9/a b/c"), (std::vector<std::string>{"9", "a b", "c"}));
  EXPECT_EQ(SplitCoapPath("7"), (std::vector<std::string>{"7"}));
  EXPECT_EQ(SplitCoapPath("/8/x/"), (std::vector<std::string>{"8", "x", ""}));
  EXPECT_TRUE(SplitCoapPath("/").empty());
  EXPECT_TRUE(SplitCoapPath("").empty());
}

TEST(PathCodesTest, EveryCodeRoundTripsThroughItsTemplate) {
  for (const PathCode& entry : PathCodeTable::V1().entries()) {
    std::vector<std::string> segments = {std::string(1, entry.code)};
    std::string_view rest = entry.path_template;
    int parameters = 0;
    for (std::size_t open = rest.find('{'); open != std::string_view::npos;
         open = rest.find('{', open + 1)) {
      segments.push_back("p" + std::to_string(++parameters));
    }
    absl::StatusOr<std::string> http = CoapPathToHttp(segments);
    ASSERT_TRUE(http.ok()) << entry.code;
    std::string coap = "/" + std::string(1, entry.code);
    for (std::size_t i = 1; i < segments.size(); ++i) {
      coap += "/" + segments[i];
    }
    EXPECT_EQ(HttpPathToCoap(*http), coap) << *http;
  }
}

}  // namespace
}  // namespace mxedge::msc3079
