#pragma once
// The contract of MicropubStore, one type-parameterised suite instantiated for every
// implementation (in-memory: unit; Redis: integration). An Env type provides:
//   MicropubStore& store();
//   void LetExpire(std::chrono::milliseconds ttl);  returns once a record written with `ttl`
//   expired static constexpr std::chrono::milliseconds kShortTtl;  short enough to wait out static
//   constexpr std::chrono::milliseconds kLongTtl;   never runs out during a test
// Each Env instance sees its own empty keyspace.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "micropub_store.hpp"

namespace mxedge::micropub {

inline LinkedSite SampleSite(std::string me) {
  LinkedSite site;
  site.me = std::move(me);
  site.issuer = site.me;
  site.token_endpoint = site.me + "token";
  site.revocation_endpoint = site.me + "revoke";
  site.micropub_endpoint = site.me + "micropub";
  site.media_endpoint = site.me + "media";
  site.scope = "create update delete media";
  site.access_token = "access-" + site.me;
  site.refresh_token = "refresh-" + site.me;
  site.expires_at_ms = 1'700'000'000'000;
  site.syndicate_to = {"https://social.example/@me"};
  site.categories = {"notes", "photos"};
  return site;
}

inline PendingLink SampleLink(std::string state) {
  PendingLink link;
  link.authorization.state = std::move(state);
  link.authorization.code_verifier = "verifier-0123456789";
  link.authorization.me = "https://alice.example/";
  link.authorization.scope = "create";
  link.authorization.authorization_endpoint = "https://alice.example/auth";
  link.authorization.token_endpoint = "https://alice.example/token";
  link.authorization.micropub_endpoint = "https://alice.example/micropub";
  link.authorization.discovery_urls = {"https://alice.example/"};
  link.mxid = "@alice:hs.test";
  link.room_id = "!dm:hs.test";
  return link;
}

template <typename Env>
class MicropubStoreContractTest : public ::testing::Test {
 protected:
  MicropubStore& store() { return env_.store(); }

  template <typename T>
  T Must(absl::StatusOr<T> result) {
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *std::move(result) : T{};
  }

