#include "mxedge/irc/validation.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc {
namespace {

ISupport WithNickLen(int len) {
  ISupport isupport;
  EXPECT_TRUE(isupport.ApplyToken("NICKLEN=" + std::to_string(len)).ok());
  return isupport;
}

std::string Sanitized(std::string_view wanted, const ISupport& isupport = WithNickLen(30)) {
  absl::StatusOr<std::string> nick = SanitizeNick(wanted, isupport);
  EXPECT_TRUE(nick.ok()) << nick.status();
  EXPECT_TRUE(IsValidNick(*nick, isupport)) << *nick;
  return nick.ok() ? *nick : std::string();
}

TEST(IsValidNickTest, RfcRules) {
  const ISupport isupport;  // NICKLEN 9
  EXPECT_TRUE(IsValidNick("alice", isupport));
  EXPECT_TRUE(IsValidNick("[bot]`_^", isupport));
  EXPECT_TRUE(IsValidNick("a-1|{}\\", isupport));
  EXPECT_TRUE(IsValidNick("ninechars", isupport));
  EXPECT_FALSE(IsValidNick("tenchars!!", isupport));
  EXPECT_FALSE(IsValidNick("tencharsxx", isupport));
  EXPECT_FALSE(IsValidNick("", isupport));
  EXPECT_FALSE(IsValidNick("1alice", isupport));
  EXPECT_FALSE(IsValidNick("-alice", isupport));
  EXPECT_FALSE(IsValidNick("al ice", isupport));
  EXPECT_FALSE(IsValidNick("al!ce", isupport));
  EXPECT_FALSE(IsValidNick("#alice", isupport));
  EXPECT_FALSE(IsValidNick("zo\xc3\xab", isupport));
  EXPECT_TRUE(IsValidNick("longernick", WithNickLen(30)));
}

TEST(IsValidChannelNameTest, ChanTypesLengthAndForbiddenBytes) {
  ISupport isupport;
  EXPECT_TRUE(IsValidChannelName("#matrix", isupport));
  EXPECT_TRUE(IsValidChannelName("&local", isupport));
  EXPECT_TRUE(IsValidChannelName("#caf\xc3\xa9", isupport));
  EXPECT_FALSE(IsValidChannelName("#", isupport));
  EXPECT_FALSE(IsValidChannelName("matrix", isupport));
  EXPECT_FALSE(IsValidChannelName("#a b", isupport));
  EXPECT_FALSE(IsValidChannelName("#a,b", isupport));
  EXPECT_FALSE(IsValidChannelName("#a\x07", isupport));
  EXPECT_FALSE(IsValidChannelName(std::string_view("#a\0", 3), isupport));
  EXPECT_FALSE(IsValidChannelName("#" + std::string(50, 'a'), isupport));
  EXPECT_TRUE(IsValidChannelName("#" + std::string(49, 'a'), isupport));
  ASSERT_TRUE(isupport.ApplyToken("CHANTYPES=#").ok());
  EXPECT_FALSE(IsValidChannelName("&local", isupport));
}

TEST(SanitizeNickTest, KeepsValidNicks) {
  EXPECT_EQ(Sanitized("alice"), "alice");
  EXPECT_EQ(Sanitized("alice[m]"), "alice[m]");
}

TEST(SanitizeNickTest, ReplacesInvalidCharactersWithOneUnderscorePerRun) {
  EXPECT_EQ(Sanitized("Alice Smith"), "Alice_Smith");
  EXPECT_EQ(Sanitized("a  !! b"), "a_b");
  EXPECT_EQ(Sanitized("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99 (Li)"), "_Li_");
  EXPECT_EQ(Sanitized("bad\xff\xfe"), "bad_");
}

TEST(SanitizeNickTest, TransliteratesLatinLettersAndDropsCombiningMarks) {
  EXPECT_EQ(Sanitized("Zo\xc3\xab"), "Zoe");   // precomposed ë
  EXPECT_EQ(Sanitized("Zoe\xcc\x88"), "Zoe");  // e + combining diaeresis
  EXPECT_EQ(Sanitized("Stra\xc3\x9f"
                      "e"),
            "Strasse");                             // ß
  EXPECT_EQ(Sanitized("\xc5\x81ukasz"), "Lukasz");  // Ł
  EXPECT_EQ(Sanitized("\xc3\x86sir"), "AEsir");     // Æ
  EXPECT_EQ(Sanitized("\xc5\x92uvre"), "OEuvre");   // Œ
  EXPECT_EQ(Sanitized("a\xc3\x97"
                      "b"),
            "a_b");  // × is not a letter
}

TEST(SanitizeNickTest, FixesALeadingDigitOrDash) {
  EXPECT_EQ(Sanitized("1337"), "_1337");
  EXPECT_EQ(Sanitized("-dash"), "_-dash");
}

TEST(SanitizeNickTest, TruncatesToNickLen) {
  EXPECT_EQ(Sanitized("averyveryverylongname", WithNickLen(9)), "averyvery");
  EXPECT_EQ(Sanitized("123456789", WithNickLen(9)), "_12345678");
  EXPECT_EQ(Sanitized("\xc3\x89milie-Fran\xc3\xa7oise", WithNickLen(12)), "Emilie-Franc");
}

TEST(SanitizeNickTest, RejectsNothingUsable) {
  EXPECT_EQ(SanitizeNick("", ISupport()).status().message(), "wanted nick has no usable character");
  EXPECT_EQ(SanitizeNick("\xcc\x88\xcc\x81", ISupport()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc
