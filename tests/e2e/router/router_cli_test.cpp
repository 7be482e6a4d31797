// End-to-end tests of the appservice-router command line: `generate-registration` writes a
// registration the homeserver can load, and `--check-config` names an unknown key.
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"
#include "router_process.hpp"

namespace mxedge::router_e2e {
namespace {

using std::chrono::milliseconds;

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

RouterProcessOptions CliOptions() {
  RouterProcessOptions options;
  options.binary = MXEDGE_ROUTER_BIN;
  options.router_id = "router-cli";
  options.redis_url = "redis://127.0.0.1:1";
  options.homeserver_url = "http://127.0.0.1:1";
  options.micropub_address = "127.0.0.1:1";
  options.as_token = "as-token-cli";
  options.hs_token = "hs-token-cli";
  options.internal_token = "internal-token-cli";
  return options;
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class RouterCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<testing::TempDir> dir = testing::TempDir::Create("router-cli");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = std::make_unique<testing::TempDir>(std::move(*dir));
  }

  // Runs the router binary with the secrets in its environment and `args`; waits for its exit.
  CliRun RunRouter(const std::vector<std::string>& args) {
    testing::SubprocessOptions options;
    options.argv = RouterProcess::EnvArgv(CliOptions());
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.log_path = dir_->File("run-" + std::to_string(runs_++) + ".log");
    absl::StatusOr<std::unique_ptr<testing::Subprocess>> process =
        testing::Subprocess::Start(options);
    CliRun run;
    if (!process.ok()) {
      run.output = std::string(process.status().message());
      return run;
    }
    absl::Status waited = (*process)->Wait(milliseconds(60'000));
    run.output = ReadWholeFile(options.log_path);
    if (!waited.ok() || !(*process)->wait_status().has_value()) {
      run.output += "\n(did not exit: " + std::string(waited.message()) + ")";
      return run;
    }
    int status = *(*process)->wait_status();
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
  }

  // The config of a router; `misspelt_key` replaces `dispatch.batch_size` when not empty.
  std::string WriteConfig(const std::string& name, const std::string& misspelt_key = "") {
    std::string path = dir_->File(name);
    std::string yaml = RouterProcess::ConfigYaml(CliOptions(), 9000, 9101, 50051, 50054);
    if (!misspelt_key.empty()) {
      size_t at = yaml.find("batch_size:");
      EXPECT_NE(at, std::string::npos);
      yaml.replace(at, std::string("batch_size").size(), misspelt_key);
    }
    EXPECT_TRUE(testing::WriteFile(path, yaml).ok());
    return path;
  }

  bool AnyMatches(const YAML::Node& entries, const std::string& id) {
    for (const YAML::Node& entry : entries) {
      if (std::regex_search(id, std::regex(entry["regex"].as<std::string>()))) {
        return true;
      }
    }
    return false;
  }

  std::unique_ptr<testing::TempDir> dir_;
  int runs_ = 0;
};

TEST_F(RouterCliTest, GenerateRegistrationWritesTheNamespaces) {
  std::string config = WriteConfig("config.yaml");
  std::string output = dir_->File("registration.yaml");
  CliRun run = RunRouter({"generate-registration", "--config", config, "--output", output, "--url",
                          "http://127.0.0.1:9000"});
  ASSERT_EQ(run.exit_code, 0) << run.output;

  YAML::Node registration = YAML::LoadFile(output);
  EXPECT_EQ(registration["id"].as<std::string>(), "mxedge");
  EXPECT_EQ(registration["url"].as<std::string>(), "http://127.0.0.1:9000");
  EXPECT_EQ(registration["as_token"].as<std::string>(), "as-token-cli");
  EXPECT_EQ(registration["hs_token"].as<std::string>(), "hs-token-cli");
  EXPECT_EQ(registration["sender_localpart"].as<std::string>(), "bridge");
  EXPECT_FALSE(registration["rate_limited"].as<bool>());

  YAML::Node users = registration["namespaces"]["users"];
  YAML::Node aliases = registration["namespaces"]["aliases"];
  ASSERT_TRUE(users.IsSequence());
  ASSERT_TRUE(aliases.IsSequence());
  for (const YAML::Node& entry : users) {
    EXPECT_TRUE(entry["exclusive"].as<bool>());
  }
  EXPECT_TRUE(AnyMatches(users, "@irc_libera_somenick:localhost"));
  EXPECT_TRUE(AnyMatches(users, "@irc_libera:localhost"));
  EXPECT_TRUE(AnyMatches(users, "@micropub:localhost"));
  EXPECT_FALSE(AnyMatches(users, "@alice:localhost"));
  EXPECT_FALSE(AnyMatches(users, "@irc_libera_somenick:elsewhere.org"));
  EXPECT_TRUE(AnyMatches(aliases, "#irc_libera_#matrix:localhost"));
  EXPECT_FALSE(AnyMatches(aliases, "#matrix:localhost"));
}

TEST_F(RouterCliTest, CheckConfigAcceptsAValidFile) {
  CliRun run = RunRouter({"--config", WriteConfig("config.yaml"), "--check-config"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("configuration OK"), std::string::npos) << run.output;
}

TEST_F(RouterCliTest, CheckConfigNamesAnUnknownKey) {
  std::string config = WriteConfig("config.yaml", "batch_sise");
  CliRun run = RunRouter({"--config", config, "--check-config"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("dispatch.batch_sise: unknown key"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("configuration OK"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace mxedge::router_e2e
