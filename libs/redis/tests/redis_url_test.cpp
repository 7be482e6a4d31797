#include "mxedge/redis/redis_url.hpp"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace mxedge::redis {
namespace {

RedisUrl MustParse(std::string_view text) {
  absl::StatusOr<RedisUrl> url = ParseRedisUrl(text);
  EXPECT_TRUE(url.ok()) << text << ": " << url.status();
  return url.ok() ? *url : RedisUrl{};
}

void ExpectInvalid(std::string_view text, std::string_view fragment) {
  absl::StatusOr<RedisUrl> url = ParseRedisUrl(text);
  ASSERT_FALSE(url.ok()) << text;
  EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << text;
  EXPECT_NE(std::string(url.status().message()).find(fragment), std::string::npos)
      << text << " gave " << url.status();
}

TEST(ParseRedisUrlTest, HostOnlyUsesDefaults) {
  RedisUrl url = MustParse("redis://redis.internal");
  EXPECT_EQ(url.transport, RedisUrl::Transport::kTcp);
  EXPECT_EQ(url.host, "redis.internal");
  EXPECT_EQ(url.port, 6379);
  EXPECT_EQ(url.db, 0);
  EXPECT_TRUE(url.user.empty());
  EXPECT_TRUE(url.password.empty());
  EXPECT_EQ(url.Address(), "redis.internal:6379");
}

TEST(ParseRedisUrlTest, FullFormWithUserPasswordPortAndDb) {
  RedisUrl url = MustParse("redis://bridge:p%40ss%2Fw0rd@127.0.0.1:6380/3");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 6380);
  EXPECT_EQ(url.user, "bridge");
  EXPECT_EQ(url.password, "p@ss/w0rd");
  EXPECT_EQ(url.db, 3);
  EXPECT_EQ(url.Address(), "127.0.0.1:6380");  // never the password
}

TEST(ParseRedisUrlTest, PasswordWithoutUserAndTrailingSlash) {
  RedisUrl url = MustParse("REDIS://:secret@localhost/");
  EXPECT_TRUE(url.user.empty());
  EXPECT_EQ(url.password, "secret");
  EXPECT_EQ(url.db, 0);
}

TEST(ParseRedisUrlTest, BracketedIpv6) {
  RedisUrl url = MustParse("redis://[::1]:7000/1");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 7000);
  EXPECT_EQ(url.Address(), "[::1]:7000");
  EXPECT_EQ(MustParse("redis://[fe80::1]").port, 6379);
}

TEST(ParseRedisUrlTest, UnixSocket) {
  RedisUrl url = MustParse("unix:///run/redis/redis.sock");
  EXPECT_EQ(url.transport, RedisUrl::Transport::kUnix);
  EXPECT_EQ(url.unix_path, "/run/redis/redis.sock");
  EXPECT_EQ(url.Address(), "unix:/run/redis/redis.sock");
  RedisUrl with_auth = MustParse("unix://:pw@/tmp/r.sock?db=2");
  EXPECT_EQ(with_auth.password, "pw");
  EXPECT_EQ(with_auth.unix_path, "/tmp/r.sock");
  EXPECT_EQ(with_auth.db, 2);
}

TEST(ParseRedisUrlTest, RejectsEmptyAndMissingScheme) {
  ExpectInvalid("", "empty");
  ExpectInvalid("127.0.0.1:6379", "missing scheme");
  ExpectInvalid("http://127.0.0.1", "unknown scheme");
  ExpectInvalid("rediss://127.0.0.1", "TLS");
}

TEST(ParseRedisUrlTest, RejectsControlSpaceAndNonAscii) {
  ExpectInvalid(std::string("redis://host\0x", 14), "offset 12");
  ExpectInvalid("redis://ho st", "offset 10");
  ExpectInvalid("redis://h\xc3\xa9st", "offset 9");
}

TEST(ParseRedisUrlTest, RejectsBadHosts) {
  ExpectInvalid("redis://", "missing host");
  ExpectInvalid("redis://:6379", "missing host");
  ExpectInvalid("redis://ho$t", "bad character in host");
  ExpectInvalid("redis://" + std::string(300, 'a'), "host too long");
  ExpectInvalid("redis://::1:6379", "more than one ':'");
  ExpectInvalid("redis://[::1", "unterminated '['");
  ExpectInvalid("redis://[]:6379", "empty IPv6 host");
  ExpectInvalid("redis://[::g]", "bad character in IPv6 host");
  ExpectInvalid("redis://[::1]x", "after IPv6 host");
}

