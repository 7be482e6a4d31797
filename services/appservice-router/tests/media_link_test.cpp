#include "media_link.hpp"

#include <gtest/gtest.h>

#include "media_link_routes.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::appservice_router {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kKey[] = "0123456789abcdef0123456789abcdef-key";

MediaLinkOptions Options() {
  return {.public_base_url = "https://bridge.example.org", .signing_key = kKey};
}

// Splits a signed URL into its parts the way the HTTP server would hand them to Verify.
struct LinkParts {
  std::string server, media_id, filename, exp, sig;
};

LinkParts Split(const std::string& url) {
  LinkParts parts;
  std::string path = url.substr(url.find("/_mxedge/media/") + 15);
  std::string query = path.substr(path.find('?') + 1);
  path = path.substr(0, path.find('?'));
  parts.server = path.substr(0, path.find('/'));
  std::string rest = path.substr(path.find('/') + 1);
  parts.media_id = rest.substr(0, rest.find('/'));
  if (rest.find('/') != std::string::npos) {
    parts.filename = rest.substr(rest.find('/') + 1);
  }
  parts.exp = query.substr(4, query.find('&') - 4);
  parts.sig = query.substr(query.find("sig=") + 4);
  return parts;
}

class MediaLinkSignerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signer = MediaLinkSigner::Create(Options(), clock_);
    ASSERT_TRUE(signer.ok()) << signer.status();
    signer_ = std::move(*signer);
  }
  absl::Status VerifyUrl(const std::string& url, std::string filename = "") {
    LinkParts p = Split(url);
    matrix::MxcUri mxc{p.server, p.media_id};
    return signer_->Verify(mxc, filename.empty() ? p.filename : filename, p.exp, p.sig);
  }

  testing::FakeClock clock_;
  std::unique_ptr<MediaLinkSigner> signer_;
};

