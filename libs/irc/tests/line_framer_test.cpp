#include "mxedge/irc/line_framer.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mxedge::irc {
namespace {

using Lines = std::vector<std::string>;

// Feeds `stream` in pieces of the given sizes (cycling through them) into a fresh framer.
Lines FeedInPieces(std::string_view stream, const std::vector<std::size_t>& sizes,
                   std::size_t limit, std::uint64_t* overlong = nullptr) {
  LineFramer framer(limit);
  Lines lines;
  std::size_t i = 0;
  while (!stream.empty()) {
    const std::size_t n = std::min(sizes[i++ % sizes.size()], stream.size());
    for (std::string& line : framer.Feed(stream.substr(0, n))) {
      lines.push_back(std::move(line));
    }
    stream.remove_prefix(n);
    EXPECT_LE(framer.buffered_bytes(), limit);
  }
  if (overlong != nullptr) {
    *overlong = framer.overlong_lines();
  }
  return lines;
}

TEST(LineFramerTest, SplitsOnCrlfAndBareLf) {
  LineFramer framer;
  EXPECT_EQ(framer.Feed("PING :a\r\nPING :b\nPING :c\r\n"),
            (Lines{"PING :a", "PING :b", "PING :c"}));
  EXPECT_EQ(framer.buffered_bytes(), 0u);
}

TEST(LineFramerTest, KeepsAPartialLineAcrossFeeds) {
  LineFramer framer;
  EXPECT_EQ(framer.Feed("PRIVMSG #a :hel"), Lines{});
  EXPECT_EQ(framer.buffered_bytes(), 15u);
  EXPECT_EQ(framer.Feed("lo\r"), Lines{});
  EXPECT_EQ(framer.Feed("\nPING"), Lines{"PRIVMSG #a :hello"});
  EXPECT_EQ(framer.Feed(" x\n"), Lines{"PING x"});
}

TEST(LineFramerTest, SkipsEmptyLines) {
  LineFramer framer;
  EXPECT_EQ(framer.Feed("\r\n\n\r\nPING x\r\n\r\n"), Lines{"PING x"});
}

TEST(LineFramerTest, OnlyOneCrBelongsToTheTerminator) {
  LineFramer framer;
  EXPECT_EQ(framer.Feed("a\r\r\n"), Lines{"a\r"});
}

TEST(LineFramerTest, DropsAndCountsAnOverLongLineThenResumes) {
  LineFramer framer(12);  // 10 bytes of content + CRLF
  EXPECT_EQ(framer.Feed("0123456789\r\n"), Lines{"0123456789"});
  EXPECT_EQ(framer.Feed("0123456789A"), Lines{});
  EXPECT_EQ(framer.overlong_lines(), 0u);  // 11 bytes: the 11th may still be a CR
  EXPECT_EQ(framer.Feed("B"), Lines{});
  EXPECT_EQ(framer.overlong_lines(), 1u);
  EXPECT_TRUE(framer.skipping());
  EXPECT_EQ(framer.buffered_bytes(), 0u);
  EXPECT_EQ(framer.Feed(std::string(1000, 'x')), Lines{});
  EXPECT_EQ(framer.Feed("yyy\r\nPING ok\r\n"), Lines{"PING ok"});
  EXPECT_FALSE(framer.skipping());
  EXPECT_EQ(framer.overlong_lines(), 1u);
}

TEST(LineFramerTest, LimitIsExactAtTheBoundary) {
  LineFramer framer(12);
  EXPECT_EQ(framer.Feed("0123456789\n"), Lines{"0123456789"});
  EXPECT_EQ(framer.Feed("0123456789A\n0123456789A\r\n"), Lines{});
  EXPECT_EQ(framer.overlong_lines(), 2u);
  EXPECT_EQ(framer.Feed("0123456789\r"), Lines{});
  EXPECT_EQ(framer.Feed("\n"), Lines{"0123456789"});
  EXPECT_EQ(framer.overlong_lines(), 2u);
}

TEST(LineFramerTest, DefaultLimitFitsTagsAndBody) {
  LineFramer framer;
  const std::string line = "@" + std::string(8189, 't') + " " + std::string(510, 'b');
  EXPECT_EQ(framer.Feed(line + "\r\n"), Lines{line});
  EXPECT_EQ(framer.Feed(line + "b\r\n"), Lines{});
  EXPECT_EQ(framer.overlong_lines(), 1u);
}

TEST(LineFramerTest, CallbackFormSeesTheSameLines) {
  LineFramer framer;
  Lines seen;
  framer.Feed("a\r\nb\nc", [&seen](std::string_view line) { seen.emplace_back(line); });
  EXPECT_EQ(seen, (Lines{"a", "b"}));
}

std::string RandomStream(std::mt19937& rng, std::size_t limit) {
  std::string stream;
  std::uniform_int_distribution<int> kind(0, 9);
  for (int i = 0; i < 300; ++i) {
    const int k = kind(rng);
    std::size_t length = 0;
    if (k == 0) {
      length = limit - 2 + std::uniform_int_distribution<std::size_t>(0, 3)(rng);  // near limit
    } else if (k == 1) {
      length = limit * 3;  // far over
    } else {
      length = std::uniform_int_distribution<std::size_t>(0, limit / 2)(rng);
    }
    for (std::size_t j = 0; j < length; ++j) {
      stream += static_cast<char>('a' + j % 26);
    }
    const int terminator = kind(rng);
    stream += terminator < 5 ? "\r\n" : (terminator < 8 ? "\n" : "\r\r\n");
  }
  return stream;
}

TEST(LineFramerTest, ByteAtATimeEqualsAllAtOnce) {
  std::mt19937 rng(7);
  for (std::size_t limit : {8u, 12u, 64u, 8703u}) {
    const std::string stream = RandomStream(rng, limit);
    std::uint64_t overlong_once = 0;
    std::uint64_t overlong_bytes = 0;
    const Lines once = FeedInPieces(stream, {stream.size()}, limit, &overlong_once);
    const Lines bytewise = FeedInPieces(stream, {1}, limit, &overlong_bytes);
    EXPECT_EQ(bytewise, once) << "limit " << limit;
    EXPECT_EQ(overlong_bytes, overlong_once) << "limit " << limit;
    EXPECT_GT(overlong_once, 0u);
    EXPECT_GT(once.size(), 100u);
    for (const std::vector<std::size_t>& sizes :
         std::vector<std::vector<std::size_t>>{{2}, {3, 7}, {limit - 1}, {limit + 1, 1}}) {
      std::uint64_t overlong = 0;
      EXPECT_EQ(FeedInPieces(stream, sizes, limit, &overlong), once) << "limit " << limit;
      EXPECT_EQ(overlong, overlong_once);
    }
  }
}

}  // namespace
}  // namespace mxedge::irc