TEST(ParseRedisUrlTest, RejectsBadPorts) {
  ExpectInvalid("redis://host:", "empty port");
  ExpectInvalid("redis://host:0", "port out of range");
  ExpectInvalid("redis://host:65536", "port out of range");
  ExpectInvalid("redis://host:99999999999", "port out of range");
  ExpectInvalid("redis://host:12a", "port is not a number");
  ExpectInvalid("redis://host:-1", "port is not a number");
  ExpectInvalid("redis://host:1:2", "more than one ':'");
}

TEST(ParseRedisUrlTest, RejectsBadDb) {
  ExpectInvalid("redis://host/x", "db is not a number");
  ExpectInvalid("redis://host/1/2", "db is not a number");
  ExpectInvalid("redis://host/99999999", "db out of range");
  ExpectInvalid("unix:///tmp/s?db=", "empty db");
  ExpectInvalid("unix:///tmp/s?foo=1", "only query parameter");
}

TEST(ParseRedisUrlTest, RejectsBadCredentials) {
  ExpectInvalid("redis://secret@host", "need a ':'");
  ExpectInvalid("redis://user:@host", "empty password");
  ExpectInvalid("redis://:p%4@host", "truncated percent-escape in password");
  ExpectInvalid("redis://:p%zz@host", "bad percent-escape in password");
  ExpectInvalid("redis://u%0:pw@host", "percent-escape in user");
  ExpectInvalid("redis://:a%00b@host", "NUL byte in password");
}

TEST(ParseRedisUrlTest, RejectsQueryAndFragmentOnTcp) {
  ExpectInvalid("redis://host?db=1", "query and fragment");
  ExpectInvalid("redis://host/1#x", "query and fragment");
}

TEST(ParseRedisUrlTest, RejectsBadUnixPaths) {
  ExpectInvalid("unix://", "must be absolute");
  ExpectInvalid("unix://relative/path", "must be absolute");
  ExpectInvalid("unix://:pw@relative", "must be absolute");
  ExpectInvalid("unix:///", "is a directory");
  ExpectInvalid("unix:///" + std::string(200, 's'), "too long");
  ExpectInvalid("unix:///tmp/s#frag", "fragment");
}

TEST(ParseRedisUrlTest, NeverCrashesOnAnyPrefixOfValidUrls) {
  for (std::string_view valid :
       {"redis://u:p%41@[::1]:6380/15", "unix://:pw@/run/redis.sock?db=3", "redis://h:1/2"}) {
    for (size_t n = 0; n <= valid.size(); ++n) {
      absl::StatusOr<RedisUrl> url = ParseRedisUrl(valid.substr(0, n));
      if (!url.ok()) {
        EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument);
      }
    }
  }
}

TEST(ParseRedisUrlTest, RandomMutationsGiveOkOrInvalidArgumentOnly) {
  const std::vector<std::string> seeds = {"redis://u:p%41@[::1]:6380/15",
                                          "unix://:pw@/run/redis.sock?db=3", "redis://h:1/2"};
  const std::string alphabet = ":/@[]%?#=.0123456789abcdefAF ";  // plus random bytes below
  std::mt19937 rng(12345);                                       // fixed seed: reproducible
  for (int i = 0; i < 20000; ++i) {
    std::string text = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t pos = text.empty() ? 0 : rng() % (text.size() + 1);
      const char c =
          (rng() % 8 == 0) ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          text.insert(pos, 1, c);
          break;
        case 1:
          if (pos < text.size()) text.erase(pos, 1);
          break;
        default:
          if (pos < text.size()) text[pos] = c;
          break;
      }
    }
    absl::StatusOr<RedisUrl> url = ParseRedisUrl(text);
    if (!url.ok()) {
      ASSERT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << text;
      continue;
    }
    if (url->transport == RedisUrl::Transport::kTcp) {
      EXPECT_FALSE(url->host.empty()) << text;
      EXPECT_GE(url->port, 1) << text;
      EXPECT_LE(url->port, 65535) << text;
    } else {
      ASSERT_FALSE(url->unix_path.empty()) << text;
      EXPECT_EQ(url->unix_path.front(), '/') << text;
    }
    EXPECT_GE(url->db, 0) << text;
  }
}

}  // namespace
}  // namespace mxedge::redis
