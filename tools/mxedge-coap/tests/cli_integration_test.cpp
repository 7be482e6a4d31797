// mxedge-coap as a process against a libcoap server on 127.0.0.1: plain UDP, DTLS with PSK and
// with X.509, block-wise both ways, error codes and exit status, -v, Observe and the converters.
#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "mxedge/testing/temp_dir.hpp"
#include "nlohmann/json.hpp"
#include "support/cli_process.hpp"
#include "support/test_certificates.hpp"
#include "support/test_coap_server.hpp"

namespace mxedge::coap_cli {
namespace {

using testing::CliResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RunCli;

std::string Url(const testing::TestCoapServer& server, std::string_view path, bool dtls = false) {
  return std::string(dtls ? "coaps" : "coap") +
         "://127.0.0.1:" + std::to_string(dtls ? server.dtls_port() : server.udp_port()) +
         std::string(path);
}

std::vector<std::string> Cli(std::vector<std::string> args) {
  args.insert(args.begin(), MXEDGE_COAP_BINARY);
  return args;
}

nlohmann::json ParseOut(const CliResult& result) {
  return nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
}

class CliIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> server =
        testing::TestCoapServer::Start({});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  std::unique_ptr<testing::TestCoapServer> server_;
};

TEST_F(CliIntegrationTest, GetPrintsTheAnswerAsJsonAndTheCodeOnStderr) {
  CliResult result = RunCli(Cli({Url(*server_, "/_matrix/client/versions")}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json echo = ParseOut(result);
  EXPECT_EQ(echo["method"], 1);
  EXPECT_EQ(echo["path"], nlohmann::json::array({"0"}));
  EXPECT_THAT(result.err, HasSubstr("2.05"));
}

TEST_F(CliIntegrationTest, PutSendsPathCodeCborBodyAndToken) {
  CliResult result = RunCli(
      Cli({"-X", "PUT", "-d", R"({"msgtype":"m.text","body":"Hello World"})", "--token", "syt_abc",
           Url(*server_, "/_matrix/client/r0/rooms/%21room%3Ahs/send/m.room.message/t1")}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json echo = ParseOut(result);
  EXPECT_EQ(echo["method"], 3);
  EXPECT_EQ(echo["path"], nlohmann::json::array({"9", "!room:hs", "m.room.message", "t1"}));
  EXPECT_EQ(echo["content_format"], 60);
  EXPECT_EQ(echo["body"], nlohmann::json::parse(R"({"msgtype":"m.text","body":"Hello World"})"));
  EXPECT_EQ(echo["token_option"], "syt_abc");
}

TEST_F(CliIntegrationTest, TokenFromTheEnvironmentUnlessGiven) {
  ASSERT_EQ(setenv("MXEDGE_COAP_TOKEN", "syt_from_env", 1), 0);
  CliResult from_env = RunCli(Cli({Url(*server_, "/_matrix/client/versions")}));
  CliResult from_flag =
      RunCli(Cli({"--token", "syt_flag", Url(*server_, "/_matrix/client/versions")}));
  unsetenv("MXEDGE_COAP_TOKEN");
  ASSERT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_EQ(ParseOut(from_env)["token_option"], "syt_from_env");
  EXPECT_EQ(ParseOut(from_flag)["token_option"], "syt_flag");
}

TEST_F(CliIntegrationTest, BodyFromStdinAndQueryOptions) {
  CliResult result = RunCli(Cli({"-d", "-", Url(*server_, "/_matrix/client/r0/login?a=1&b=%20")}),
                            R"({"type":"m.login.password"})");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  nlohmann::json echo = ParseOut(result);
  EXPECT_EQ(echo["method"], 2);
  EXPECT_EQ(echo["query"], nlohmann::json::array({"a=1", "b= "}));
  EXPECT_EQ(echo["body"]["type"], "m.login.password");
}

TEST_F(CliIntegrationTest, ErrorCodesSetTheExitStatus) {
  CliResult limited = RunCli(Cli({Url(*server_, "/status/429")}));
  EXPECT_EQ(limited.exit_code, 4);
  EXPECT_THAT(limited.err, HasSubstr("4.29"));
  EXPECT_THAT(limited.err, HasSubstr("max-age=2"));
  EXPECT_EQ(ParseOut(limited)["errcode"], "M_LIMIT_EXCEEDED");
  EXPECT_EQ(RunCli(Cli({Url(*server_, "/status/503")})).exit_code, 5);
  CliResult empty = RunCli(Cli({Url(*server_, "/empty404")}));
  EXPECT_EQ(empty.exit_code, 4);
  EXPECT_THAT(empty.err, HasSubstr("4.04"));
}

TEST_F(CliIntegrationTest, BlockwiseBothWays) {
  const std::string big_value(6000, 'y');
  CliResult upload = RunCli(Cli({"-X", "PUT", "-d", "-", Url(*server_, "/upload")}),
                            nlohmann::json{{"v", big_value}}.dump());
  ASSERT_EQ(upload.exit_code, 0) << upload.err;
  EXPECT_EQ(ParseOut(upload)["body"]["v"], big_value);
  EXPECT_GT(ParseOut(upload)["body_bytes"].get<int>(), 6000);

  CliResult download = RunCli(Cli({Url(*server_, "/big/20000")}));
  ASSERT_EQ(download.exit_code, 0) << download.err;
  EXPECT_EQ(ParseOut(download)["big"].get<std::string>().size(), 20000u);
}

TEST_F(CliIntegrationTest, VerboseShowsEachMessageAndDatagramSize) {
  CliResult result = RunCli(Cli(
      {"-v", "--token", "secret-token-value", Url(*server_, "/_matrix/client/r0/sync?since=s1")}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("> CON GET"));
  EXPECT_THAT(result.err, HasSubstr("Uri-Path \"7\""));
  EXPECT_THAT(result.err, HasSubstr("access-token <18 bytes>"));
  EXPECT_THAT(result.err, HasSubstr("< ACK 2.05"));
  EXPECT_THAT(result.err, HasSubstr("datagram out"));
  EXPECT_THAT(result.err, HasSubstr("datagram in"));
  EXPECT_THAT(result.err, ::testing::Not(HasSubstr("secret-token-value")));
  EXPECT_TRUE(ParseOut(result).is_object()) << "stdout holds only the answer: " << result.out;
}

TEST_F(CliIntegrationTest, DtlsWithPsk) {
  CliResult result = RunCli(Cli({"--psk", "client:integration-psk", "--token", "t",
                                 Url(*server_, "/_matrix/client/versions", true)}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ParseOut(result)["token_option"], "t");

  CliResult wrong = RunCli(Cli({"--psk", "client:wrong", "--timeout", "5",
                                Url(*server_, "/_matrix/client/versions", true)}));
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_TRUE(wrong.out.empty());
  EXPECT_THAT(wrong.err, HasSubstr("mxedge-coap:"));
}

TEST(CliPkiIntegrationTest, DtlsWithCertificates) {
  absl::StatusOr<mxedge::testing::TempDir> dir = mxedge::testing::TempDir::Create("mxcoap-pki");
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<testing::TestCertificates> certs = testing::MakeTestCertificates(dir->path());
  ASSERT_TRUE(certs.ok()) << certs.status();
  testing::TestCoapServerOptions options;
  options.certificate_file = certs->server_certificate_file;
  options.private_key_file = certs->server_key_file;
  absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> server =
      testing::TestCoapServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string url = Url(**server, "/_matrix/client/versions", true);

  CliResult verified = RunCli(Cli({"--ca", certs->ca_file, url}));
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(ParseOut(verified)["path"], nlohmann::json::array({"0"}));

  CliResult insecure = RunCli(Cli({"--insecure", url}));
  EXPECT_EQ(insecure.exit_code, 0) << insecure.err;

  CliResult untrusted = RunCli(Cli({"--ca", certs->other_ca_file, "--timeout", "5", url}));
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_TRUE(untrusted.out.empty());
}

TEST(CliPkiIntegrationTest, CertificateForAnotherNameIsRefused) {
  absl::StatusOr<mxedge::testing::TempDir> dir = mxedge::testing::TempDir::Create("mxcoap-pki");
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<testing::TestCertificates> certs = testing::MakeTestCertificates(dir->path());
  ASSERT_TRUE(certs.ok()) << certs.status();
  testing::TestCoapServerOptions options;
  options.certificate_file = certs->wrong_name_certificate_file;
  options.private_key_file = certs->wrong_name_key_file;
  absl::StatusOr<std::unique_ptr<testing::TestCoapServer>> server =
      testing::TestCoapServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string url = Url(**server, "/_matrix/client/versions", true);

  // Signed by the trusted CA, but for gateway.invalid, not 127.0.0.1.
  CliResult refused = RunCli(Cli({"--ca", certs->ca_file, "--timeout", "5", url}));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(refused.out.empty());
  EXPECT_EQ(RunCli(Cli({"--insecure", url})).exit_code, 0);
}

TEST_F(CliIntegrationTest, ObservePrintsEachNotificationUntilInterrupted) {
  absl::StatusOr<std::unique_ptr<testing::CliProcess>> process =
      testing::CliProcess::Start(Cli({"--observe", Url(*server_, "/_matrix/client/r0/sync")}));
  ASSERT_TRUE(process.ok());
  absl::StatusOr<std::string> first = (*process)->ReadLine(std::chrono::seconds(10));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(nlohmann::json::parse(*first)["n"], 0);
  for (int n = 1; n <= 2; ++n) {
    server_->Notify();
    absl::StatusOr<std::string> line = (*process)->ReadLine(std::chrono::seconds(10));
    ASSERT_TRUE(line.ok()) << line.status();
    EXPECT_EQ(nlohmann::json::parse(*line)["n"], n);
  }
  (*process)->Signal(SIGINT);
  CliResult result = (*process)->Finish(std::chrono::seconds(10));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("observe="));
  // Ctrl-C deregistered before exiting (the answer arrived before the process ended).
  EXPECT_EQ(server_->deregistrations(), 1);
}

TEST_F(CliIntegrationTest, NoServerMeansATimeout) {
  // The DTLS port of a server that is gone: nothing answers.
  const std::string url = Url(*server_, "/x", true);
  server_.reset();
  CliResult result = RunCli(Cli({"--psk", "a:b", "--timeout", "1", url}));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(result.out.empty());
}

TEST(CliConvertIntegrationTest, JsonToCborAndBack) {
  const std::string json = R"({"type":"m.room.message","content":{"body":"hi"}})";
  CliResult cbor = RunCli(Cli({"json2cbor"}), json);
  ASSERT_EQ(cbor.exit_code, 0) << cbor.err;
  EXPECT_LT(cbor.out.size(), json.size());
  CliResult back = RunCli(Cli({"cbor2json"}), cbor.out);
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(nlohmann::json::parse(back.out), nlohmann::json::parse(json));

  CliResult hex = RunCli(Cli({"json2cbor", "--hex", "--strings"}), R"({"a":1})");
  EXPECT_EQ(hex.out, "a1616101\n");
  CliResult from_hex = RunCli(Cli({"cbor2json", "--hex"}), hex.out);
  EXPECT_EQ(from_hex.out, "{\"a\":1}\n");
}

TEST(CliConvertIntegrationTest, BadInputExitsNonZeroWithAMessage) {
  CliResult bad_json = RunCli(Cli({"json2cbor"}), "{\"a\":");
  EXPECT_EQ(bad_json.exit_code, 1);
  EXPECT_THAT(bad_json.err, HasSubstr("json2cbor: bad JSON"));
  EXPECT_TRUE(bad_json.out.empty());
  CliResult bad_cbor = RunCli(Cli({"cbor2json", "--hex"}), "a2 01");
  EXPECT_EQ(bad_cbor.exit_code, 1);
  EXPECT_THAT(bad_cbor.err, HasSubstr("cbor2json: bad CBOR"));
  CliResult bad_hex = RunCli(Cli({"cbor2json", "--hex"}), "xyz");
  EXPECT_EQ(bad_hex.exit_code, 1);
  EXPECT_THAT(bad_hex.err, HasSubstr("hex"));
}

TEST(CliUsageIntegrationTest, HelpAndUsageErrors) {
  CliResult help = RunCli(Cli({"--help"}));
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("proxy"));
  CliResult bad = RunCli(Cli({"--bogus", "coap://127.0.0.1/"}));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--bogus"));
}

}  // namespace
}  // namespace mxedge::coap_cli