TEST_F(MediaLinkSignerTest, SignsTheDocumentedShape) {
  auto link = signer_->Sign("mxc://example.org/abcDEF_12-3", milliseconds(60'000), "");
  ASSERT_TRUE(link.ok()) << link.status();
  const int64_t exp = testing::FakeClock::kDefaultStartUnixMs / 1000 + 60;
  const std::string prefix =
      "https://bridge.example.org/_mxedge/media/example.org/abcDEF_12-3?exp=" +
      std::to_string(exp) + "&sig=";
  EXPECT_EQ(link->url.rfind(prefix, 0), 0u) << link->url;
  EXPECT_EQ(link->expires_at_ms, exp * 1000);
  EXPECT_EQ(Split(link->url).sig.size(), 43u);  // base64url of 32 bytes, no padding
  EXPECT_TRUE(VerifyUrl(link->url).ok());
}

TEST_F(MediaLinkSignerTest, RefusesATamperedLink) {
  auto link = signer_->Sign("mxc://example.org/media1", milliseconds(0), "cat.png");
  ASSERT_TRUE(link.ok());
  LinkParts p = Split(link->url);
  matrix::MxcUri mxc{p.server, p.media_id};
  std::string bad_sig = p.sig;
  bad_sig[0] = bad_sig[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(signer_->Verify(mxc, "cat.png", p.exp, bad_sig).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(signer_->Verify(mxc, "dog.png", p.exp, p.sig).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(signer_->Verify({p.server, "media2"}, "cat.png", p.exp, p.sig).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(signer_->Verify(mxc, "cat.png", std::to_string(std::stoll(p.exp) + 3600), p.sig).code(),
            absl::StatusCode::kPermissionDenied);
  for (std::string_view exp : {"", "abc", "-5", "0", "99999999999999999999"}) {
    EXPECT_EQ(signer_->Verify(mxc, "cat.png", exp, p.sig).code(),
              absl::StatusCode::kPermissionDenied)
        << exp;
  }
  EXPECT_EQ(signer_->Verify(mxc, "cat.png", p.exp, "").code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(signer_->Verify(mxc, "cat.png", p.exp, p.sig).ok());
}

TEST_F(MediaLinkSignerTest, ExpiresAfterItsTtl) {
  auto link = signer_->Sign("mxc://example.org/media1", milliseconds(10'000), "");
  ASSERT_TRUE(link.ok());
  clock_.Advance(seconds(9));
  EXPECT_TRUE(VerifyUrl(link->url).ok());
  clock_.Advance(seconds(1));
  EXPECT_EQ(VerifyUrl(link->url).code(), absl::StatusCode::kOutOfRange);
}

TEST_F(MediaLinkSignerTest, CapsTheTtlAndUsesTheDefault) {
  auto capped = signer_->Sign("mxc://example.org/m", std::chrono::hours(24 * 365), "");
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->expires_at_ms,
            testing::FakeClock::kDefaultStartUnixMs + std::chrono::hours(24 * 7) / milliseconds(1));
  auto fallback = signer_->Sign("mxc://example.org/m", milliseconds(0), "");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->expires_at_ms,
            testing::FakeClock::kDefaultStartUnixMs + std::chrono::hours(24) / milliseconds(1));
}

TEST_F(MediaLinkSignerTest, EncodesTheFilenameAndRefusesUnsafeOnes) {
  auto link = signer_->Sign("mxc://example.org:8448/m", milliseconds(0), "my file ü.txt");
  ASSERT_TRUE(link.ok());
  EXPECT_NE(link->url.find("/example.org%3A8448/m/my%20file%20%C3%BC.txt?"), std::string::npos)
      << link->url;
  EXPECT_TRUE(signer_
                  ->Verify({"example.org:8448", "m"}, "my file ü.txt", Split(link->url).exp,
                           Split(link->url).sig)
                  .ok());
  for (std::string_view bad :
       {std::string_view("a/b"), std::string_view(".."), std::string_view("a\nb"),
        std::string_view("a\\b"), std::string_view("a\0b", 3)}) {
    EXPECT_EQ(signer_->Sign("mxc://example.org/m", milliseconds(0), bad).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(
      signer_->Sign("mxc://example.org/m", milliseconds(0), std::string(256, 'a')).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_F(MediaLinkSignerTest, RefusesMalformedMxcUris) {
  for (std::string_view bad : {"", "https://example.org/m", "mxc://example.org", "mxc:///m",
                               "mxc://example.org/m/extra", "mxc://example.org/m%2f"}) {
    EXPECT_EQ(signer_->Sign(bad, milliseconds(0), "").status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

TEST(MediaLinkSignerCreateTest, RefusesBadOptions) {
  testing::FakeClock clock;
  MediaLinkOptions short_key = Options();
  short_key.signing_key = "short";
  EXPECT_EQ(MediaLinkSigner::Create(short_key, clock).status().code(),
            absl::StatusCode::kInvalidArgument);
  for (std::string base :
       {"bridge.example.org", "ftp://x", "https://x/path", "https://", "https://x?q=1"}) {
    MediaLinkOptions options = Options();
    options.public_base_url = base;
    EXPECT_EQ(MediaLinkSigner::Create(options, clock).status().code(),
              absl::StatusCode::kInvalidArgument)
        << base;
  }
  MediaLinkOptions zero_ttl = Options();
  zero_ttl.default_ttl = milliseconds(0);
  EXPECT_FALSE(MediaLinkSigner::Create(zero_ttl, clock).ok());
}

TEST(MediaLinkSignerKeyTest, DifferentKeysGiveDifferentSignatures) {
  testing::FakeClock clock;
  MediaLinkOptions other = Options();
  other.signing_key = std::string(kKey) + "2";
  auto a = MediaLinkSigner::Create(Options(), clock);
  auto b = MediaLinkSigner::Create(other, clock);
  ASSERT_TRUE(a.ok() && b.ok());
  matrix::MxcUri mxc{"example.org", "m"};
  EXPECT_NE((*a)->Signature(mxc, 100, ""), (*b)->Signature(mxc, 100, ""));
  EXPECT_EQ((*a)->Signature(mxc, 100, ""), (*a)->Signature(mxc, 100, ""));
}

TEST(MediaLinkHandlerTest, ContentDispositionIsInlineOnlyForMedia) {
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("image/png", "a.png"),
            "inline; filename=\"a.png\"; filename*=UTF-8''a.png");
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("video/mp4", ""), "inline");
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("text/html", "x.html").rfind("attachment;", 0),
            0u);
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("image/svg+xml", "x.svg").rfind("attachment;", 0),
            0u);
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("Image/SVG+XML; a=b", "").rfind("attachment", 0),
            0u);
  EXPECT_EQ(MediaLinkHandler::ContentDisposition("application/pdf", "a\"b;c ü.pdf"),
            "attachment; filename=\"a_b_c __.pdf\"; filename*=UTF-8''a%22b%3Bc%20%C3%BC.pdf");
}

TEST(MediaLinkHandlerTest, SafeContentTypeFallsBackForJunk) {
  EXPECT_EQ(MediaLinkHandler::SafeContentType("image/png"), "image/png");
  EXPECT_EQ(MediaLinkHandler::SafeContentType("text/plain; charset=utf-8"),
            "text/plain; charset=utf-8");
  for (std::string_view junk :
       {"", "png", "/png", "image/", "ima ge/png", "image/png\r\nX: y", "image/p<ng"}) {
    EXPECT_EQ(MediaLinkHandler::SafeContentType(junk), "application/octet-stream") << junk;
  }
}

}  // namespace
}  // namespace mxedge::appservice_router
