#include "mxedge/irc/split_message.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "utf8.hpp"

namespace mxedge::irc {
namespace {

using Lines = std::vector<std::string>;

Lines MustSplit(std::string_view text, std::size_t budget) {
  absl::StatusOr<Lines> lines = SplitMessage(text, budget);
  EXPECT_TRUE(lines.ok()) << lines.status();
  return lines.ok() ? *lines : Lines{};
}

TEST(TextBudgetTest, CountsTheRelayedPrefix) {
  // ":alice!al@example.org PRIVMSG #chan :" is 37 bytes, plus CRLF.
  EXPECT_EQ(TextBudget(512, "alice!al@example.org", "PRIVMSG", "#chan"), 512u - 37 - 2);
  EXPECT_EQ(TextBudget(2048, "a!b@c", "NOTICE", "bob"), 2048u - 19 - 2);
  EXPECT_EQ(TextBudget(10, "alice!al@example.org", "PRIVMSG", "#chan"), 0u);
}

TEST(SplitMessageTest, ShortTextIsOneLine) {
  EXPECT_EQ(MustSplit("hello world", 100), Lines{"hello world"});
}

TEST(SplitMessageTest, SplitsOnEveryKindOfNewlineAndDropsEmptyLines) {
  EXPECT_EQ(MustSplit("one\ntwo\r\nthree\rfour\n\n\nfive\n", 100),
            (Lines{"one", "two", "three", "four", "five"}));
  EXPECT_EQ(MustSplit("\n\r\n", 100), Lines{});
  EXPECT_EQ(MustSplit("", 100), Lines{});
}

TEST(SplitMessageTest, PrefersTheLastSpaceAndDropsIt) {
  EXPECT_EQ(MustSplit("aaa bbb ccc ddd", 8), (Lines{"aaa bbb", "ccc ddd"}));
  EXPECT_EQ(MustSplit("aaa bbbbbbbbbbbb", 8), (Lines{"aaa", "bbbbbbbb", "bbbb"}));
}

TEST(SplitMessageTest, NeverSplitsAMultiByteCharacter) {
  // "é" is 2 bytes: 5 of them are 10 bytes; a budget of 5 fits two.
  EXPECT_EQ(MustSplit("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5),
            (Lines{"\xc3\xa9\xc3\xa9", "\xc3\xa9\xc3\xa9", "\xc3\xa9"}));
}

TEST(SplitMessageTest, KeepsCombiningSequencesTogether) {
  // "e" + U+0301 (2 bytes) = 3 bytes per cluster; a budget of 5 fits one cluster, not 1.66.
  const std::string cluster = "e\xcc\x81";
  EXPECT_EQ(MustSplit(cluster + cluster + cluster, 5), (Lines{cluster, cluster, cluster}));
}

TEST(SplitMessageTest, KeepsEmojiSequencesTogether) {
  const std::string thumbs = "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd";  // 👍 + skin tone, 8 bytes
  const std::string flag = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7";    // 🇫🇷, 8 bytes
  const std::string family =
      "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9";  // 👨‍👩, 11 bytes
  EXPECT_EQ(MustSplit(thumbs + thumbs, 12), (Lines{thumbs, thumbs}));
  EXPECT_EQ(MustSplit(flag + flag + flag, 12), (Lines{flag, flag, flag}));
  EXPECT_EQ(MustSplit("ab" + family, 12), (Lines{"ab", family}));
}

TEST(SplitMessageTest, AClusterLongerThanTheBudgetSplitsAtCodePoints) {
  const std::string heavy = "e\xcc\x81\xcc\x82\xcc\x83";  // e + 3 marks: 7 bytes
  EXPECT_EQ(MustSplit(heavy, 4), (Lines{"e\xcc\x81", "\xcc\x82\xcc\x83"}));
}

TEST(SplitMessageTest, RejectsABudgetUnderOneCharacter) {
  const absl::StatusOr<Lines> lines = SplitMessage("abc", 3);
  ASSERT_FALSE(lines.ok());
  EXPECT_EQ(lines.status().message(),
            "split budget of 3 bytes is under the 4 bytes of one character");
}

// Whether `chunks` (from one input line) rebuild `line`, allowing one dropped space per split.
bool Rebuilds(std::string_view line, const Lines& chunks, std::size_t index, std::size_t pos) {
  if (index == chunks.size()) {
    return pos == line.size() || (pos + 1 == line.size() && line[pos] == ' ');
  }
  const std::string& chunk = chunks[index];
  for (std::size_t skip : {0u, 1u}) {
    if (skip == 1 && (index == 0 || pos >= line.size() || line[pos] != ' ')) {
      continue;
    }
    if (line.substr(pos + skip, chunk.size()) == chunk &&
        Rebuilds(line, chunks, index + 1, pos + skip + chunk.size())) {
      return true;
    }
  }
  return false;
}

TEST(SplitMessageTest, PropertiesHoldOverRandomText) {
  const std::vector<std::string> pieces = {
      "a",
      "word",
      "longerword",
      " ",
      " ",
      "  ",
      "\xc3\xa9",
      "e\xcc\x81",
      "\xe4\xb8\xad",
      "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",
      "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
      "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
      "\n",
      "\r\n",
      "https://example.org/a/very/long/path/without/any/spaces/in/it/at/all"};
  std::mt19937 rng(42);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 120)(rng);
    for (int i = 0; i < n; ++i) {
      text += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
    }
    const std::size_t budget = std::uniform_int_distribution<std::size_t>(32, 120)(rng);
    const Lines chunks = MustSplit(text, budget);
    for (const std::string& chunk : chunks) {
      ASSERT_FALSE(chunk.empty());
      ASSERT_LE(chunk.size(), budget);
      ASSERT_TRUE(internal::IsValidUtf8(chunk)) << chunk;
      // Every cluster in the pool is shorter than the budget, so no chunk starts inside one.
      const internal::DecodedCodePoint first = internal::DecodeUtf8At(chunk, 0);
      ASSERT_FALSE(internal::IsClusterExtender(first.value)) << chunk;
      ASSERT_NE(first.value, 0x1F469u) << "split after a ZWJ: " << chunk;  // 👩 follows a ZWJ
      ASSERT_EQ(chunk.find_first_of("\r\n"), std::string::npos);
    }
    // Rebuild line by line: the chunks of each input line, in order.
    std::size_t next = 0;
    std::string_view rest = text;
    while (!rest.empty()) {
      const std::size_t end = rest.find_first_of("\r\n");
      const std::string_view line = rest.substr(0, end);
      Lines mine;
      const Lines own = MustSplit(line, budget);
      for (std::size_t i = 0; i < own.size(); ++i) {
        ASSERT_LT(next + i, chunks.size());
        mine.push_back(chunks[next + i]);
      }
      ASSERT_EQ(mine, own);
      ASSERT_TRUE(Rebuilds(line, own, 0, 0)) << line;
      next += own.size();
      if (end == std::string_view::npos) {
        break;
      }
      rest.remove_prefix(
          end + ((rest[end] == '\r' && end + 1 < rest.size() && rest[end + 1] == '\n') ? 2 : 1));
    }
    ASSERT_EQ(next, chunks.size());
  }
}

}  // namespace
}  // namespace mxedge::irc
