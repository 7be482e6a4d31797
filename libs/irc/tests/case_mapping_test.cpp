#include "mxedge/irc/case_mapping.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc {
namespace {

TEST(CaseMappingTest, Rfc1459FoldsBracketsBackslashAndTilde) {
  const CaseMapping mapping(CaseMapping::Kind::kRfc1459);
  EXPECT_EQ(mapping.Fold("Nick[A]\\~"), "nick{a}|^");
  EXPECT_TRUE(mapping.Equal("#Foo[1]", "#foo{1}"));
  EXPECT_TRUE(mapping.Equal("a~", "A^"));
  EXPECT_FALSE(mapping.Equal("a", "ab"));
}

TEST(CaseMappingTest, StrictRfc1459LeavesTilde) {
  const CaseMapping mapping(CaseMapping::Kind::kStrictRfc1459);
  EXPECT_EQ(mapping.Fold("A[]\\~"), "a{}|~");
  EXPECT_FALSE(mapping.Equal("a~", "a^"));
}

TEST(CaseMappingTest, AsciiFoldsOnlyLetters) {
  const CaseMapping mapping(CaseMapping::Kind::kAscii);
  EXPECT_EQ(mapping.Fold("AbC[]\\~\xc3\x89"), "abc[]\\~\xc3\x89");
  EXPECT_FALSE(mapping.Equal("[", "{"));
}

TEST(CaseMappingTest, FromNameWithUnknownFallingBackToRfc1459) {
  EXPECT_EQ(CaseMapping::FromName("ascii").kind(), CaseMapping::Kind::kAscii);
  EXPECT_EQ(CaseMapping::FromName("strict-rfc1459").kind(), CaseMapping::Kind::kStrictRfc1459);
  EXPECT_EQ(CaseMapping::FromName("rfc1459").kind(), CaseMapping::Kind::kRfc1459);
  EXPECT_EQ(CaseMapping::FromName("rfc7613").kind(), CaseMapping::Kind::kRfc1459);
  EXPECT_EQ(CaseMapping::FromName("").name(), "rfc1459");
  EXPECT_EQ(CaseMapping(CaseMapping::Kind::kAscii).name(), "ascii");
}

TEST(CaseMappingTest, FromNameTakesBothSpellingsOfStrict) {
  EXPECT_EQ(CaseMapping::FromName("rfc1459-strict").kind(), CaseMapping::Kind::kStrictRfc1459);
  EXPECT_EQ(CaseMapping(CaseMapping::Kind::kStrictRfc1459).name(), "rfc1459-strict");
}

TEST(CaseMappingTest, ParseAcceptsTheThreeMappingsAndRefusesOthers) {
  for (const char* name : {"ascii", "rfc1459", "rfc1459-strict"}) {
    absl::StatusOr<CaseMapping> parsed = CaseMapping::Parse(name);
    ASSERT_TRUE(parsed.ok()) << name;
    EXPECT_EQ(parsed->name(), name);
  }
  EXPECT_EQ(CaseMapping::Parse("strict-rfc1459")->kind(), CaseMapping::Kind::kStrictRfc1459);
  for (const char* name : {"", "RFC1459", "rfc7613", "ascii "}) {
    absl::StatusOr<CaseMapping> parsed = CaseMapping::Parse(name);
    EXPECT_TRUE(absl::IsInvalidArgument(parsed.status())) << name;
  }
  EXPECT_NE(CaseMapping::Parse("utf8").status().message().find("\"utf8\""), std::string::npos);
}

TEST(CaseMappingTest, TheThreeMappingsFoldOneNickDifferently) {
  // One nick, three keys: a key folded by one mapping is not found by another.
  const std::string nick = "Alice[m]~";
  EXPECT_EQ(CaseMapping::FromName("ascii").Fold(nick), "alice[m]~");
  EXPECT_EQ(CaseMapping::FromName("rfc1459").Fold(nick), "alice{m}^");
  EXPECT_EQ(CaseMapping::FromName("rfc1459-strict").Fold(nick), "alice{m}~");
}

}  // namespace
}  // namespace mxedge::irc
