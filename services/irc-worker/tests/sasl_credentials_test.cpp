#include "sasl_credentials.hpp"

#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

SecretFileReader Files(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files.find(path);
    if (it == files.end()) {
      return absl::NotFoundError("no such file");
    }
    return it->second;
  };
}

SaslConfig Plain(std::string source) {
  SaslConfig sasl;
  sasl.mechanism = "plain";
  sasl.password_source = std::move(source);
  return sasl;
}

TEST(ResolveSaslCredentialsTest, NoneGivesNoCredentials) {
  absl::StatusOr<std::optional<SaslCredentials>> creds =
      ResolveSaslCredentials(SaslConfig{}, "@alice:hs", "alice[m]", Files({}));
  ASSERT_TRUE(creds.ok()) << creds.status();
  EXPECT_FALSE(creds->has_value());
}

TEST(ResolveSaslCredentialsTest, SharedPasswordWithTheRenderedAccount) {
  SaslConfig sasl = Plain("shared");
  sasl.account_template = "m_$LOCALPART";
  sasl.password = "s3cret";
  absl::StatusOr<std::optional<SaslCredentials>> creds =
      ResolveSaslCredentials(sasl, "@alice:example.org", "alice[m]", Files({}));
  ASSERT_TRUE(creds.ok()) << creds.status();
  ASSERT_TRUE(creds->has_value());
  EXPECT_EQ((*creds)->account, "m_alice");
  EXPECT_EQ((*creds)->password, "s3cret");
}

TEST(ResolveSaslCredentialsTest, PasswordFilePerAccountWithoutTrailingNewline) {
  SaslConfig sasl = Plain("file");
  sasl.account_template = "$NICK";
  sasl.password_dir = "/run/sasl";
  absl::StatusOr<std::optional<SaslCredentials>> creds = ResolveSaslCredentials(
      sasl, "@alice:hs", "alice[m]", Files({{"/run/sasl/alice[m]", "pa:ss word\r\n"}}));
  ASSERT_TRUE(creds.ok()) << creds.status();
  ASSERT_TRUE(creds->has_value());
  EXPECT_EQ((*creds)->account, "alice[m]");
  EXPECT_EQ((*creds)->password, "pa:ss word");
}

TEST(ResolveSaslCredentialsTest, MissingOrEmptyPasswordFileIsNotFound) {
  SaslConfig sasl = Plain("file");
  sasl.password_dir = "/run/sasl";
  absl::StatusOr<std::optional<SaslCredentials>> missing =
      ResolveSaslCredentials(sasl, "@bob:hs", "bob[m]", Files({}));
  EXPECT_TRUE(absl::IsNotFound(missing.status())) << missing.status();
  EXPECT_THAT(missing.status().message(), HasSubstr("account bob"));
  absl::StatusOr<std::optional<SaslCredentials>> empty =
      ResolveSaslCredentials(sasl, "@bob:hs", "bob[m]", Files({{"/run/sasl/bob", "\n"}}));
  EXPECT_TRUE(absl::IsNotFound(empty.status())) << empty.status();
}

TEST(ResolveSaslCredentialsTest, AccountsThatCannotNameAFileAreRefused) {
  SaslConfig sasl = Plain("file");
  sasl.password_dir = "/run/sasl";
  // Matrix localparts may hold '/' and may start with '.'.
  for (std::string_view mxid : {"@../etc:hs", "@a/b:hs", "@.hidden:hs"}) {
    absl::StatusOr<std::optional<SaslCredentials>> creds =
        ResolveSaslCredentials(sasl, mxid, "n", Files({{"/run/sasl/etc", "x"}}));
    EXPECT_TRUE(absl::IsInvalidArgument(creds.status())) << mxid << ": " << creds.status();
  }
}

TEST(RenderSaslAccountTest, TemplatesAndLimits) {
  EXPECT_EQ(*RenderSaslAccount("$LOCALPART", "@alice:hs", "n"), "alice");
  EXPECT_EQ(*RenderSaslAccount("$LOCALPART-$NICK", "@alice:hs", "al"), "alice-al");
  EXPECT_EQ(*RenderSaslAccount("bridge", "@alice:hs", "al"), "bridge");
  EXPECT_FALSE(RenderSaslAccount("$NICK", "@alice:hs", "").ok());
  EXPECT_FALSE(RenderSaslAccount("$LOCALPART", std::string("@") + std::string(70, 'a'), "").ok());
  EXPECT_FALSE(RenderSaslAccount("a b", "@alice:hs", "").ok());
}

TEST(SaslConfigErrorsTest, NoneNeedsNothing) {
  EXPECT_THAT(SaslConfigErrors(SaslConfig{}, "networks[x].sasl", true), IsEmpty());
}

