#include "client_pages.hpp"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

const ClientInfo kClient{"https://mp.example/", "https://mp.example/callback", "mxedge micropub"};

TEST(ClientMetadataPageTest, JsonWhenAsked) {
  const Page page = ClientMetadataPage(kClient, "application/json");
  EXPECT_EQ(page.content_type, "application/json");
  const nlohmann::json doc = nlohmann::json::parse(page.body);
  EXPECT_EQ(doc["client_id"], "https://mp.example/");
  EXPECT_EQ(doc["redirect_uris"][0], "https://mp.example/callback");
  EXPECT_EQ(ClientMetadataPage(kClient, "text/html;q=0.5, application/json").content_type,
            "application/json");
}

TEST(ClientMetadataPageTest, HAppHtmlOtherwise) {
  for (std::string_view accept : {"", "text/html", "*/*", "application/json;q=0.1, text/html"}) {
    const Page page = ClientMetadataPage(kClient, accept);
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8") << accept;
    EXPECT_TRUE(absl::StrContains(page.body, "class=\"h-app\"")) << accept;
    EXPECT_TRUE(absl::StrContains(
        page.body, R"(<link rel="redirect_uri" href="https://mp.example/callback">)"));
  }
}

TEST(LinkResultPageTest, NamesTheMatrixUserEscaped) {
  const Page page = LinkResultPage(LinkOutcome{"@a<b>:hs.test", "https://me.example/"});
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(absl::StrContains(page.body, "@a&lt;b&gt;:hs.test"));
  EXPECT_TRUE(absl::StrContains(page.body, "!confirm"));
}

TEST(LinkResultPageTest, ErrorsMapToStatuses) {
  EXPECT_EQ(LinkResultPage(absl::InvalidArgumentError("no state")).status, 400);
  EXPECT_EQ(LinkResultPage(absl::PermissionDeniedError("iss")).status, 403);
  EXPECT_EQ(LinkResultPage(absl::NotFoundError("expired")).status, 404);
  const Page internal = LinkResultPage(absl::UnavailableError("10.0.0.1 refused"));
  EXPECT_EQ(internal.status, 502);
  EXPECT_FALSE(absl::StrContains(internal.body, "10.0.0.1"));
}

}  // namespace
}  // namespace mxedge::micropub
