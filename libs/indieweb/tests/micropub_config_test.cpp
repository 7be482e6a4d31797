#include "mxedge/indieweb/micropub_config.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

using nlohmann::json;

TEST(ParseMicropubConfigTest, ReadsIndiekitStyleConfig) {
  const json doc = json::parse(R"({
    "categories": ["indieweb", {"name": "matrix"}, 5],
    "channels": [{"uid": "notes", "name": "Notes"}, {"name": "no uid"}],
    "media-endpoint": "/media",
    "post-types": [{"type": "note", "name": "Note"}, {"name": "no type"}],
    "syndicate-to": [{"uid": "https://news.indieweb.org/en", "name": "IndieNews", "checked": true},
                     {"uid": "https://x.example/"}, {"name": "no uid"}],
    "q": ["config", "source", 1]
  })");
  const MicropubConfig c = ParseMicropubConfig(doc, "https://me.example/micropub");
  EXPECT_EQ(c.media_endpoint, "https://me.example/media");
  EXPECT_EQ(c.categories, (std::vector<std::string>{"indieweb", "matrix"}));
  ASSERT_EQ(c.channels.size(), 1u);
  EXPECT_EQ(c.channels[0].name, "Notes");
  EXPECT_EQ(c.post_types, std::vector<std::string>{"note"});
  ASSERT_EQ(c.syndicate_to.size(), 2u);
  EXPECT_TRUE(c.syndicate_to[0].checked);
  EXPECT_EQ(c.syndicate_to[1].name, "https://x.example/");
  EXPECT_FALSE(c.syndicate_to[1].checked);
  EXPECT_EQ(c.queries, (std::vector<std::string>{"config", "source"}));
}

TEST(ParseMicropubConfigTest, WrongShapesGiveAnEmptyConfig) {
  for (const char* text : {"[]", "null", R"({"media-endpoint": 5, "syndicate-to": {}})"}) {
    const MicropubConfig c = ParseMicropubConfig(json::parse(text), "https://me.example/mp");
    EXPECT_TRUE(c.media_endpoint.empty()) << text;
    EXPECT_TRUE(c.syndicate_to.empty()) << text;
  }
}

}  // namespace
}  // namespace mxedge::indieweb