TEST(SaslConfigErrorsTest, EachSourceNeedsItsOwnKeysOnly) {
  SaslConfig shared = Plain("shared");
  std::vector<std::string> errors = SaslConfigErrors(shared, "networks[x].sasl", true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("networks[x].sasl.password: required"));
  EXPECT_THAT(SaslConfigErrors(shared, "networks[x].sasl", false), IsEmpty());
  shared.password_dir = "/run/sasl";
  shared.password = "p";
  errors = SaslConfigErrors(shared, "networks[x].sasl", true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("password_dir: only used with password_source file"));

  SaslConfig file = Plain("file");
  errors = SaslConfigErrors(file, "networks[x].sasl", true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("password_dir: required"));
  file.password_dir = "/run/sasl";
  file.password = "p";
  errors = SaslConfigErrors(file, "networks[x].sasl", true);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("password: only used with password_source shared"));
}

TEST(SaslConfigErrorsTest, BadAccountTemplate) {
  SaslConfig sasl = Plain("shared");
  sasl.password = "p";
  sasl.account_template = "";
  EXPECT_THAT(SaslConfigErrors(sasl, "n.sasl", true)[0], HasSubstr("n.sasl.account_template"));
  sasl.account_template = "../$LOCALPART";
  EXPECT_THAT(SaslConfigErrors(sasl, "n.sasl", true)[0], HasSubstr("n.sasl.account_template"));
}

constexpr char kNetwork[] =
    "networks:\n"
    "  - id: libera\n"
    "    host: irc.example.org\n";

common::ConfigSource Text(std::string yaml) {
  common::ConfigSource source;
  source.text = std::move(yaml);
  return source;
}

common::EnvLookup Env(std::map<std::string, std::string, std::less<>> extra = {}) {
  extra.emplace("MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret");
  return common::MapEnvironment(std::move(extra));
}

TEST(LoadConfigSaslTest, DefaultIsNoSasl) {
  absl::StatusOr<Config> config = LoadConfig(Text(kNetwork), Env());
  ASSERT_TRUE(config.ok()) << config.status();
  const SaslConfig& sasl = config->networks.at(0).sasl;
  EXPECT_EQ(sasl.mechanism, "none");
  EXPECT_EQ(sasl.account_template, "$LOCALPART");
  EXPECT_EQ(sasl.password_source, "shared");
  EXPECT_TRUE(sasl.required);
}

TEST(LoadConfigSaslTest, SharedPasswordOnlyFromTheEnvironment) {
  const std::string yaml = std::string(kNetwork) +
                           "    sasl:\n      mechanism: plain\n      account_template: "
                           "\"m_$LOCALPART\"\n      required: false\n";
  absl::StatusOr<Config> missing = LoadConfig(Text(yaml), Env());
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("networks[libera].sasl.password: required"));

  absl::StatusOr<Config> config =
      LoadConfig(Text(yaml), Env({{"MXEDGE_NETWORKS_LIBERA_SASL_PASSWORD", "s3cret"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  const SaslConfig& sasl = config->networks.at(0).sasl;
  EXPECT_EQ(sasl.mechanism, "plain");
  EXPECT_EQ(sasl.account_template, "m_$LOCALPART");
  EXPECT_EQ(sasl.password, "s3cret");
  EXPECT_FALSE(sasl.required);

  absl::StatusOr<Config> in_file =
      LoadConfig(Text(yaml + "      password: \"in the file\"\n"),
                 Env({{"MXEDGE_NETWORKS_LIBERA_SASL_PASSWORD", "s3cret"}}));
  EXPECT_FALSE(in_file.ok());
}

TEST(LoadConfigSaslTest, PasswordFiles) {
  absl::StatusOr<Config> config =
      LoadConfig(Text(std::string(kNetwork) +
                      "    sasl:\n      mechanism: plain\n      password_source: file\n"
                      "      password_dir: /run/secrets/sasl\n"),
                 Env());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->networks.at(0).sasl.password_dir, "/run/secrets/sasl");
}

TEST(LoadConfigSaslTest, UnknownValuesAndKeysAreErrorsNamingTheKey) {
  absl::StatusOr<Config> mechanism =
      LoadConfig(Text(std::string(kNetwork) + "    sasl:\n      mechanism: scram\n"), Env());
  ASSERT_FALSE(mechanism.ok());
  EXPECT_THAT(mechanism.status().message(), HasSubstr("sasl.mechanism"));
  absl::StatusOr<Config> source = LoadConfig(
      Text(std::string(kNetwork) + "    sasl:\n      mechanism: plain\n      password_source: "
                                   "redis\n"),
      Env());
  ASSERT_FALSE(source.ok());
  EXPECT_THAT(source.status().message(), HasSubstr("sasl.password_source"));
  absl::StatusOr<Config> unknown =
      LoadConfig(Text(std::string(kNetwork) + "    sasl:\n      user: x\n"), Env());
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("sasl.user"));
  absl::StatusOr<Config> no_dir = LoadConfig(
      Text(std::string(kNetwork) + "    sasl:\n      mechanism: plain\n      password_source: "
                                   "file\n"),
      Env());
  ASSERT_FALSE(no_dir.ok());
  EXPECT_THAT(no_dir.status().message(), HasSubstr("networks[libera].sasl.password_dir"));
}

}  // namespace
}  // namespace mxedge::irc_worker
