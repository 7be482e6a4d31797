#include "redis_user_credentials.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/redis/commands.hpp"
#include "redis_test_env.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

constexpr char kKeyA[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
constexpr char kKeyB[] = "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=";

std::optional<common::SecretBox> Box(const char* key) { return *common::SecretBox::Create(key); }

TEST(RedisUserCredentialsTest, UsernameAndSealedPasswordRoundTrip) {
  RedisTestKeys env;
  RedisUserCredentials creds(env.client(), env.keys(), Box(kKeyA));
  ASSERT_TRUE(creds.CheckKey().ok());
  EXPECT_EQ(creds.Get("libera", "@alice:hs").value(), StoredLogin{});
  ASSERT_TRUE(creds.SetUsername("libera", "@alice:hs", "alice").ok());
  ASSERT_TRUE(creds.SetPassword("libera", "@alice:hs", "acct", "hunter2").ok());
  EXPECT_EQ(creds.Get("libera", "@alice:hs").value(),
            (StoredLogin{.username = "alice", .account = "acct", .password = "hunter2"}));
  // At rest the password is sealed, never the plaintext.
  const std::string key = env.keys().prefix() + "irc:login:libera:@alice:hs";
  absl::StatusOr<std::optional<std::string>> sealed = redis::HGet(env.client(), key, "password");
  ASSERT_TRUE(sealed.ok() && sealed->has_value());
  EXPECT_THAT(**sealed, ::testing::Not(HasSubstr("hunter2")));
  // Another network is another record.
  EXPECT_EQ(creds.Get("oftc", "@alice:hs").value(), StoredLogin{});

  EXPECT_TRUE(creds.RemovePassword("libera", "@alice:hs").value());
  EXPECT_FALSE(creds.RemovePassword("libera", "@alice:hs").value());
  EXPECT_EQ(creds.Get("libera", "@alice:hs").value(), StoredLogin{.username = "alice"});
}

TEST(RedisUserCredentialsTest, ASealedPasswordMovedToAnotherUserDoesNotOpen) {
  RedisTestKeys env;
  RedisUserCredentials creds(env.client(), env.keys(), Box(kKeyA));
  ASSERT_TRUE(creds.SetPassword("libera", "@alice:hs", "", "hunter2").ok());
  const std::string alice = env.keys().prefix() + "irc:login:libera:@alice:hs";
  const std::string mallory = env.keys().prefix() + "irc:login:libera:@mallory:hs";
  std::optional<std::string> sealed = redis::HGet(env.client(), alice, "password").value();
  ASSERT_TRUE(sealed.has_value());
  ASSERT_TRUE(redis::HSet(env.client(), mallory, "password", *sealed).ok());
  EXPECT_EQ(creds.Get("libera", "@mallory:hs").status().code(), absl::StatusCode::kDataLoss);
}

TEST(RedisUserCredentialsTest, WithoutAKeyPasswordsAreNotStored) {
  RedisTestKeys env;
  RedisUserCredentials creds(env.client(), env.keys(), std::nullopt);
  EXPECT_FALSE(creds.stores_passwords());
  EXPECT_TRUE(creds.CheckKey().ok());
  EXPECT_EQ(creds.SetPassword("libera", "@alice:hs", "", "pw").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(creds.SetUsername("libera", "@alice:hs", "alice").ok());
  EXPECT_EQ(creds.Get("libera", "@alice:hs").value().username, "alice");
}

TEST(RedisUserCredentialsTest, AnotherKeyFailsTheKeyCheck) {
  RedisTestKeys env;
  RedisUserCredentials first(env.client(), env.keys(), Box(kKeyA));
  ASSERT_TRUE(first.CheckKey().ok());
  ASSERT_TRUE(first.CheckKey().ok());  // the stored check verifies
  RedisUserCredentials second(env.client(), env.keys(), Box(kKeyB));
  EXPECT_EQ(second.CheckKey().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(RedisUserCredentialsTest, BadArgumentsAreRefused) {
  RedisTestKeys env;
  RedisUserCredentials creds(env.client(), env.keys(), Box(kKeyA));
  EXPECT_EQ(creds.Get("", "@alice:hs").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(creds.SetUsername("libera", "@a b:hs", "x").code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mxedge::irc_worker
