// Property: for every message FormatMessage accepts, ParseMessage gives the same message back.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/parser.hpp"

namespace mxedge::irc {
namespace {

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Coin() { return Int(0, 1) == 1; }

  // Bytes from `alphabet`, or (when empty) any byte but NUL, CR and LF.
  std::string Text(int min, int max, std::string_view alphabet = {}) {
    std::string out;
    const int n = Int(min, max);
    for (int i = 0; i < n; ++i) {
      if (!alphabet.empty()) {
        out += alphabet[Int(0, static_cast<int>(alphabet.size()) - 1)];
        continue;
      }
      char c = 0;
      do {
        c = static_cast<char>(Int(1, 255));
      } while (c == '\r' || c == '\n');
      out += c;
    }
    return out;
  }

  Message RandomMessage() {
    static constexpr std::string_view kName =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
    static constexpr std::string_view kWord = "abcxyz#&!@.:;\\=+-_[]{}|^~\x01\x02\xc3\xa9";
    Message m;
    const int tags = Int(0, 4);
    for (int i = 0; i < tags; ++i) {
      std::string key = Coin() ? "+" : "";
      if (Coin()) {
        key += Text(1, 8, "abc.-0") + "/";
      }
      key += Text(1, 10, kName) + std::to_string(i);  // the suffix keeps keys unique
      std::string value = Coin() ? Text(0, 20) : Text(0, 20, "; \\\r\n=ab");
      m.tags.push_back(Tag{std::move(key), std::move(value)});
    }
    if (Coin()) {
      Prefix prefix;
      prefix.nick = Text(1, 12, "abcXYZ[]{}|\\^_-0123456789.:");
      if (Coin()) {
        prefix.user = Text(1, 10, "abc~!xyz");
      }
      if (Coin()) {
        prefix.host = Text(1, 20, "abc.!@:xyz0123");
      }
      m.prefix = std::move(prefix);
    }
    m.command = Coin() ? Text(1, 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZabc") : Text(3, 3, "0123456789");
    const int params = Int(0, 15);
    for (int i = 0; i < params; ++i) {
      const bool last = i + 1 == params;
      if (last && Coin()) {
        m.params.push_back(Coin() ? std::string() : Text(0, 40));
        m.params.back() += Coin() ? " :x " : "";
      } else {
        std::string word = Text(1, 8, kWord);
        if (word.front() == ':') {
          word.front() = 'w';
        }
        m.params.push_back(std::move(word));
      }
    }
    return m;
  }

 private:
  std::mt19937 rng_;
};

TEST(RoundTripTest, ParseOfFormatGivesTheMessageBack) {
  Generator gen(20261125);
  int formatted = 0;
  for (int i = 0; i < 20000; ++i) {
    const Message m = gen.RandomMessage();
    const LineLimits limits{.max_body_bytes = 1024};
    absl::StatusOr<std::string> line = FormatMessage(m, limits);
    ASSERT_TRUE(line.ok()) << line.status();
    ++formatted;
    absl::StatusOr<Message> back = ParseMessage(*line, limits);
    ASSERT_TRUE(back.ok()) << back.status() << " for " << *line;
    ASSERT_EQ(*back, m) << *line;
    // And formatting again gives the same bytes.
    absl::StatusOr<std::string> again = FormatMessage(*back, limits);
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(*again, *line);
  }
  EXPECT_EQ(formatted, 20000);
}

TEST(RoundTripTest, ParsedLinesFormatToTheirCanonicalForm) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {":n!u@h   PRIVMSG   #a   :hi  there", ":n!u@h PRIVMSG #a :hi  there\r\n"},
      {"@a=;b=\\q CMD x :y", "@a;b=q CMD x y\r\n"},
      {"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :15", "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\r\n"},
      {"@ PING x", "PING x\r\n"},
  };
  for (const auto& [in, out] : cases) {
    absl::StatusOr<Message> m = ParseMessage(in);
    ASSERT_TRUE(m.ok()) << m.status();
    absl::StatusOr<std::string> line = FormatMessage(*m);
    ASSERT_TRUE(line.ok()) << line.status();
    EXPECT_EQ(*line, out);
  }
}

}  // namespace
}  // namespace mxedge::irc
