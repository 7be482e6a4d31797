#include "mxedge/indieweb/url.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

TEST(ParseUrlTest, SplitsComponents) {
  auto url = ParseUrl("https://User:pw@Example.COM:8443/a/b?x=1#frag");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->user, "User");
  EXPECT_EQ(url->password, "pw");
  EXPECT_EQ(url->host, "example.com");
  EXPECT_EQ(url->port, "8443");
  EXPECT_EQ(url->path, "/a/b");
  EXPECT_EQ(url->query, "x=1");
  EXPECT_EQ(url->fragment, "frag");
  EXPECT_EQ(url->EffectivePort(), 8443);
  EXPECT_EQ(url->Origin(), "https://example.com:8443");
}

TEST(ParseUrlTest, DefaultsAndBareHost) {
  auto url = ParseUrl("my.site", {.default_https = true});
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->ToString(), "https://my.site/");
  EXPECT_EQ(url->EffectivePort(), 443);
  auto v6 = ParseUrl("http://[::1]:80/");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "[::1]");
  EXPECT_EQ(v6->BareHost(), "::1");
}

TEST(ParseUrlTest, RejectsMalformed) {
  EXPECT_EQ(ParseUrl("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("https://exa mple.com/").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("https://example.com/\n").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("no-scheme").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("https://[::1/").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("https://example.com:99999/").status().code(),
            absl::StatusCode::kInvalidArgument);
  // curl decodes escapes in the host; what they decode to must still be a host name.
  EXPECT_EQ(ParseUrl("https://0f%7f/").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseUrl("https://a%22b/").status().code(), absl::StatusCode::kInvalidArgument);
}

// RFC 3986 §5.4.1 normal examples against "http://a/b/c/d;p?q" (except "g:h": curl resolves
// only hierarchical URLs, and every URL here is http or https).
TEST(ResolveUrlTest, Rfc3986NormalExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"https://other/x", "https://other/x"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g/"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {";x", "http://a/b/c/;x"},
      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},
  };
  for (const auto& [ref, want] : cases) {
    auto got = ResolveUrl(base, ref);
    ASSERT_TRUE(got.ok()) << ref << ": " << got.status();
    EXPECT_EQ(*got, want) << ref;
  }
  auto empty = ResolveUrl("http://a/b?q#f", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "http://a/b?q");
}

TEST(ResolveUrlTest, BadBaseOrReferenceIsInvalidArgument) {
  EXPECT_EQ(ResolveUrl("not a url", "/x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveUrl("http://a/", "/x y").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RawHostTest, KeepsTheSpellingAsWritten) {
  EXPECT_EQ(RawHost("http://0x7F.1:80/x"), "0x7f.1");
  EXPECT_EQ(RawHost("https://u:p@Host.Example/"), "host.example");
  EXPECT_EQ(RawHost("http://[::1]:8/"), "::1");
  EXPECT_EQ(RawHost("my.site/path"), "my.site");
}

TEST(AppendQueryTest, AddsToExistingQueries) {
  EXPECT_EQ(AppendQuery("https://a/mp", "q=config"), "https://a/mp?q=config");
  EXPECT_EQ(AppendQuery("https://a/mp?x=1", "q=config"), "https://a/mp?x=1&q=config");
  EXPECT_EQ(AppendQuery("https://a/mp?", "q=config"), "https://a/mp?q=config");
  EXPECT_EQ(AppendQuery("https://a/mp#f", "q=1"), "https://a/mp?q=1#f");
}

}  // namespace
}  // namespace mxedge::indieweb