  Env env_;
};

TYPED_TEST_SUITE_P(MicropubStoreContractTest);

TYPED_TEST_P(MicropubStoreContractTest, SitesRoundTripWithTokensAndComeBackOrderedByMe) {
  const LinkedSite b = SampleSite("https://b.example/");
  LinkedSite a = SampleSite("https://a.example/");
  a.refresh_token.clear();
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", b).ok());
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", a).ok());
  EXPECT_EQ(this->Must(this->store().Sites("@alice:hs.test")), (std::vector<LinkedSite>{a, b}));
  EXPECT_TRUE(this->Must(this->store().Sites("@bob:hs.test")).empty());
}

TYPED_TEST_P(MicropubStoreContractTest, PutSiteReplacesTheSiteWithTheSameMe) {
  LinkedSite site = SampleSite("https://a.example/");
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", site).ok());
  site.access_token = "rotated";
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", site).ok());
  EXPECT_EQ(this->Must(this->store().Sites("@alice:hs.test")), std::vector<LinkedSite>{site});
}

TYPED_TEST_P(MicropubStoreContractTest, RemoveSiteReportsWhetherItWasLinked) {
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", SampleSite("https://a.example/")).ok());
  EXPECT_FALSE(this->Must(this->store().RemoveSite("@alice:hs.test", "https://b.example/")));
  EXPECT_TRUE(this->Must(this->store().RemoveSite("@alice:hs.test", "https://a.example/")));
  EXPECT_FALSE(this->Must(this->store().RemoveSite("@alice:hs.test", "https://a.example/")));
  EXPECT_TRUE(this->Must(this->store().Sites("@alice:hs.test")).empty());
}

TYPED_TEST_P(MicropubStoreContractTest, PrefsDefaultWhenAbsentAndRoundTrip) {
  EXPECT_EQ(this->Must(this->store().Prefs("@alice:hs.test")), UserPrefs{});
  UserPrefs prefs;
  prefs.current_site = "https://a.example/";
  prefs.dm_room_id = "!dm:hs.test";
  prefs.next.draft = true;
  prefs.next.slug = "hello";
  prefs.defaults.visibility = "unlisted";
  prefs.defaults.syndicate_to = {"x", "y"};
  prefs.defaults.channel = "notes";
  prefs.last_event_id = "$last";
  prefs.retry_event_id = "$retry";
  prefs.retry_event_type = "m.room.message";
  prefs.retry_content_json = R"({"msgtype":"m.text","body":"hi"})";
  ASSERT_TRUE(this->store().PutPrefs("@alice:hs.test", prefs).ok());
  EXPECT_EQ(this->Must(this->store().Prefs("@alice:hs.test")), prefs);
}

TYPED_TEST_P(MicropubStoreContractTest, PrefsAndSitesLiveSideBySide) {
  const LinkedSite site = SampleSite("https://a.example/");
  ASSERT_TRUE(this->store().PutSite("@alice:hs.test", site).ok());
  UserPrefs prefs;
  prefs.current_site = site.me;
  ASSERT_TRUE(this->store().PutPrefs("@alice:hs.test", prefs).ok());
  EXPECT_EQ(this->Must(this->store().Sites("@alice:hs.test")), std::vector<LinkedSite>{site});
  EXPECT_EQ(this->Must(this->store().Prefs("@alice:hs.test")).current_site, site.me);
}

TYPED_TEST_P(MicropubStoreContractTest, AuthIsTakenExactlyOnce) {
  ASSERT_TRUE(this->store().PutAuth(SampleLink("state-1"), TypeParam::kLongTtl).ok());
  std::optional<PendingLink> taken = this->Must(this->store().TakeAuth("state-1"));
  ASSERT_TRUE(taken.has_value());
  const PendingLink expected = SampleLink("state-1");
  EXPECT_EQ(taken->authorization.code_verifier, expected.authorization.code_verifier);
  EXPECT_EQ(taken->authorization.me, expected.authorization.me);
  EXPECT_EQ(taken->authorization.token_endpoint, expected.authorization.token_endpoint);
  EXPECT_EQ(taken->authorization.discovery_urls, expected.authorization.discovery_urls);
  EXPECT_EQ(taken->mxid, expected.mxid);
  EXPECT_EQ(taken->room_id, expected.room_id);
  EXPECT_FALSE(this->Must(this->store().TakeAuth("state-1")).has_value());
  EXPECT_FALSE(this->Must(this->store().TakeAuth("state-unknown")).has_value());
}

TYPED_TEST_P(MicropubStoreContractTest, AuthExpiresAfterItsTtl) {
  ASSERT_TRUE(this->store().PutAuth(SampleLink("state-2"), TypeParam::kShortTtl).ok());
  this->env_.LetExpire(TypeParam::kShortTtl);
  EXPECT_FALSE(this->Must(this->store().TakeAuth("state-2")).has_value());
}

TYPED_TEST_P(MicropubStoreContractTest, PendingIsWrittenOnceAndKeepsTheFirstRecord) {
  const PendingPost first{"@alice:hs.test", "https://a.example/", "slug-1", ""};
  const PendingPost second{"@alice:hs.test", "https://a.example/", "slug-2", ""};
  EXPECT_FALSE(this->Must(this->store().Pending("$e1")).has_value());
  EXPECT_TRUE(this->Must(this->store().TryBeginPending("$e1", first, TypeParam::kLongTtl)));
  EXPECT_FALSE(this->Must(this->store().TryBeginPending("$e1", second, TypeParam::kLongTtl)));
  EXPECT_EQ(this->Must(this->store().Pending("$e1")), first);
  ASSERT_TRUE(this->store().ClearPending("$e1").ok());
  EXPECT_FALSE(this->Must(this->store().Pending("$e1")).has_value());
  EXPECT_TRUE(this->Must(this->store().TryBeginPending("$e1", second, TypeParam::kLongTtl)));
}

TYPED_TEST_P(MicropubStoreContractTest, PendingExpiresAfterItsTtl) {
  const PendingPost post{"@alice:hs.test", "https://a.example/", "slug", ""};
  ASSERT_TRUE(this->Must(this->store().TryBeginPending("$e2", post, TypeParam::kShortTtl)));
  this->env_.LetExpire(TypeParam::kShortTtl);
  EXPECT_FALSE(this->Must(this->store().Pending("$e2")).has_value());
  EXPECT_TRUE(this->Must(this->store().TryBeginPending("$e2", post, TypeParam::kLongTtl)));
}

TYPED_TEST_P(MicropubStoreContractTest, PostsMapEventsToUrls) {
  const PostRecord post{"@alice:hs.test", "https://a.example/", "https://a.example/notes/1"};
  EXPECT_FALSE(this->Must(this->store().Post("$e3")).has_value());
  ASSERT_TRUE(this->store().PutPost("$e3", post).ok());
  EXPECT_EQ(this->Must(this->store().Post("$e3")), post);
  ASSERT_TRUE(this->store().RemovePost("$e3").ok());
  EXPECT_FALSE(this->Must(this->store().Post("$e3")).has_value());
}

TYPED_TEST_P(MicropubStoreContractTest, RoomsMapToTheirUser) {
  EXPECT_FALSE(this->Must(this->store().RoomUser("!dm:hs.test")).has_value());
  ASSERT_TRUE(this->store().PutRoom("!dm:hs.test", "@alice:hs.test").ok());
  EXPECT_EQ(this->Must(this->store().RoomUser("!dm:hs.test")), "@alice:hs.test");
  ASSERT_TRUE(this->store().RemoveRoom("!dm:hs.test").ok());
  EXPECT_FALSE(this->Must(this->store().RoomUser("!dm:hs.test")).has_value());
}

REGISTER_TYPED_TEST_SUITE_P(MicropubStoreContractTest,
                            SitesRoundTripWithTokensAndComeBackOrderedByMe,
                            PutSiteReplacesTheSiteWithTheSameMe,
                            RemoveSiteReportsWhetherItWasLinked, PrefsDefaultWhenAbsentAndRoundTrip,
                            PrefsAndSitesLiveSideBySide, AuthIsTakenExactlyOnce,
                            AuthExpiresAfterItsTtl, PendingIsWrittenOnceAndKeepsTheFirstRecord,
                            PendingExpiresAfterItsTtl, PostsMapEventsToUrls, RoomsMapToTheirUser);

}  // namespace mxedge::micropub
