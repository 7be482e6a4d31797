#include "mxedge/indieweb/profile_url.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

TEST(CanonicalProfileUrlTest, CanonicalisesWhatUsersType) {
  const std::pair<const char*, const char*> cases[] = {
      {"my.site", "https://my.site/"},
      {"  my.site  ", "https://my.site/"},
      {"HTTPS://My.Site", "https://my.site/"},
      {"http://my.site", "http://my.site/"},
      {"https://my.site/users/alice", "https://my.site/users/alice"},
      {"https://my.site/?u=1", "https://my.site/?u=1"},
      {"https://my.site./", "https://my.site/"},
  };
  for (const auto& [input, want] : cases) {
    auto got = CanonicalProfileUrl(input);
    ASSERT_TRUE(got.ok()) << input << ": " << got.status();
    EXPECT_EQ(*got, want) << input;
  }
}

TEST(CanonicalProfileUrlTest, EnforcesTheProfileUrlRules) {
  for (const char* input :
       {"", "ftp://my.site/", "mailto:me@my.site", "https://my.site/#me", "https://u:p@my.site/",
        "https://u@my.site/", "https://my.site:8443/", "https://127.0.0.1/", "https://[::1]/",
        "https://2130706433/", "https://0177.0.0.1/", "https://my.site/a/../b",
        "https://my.site/./b", "https://my.site/%2e%2e/b", "https://my site/", "tt..",
        "https://.my.site/", "https://my..site/"}) {
    auto got = CanonicalProfileUrl(input);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << input;
    EXPECT_FALSE(got.status().message().empty());
  }
}

TEST(CanonicalProfileUrlTest, TestOptionsAllowPortAndLoopbackAddress) {
  const ProfileUrlOptions test{.allow_port = true, .allow_ip_host = true};
  auto got = CanonicalProfileUrl("http://127.0.0.1:8090", test);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, "http://127.0.0.1:8090/");
  auto localhost = CanonicalProfileUrl("http://localhost:8090/", {.allow_port = true});
  ASSERT_TRUE(localhost.ok());
  EXPECT_EQ(*localhost, "http://localhost:8090/");
  // Odd spellings stay refused even when IP hosts are allowed.
  EXPECT_FALSE(CanonicalProfileUrl("http://127.1:8090/", test).ok());
}

}  // namespace
}  // namespace mxedge::indieweb
