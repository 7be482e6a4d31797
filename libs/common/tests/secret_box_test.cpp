#include "mxedge/common/secret_box.hpp"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"

namespace mxedge::common {
namespace {

std::string Hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string ToHex(std::string_view bytes) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out.push_back(kHex[(static_cast<unsigned char>(c) >> 4) & 0xf]);
    out.push_back(kHex[static_cast<unsigned char>(c) & 0xf]);
  }
  return out;
}

SecretBox MakeBox(char fill = 'k') { return *SecretBox::Create(std::string(32, fill)); }

std::string Unbase64(std::string_view s) {
  std::string out;
  EXPECT_TRUE(absl::Base64Unescape(absl::string_view(s.data(), s.size()), &out));
  return out;
}

std::string Base64(std::string_view s) {
  return absl::Base64Escape(absl::string_view(s.data(), s.size()));
}

// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 60-byte
// plaintext, 20-byte AAD).
TEST(SecretBoxTest, MatchesGcmSpecTestCase16) {
  auto box =
      SecretBox::Create(Hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"));
  ASSERT_TRUE(box.ok()) << box.status();
  const std::string plaintext = Hex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6"
      "b525b16aedf5aa0de657ba637b39");
  const std::string aad = Hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const std::string nonce = Hex("cafebabefacedbaddecaf888");
  auto sealed = box->SealWithNonceForTesting(plaintext, aad, nonce);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(ToHex(*sealed),
            "01"
            "cafebabefacedbaddecaf888"
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b0"
            "8b1056828838c5f61e6393ba7a0abcc9f662"
            "76fc6ece0f4e1768cddf8853bb2d551b");
  auto opened = box->Open(Base64(*sealed), aad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, plaintext);
}

// Test cases 13 and 14: all-zero key and nonce, empty and 16-byte zero plaintext.
TEST(SecretBoxTest, MatchesGcmSpecTestCases13And14) {
  auto box = SecretBox::Create(std::string(32, '\0'));
  ASSERT_TRUE(box.ok());
  const std::string zero_nonce(12, '\0');
  EXPECT_EQ(ToHex(*box->SealWithNonceForTesting("", "", zero_nonce)),
            "01000000000000000000000000530f8afbc74536b9a963b4f1c4cb738b");
  EXPECT_EQ(ToHex(*box->SealWithNonceForTesting(std::string(16, '\0'), "", zero_nonce)),
            "01000000000000000000000000cea7403d4d606b6e074ec5d3baf39d18"
            "d0d1c8a799996bf0265b98b5d48ab919");
}

TEST(SecretBoxTest, SealThenOpenRoundTripsWithFreshNonces) {
  const SecretBox box = MakeBox();
  auto a = box.Seal("hunter2", "irc:password:@alice:example.org");
  auto b = box.Seal("hunter2", "irc:password:@alice:example.org");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(Unbase64(*a).size(), SecretBox::kOverheadBytes + 7);
  EXPECT_EQ(*box.Open(*a, "irc:password:@alice:example.org"), "hunter2");
  EXPECT_EQ(*box.Open(*b, "irc:password:@alice:example.org"), "hunter2");
  auto empty = box.Seal("", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*box.Open(*empty, ""), "");
}

TEST(SecretBoxTest, AcceptsBase64KeysAndRejectsWrongLengths) {
  const std::string raw(32, '\x5a');
  auto from_b64 = SecretBox::Create(Base64(raw));
  ASSERT_TRUE(from_b64.ok()) << from_b64.status();
  std::string unpadded = Base64(raw);
  unpadded.pop_back();
  ASSERT_TRUE(SecretBox::Create(unpadded).ok());
  // Same key either way: what one seals the other opens.
  auto sealed = SecretBox::Create(raw)->Seal("x", "aad");
  EXPECT_EQ(*from_b64->Open(*sealed, "aad"), "x");

  EXPECT_EQ(SecretBox::Create("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SecretBox::Create(std::string(31, 'k')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SecretBox::Create(std::string(33, 'k')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SecretBox::Create(std::string(44, '!')).status().code(),
            absl::StatusCode::kInvalidArgument);
  // Valid base64 (44 characters) that decodes to 31 bytes.
  const auto short_key = SecretBox::Create(Base64(std::string(31, 'a')));
  EXPECT_EQ(short_key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(short_key.status().message().find("31 bytes"), absl::string_view::npos);
}

TEST(SecretBoxTest, OpenRejectsMalformedValuesPrecisely) {
  const SecretBox box = MakeBox();
  auto not_b64 = box.Open("***", "aad");
  EXPECT_EQ(not_b64.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(not_b64.status().message().find("not base64"), absl::string_view::npos);

  auto truncated = box.Open(Base64(std::string(28, '\x01')), "aad");
  EXPECT_EQ(truncated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(truncated.status().message().find("truncated: 28 bytes"), absl::string_view::npos);

  std::string raw = Unbase64(*box.Seal("secret", "aad"));
  raw[0] = '\x02';
  auto version = box.Open(Base64(raw), "aad");
  EXPECT_EQ(version.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(version.status().message().find("version 2"), absl::string_view::npos);
}

TEST(SecretBoxTest, OpenFailsAuthenticationOnAnyChange) {
  const SecretBox box = MakeBox();
  const std::string sealed = *box.Seal("secret value", "aad");
  const std::string raw = Unbase64(sealed);
  // Flip each byte after the version in turn: nonce, ciphertext and tag are all covered.
  for (size_t i = 1; i < raw.size(); ++i) {
    std::string garbled = raw;
    garbled[i] = static_cast<char>(garbled[i] ^ 0x01);
    EXPECT_EQ(box.Open(Base64(garbled), "aad").status().code(), absl::StatusCode::kDataLoss) << i;
  }
  // Dropping a byte of the ciphertext shortens the value but it is still long enough to parse.
  std::string shorter = raw;
  shorter.erase(SecretBox::kOverheadBytes - SecretBox::kTagBytes, 1);
  EXPECT_EQ(box.Open(Base64(shorter), "aad").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(box.Open(sealed, "other aad").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(MakeBox('j').Open(sealed, "aad").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(*box.Open(sealed, "aad"), "secret value");
}

TEST(SecretBoxTest, KeyCheckDetectsAWrongKey) {
  const SecretBox box = MakeBox();
  auto check = box.KeyCheck();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(box.VerifyKeyCheck(*check).ok());
  EXPECT_TRUE(MakeBox().VerifyKeyCheck(*check).ok());  // same key material, new object

  const absl::Status wrong = MakeBox('j').VerifyKeyCheck(*check);
  EXPECT_EQ(wrong.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(wrong.message().find("does not match"), absl::string_view::npos);

  EXPECT_EQ(box.VerifyKeyCheck("garbage!").code(), absl::StatusCode::kFailedPrecondition);
  // A value sealed with other aad is not a key check.
  EXPECT_EQ(box.VerifyKeyCheck(*box.Seal("mxedge secret box key check v1", "x")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SecretBoxTest, MovedFromBoxKeepsWorkingInItsNewHome) {
  SecretBox a = MakeBox();
  const std::string sealed = *a.Seal("v", "aad");
  SecretBox b = std::move(a);
  EXPECT_EQ(*b.Open(sealed, "aad"), "v");
}

}  // namespace
}  // namespace mxedge::common
