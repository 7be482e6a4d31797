#include "record_codec.hpp"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace mxedge::micropub {
namespace {

TEST(RecordCodecTest, LinkedSiteRoundTrips) {
  LinkedSite site;
  site.me = "https://a.example/";
  site.micropub_endpoint = "https://a.example/micropub";
  site.access_token = "t";
  site.expires_at_ms = 42;
  site.syndicate_to = {"u1"};
  absl::StatusOr<LinkedSite> back = DecodeLinkedSite(EncodeLinkedSite(site));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, site);
}

TEST(RecordCodecTest, UserPrefsRoundTrips) {
  UserPrefs prefs;
  prefs.next.draft = true;
  prefs.next.visibility = "private";
  prefs.defaults.syndicate_to = {"a", "b"};
  prefs.last_event_id = "$e";
  absl::StatusOr<UserPrefs> back = DecodeUserPrefs(EncodeUserPrefs(prefs));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, prefs);
}

TEST(RecordCodecTest, RejectsTextThatIsNotAJsonObject) {
  EXPECT_EQ(DecodeLinkedSite("{").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePostRecord("[1]").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodePendingPost("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RecordCodecTest, NamesTheMissingOrMistypedField) {
  absl::Status missing = DecodePostRecord(R"({"mxid":"@a:hs","me":"https://a/"})").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(missing.message(), "\"url\" is missing")) << missing;

  absl::Status mistyped =
      DecodeLinkedSite(
          R"({"me":"m","micropub_endpoint":"e","access_token":"t","expires_at_ms":"1"})")
          .status();
  EXPECT_TRUE(absl::StrContains(mistyped.message(), "\"expires_at_ms\" is not an integer"))
      << mistyped;

  absl::Status list = DecodeUserPrefs(R"({"defaults":{"syndicate_to":[1]}})").status();
  EXPECT_TRUE(absl::StrContains(list.message(), "syndicate_to")) << list;
}

TEST(RecordCodecTest, RejectsUnknownVisibility) {
  absl::Status status = DecodeUserPrefs(R"({"next":{"visibility":"secret"}})").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(status.message(), "secret")) << status;
}

TEST(RecordCodecTest, PendingLinkRoundTripsEveryField) {
  PendingLink link;
  link.authorization.state = "s";
  link.authorization.code_verifier = "v";
  link.authorization.me = "https://a/";
  link.authorization.issuer = "https://a/";
  link.authorization.authorization_endpoint = "https://a/auth";
  link.authorization.token_endpoint = "https://a/token";
  link.authorization.revocation_endpoint = "https://a/revoke";
  link.authorization.micropub_endpoint = "https://a/mp";
  link.authorization.media_endpoint = "https://a/media";
  link.authorization.scope = "create";
  link.authorization.discovery_urls = {"http://a/", "https://a/"};
  link.mxid = "@a:hs";
  link.room_id = "!r:hs";
  absl::StatusOr<PendingLink> back = DecodePendingLink(EncodePendingLink(link));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(EncodePendingLink(*back), EncodePendingLink(link));
}

}  // namespace
}  // namespace mxedge::micropub
