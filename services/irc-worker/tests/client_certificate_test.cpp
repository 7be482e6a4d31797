#include "client_certificate.hpp"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mxedge/common/environment.hpp"

namespace mxedge::irc_worker {
namespace {

using ::testing::HasSubstr;

NetworkConfig External(bool required = true) {
  NetworkConfig net;
  net.id = "libera";
  net.tls = true;
  net.tls_client_cert_dir = "/certs";
  net.sasl.mechanism = "external";
  net.sasl.required = required;
  return net;
}

FileExists Files(std::set<std::string> paths) {
  return [paths = std::move(paths)](const std::string& path) { return paths.contains(path); };
}

TEST(ClientCertFileNameTest, EscapesEverythingButPlainFileNameBytes) {
  EXPECT_EQ(ClientCertFileName("@alice:example.org"), "=40alice=3aexample.org.pem");
  EXPECT_EQ(ClientCertFileName("@a/b:hs"), "=40a=2fb=3ahs.pem");
  EXPECT_EQ(ClientCertFileName("..x"), "=2e.x.pem");
  EXPECT_EQ(ClientCertFileName("a=b"), "a=3db.pem");  // '=' itself is escaped: names stay distinct
  EXPECT_EQ(ClientCertFileName("\xc3\xa9"), "=c3=a9.pem");
  EXPECT_NE(ClientCertFileName("@a_b:hs"), ClientCertFileName("@a=5fb:hs"));
}

TEST(ApplyClientCertificateTest, AUserWithACertificateLogsInWithExternal) {
  ConnectionSettings settings;
  ASSERT_TRUE(
      ApplyClientCertificate(External(), "@alice:hs", Files({"/certs/=40alice=3ahs.pem"}), settings)
          .ok());
  EXPECT_EQ(settings.server.client_cert_file, "/certs/=40alice=3ahs.pem");
  ASSERT_TRUE(settings.session.sasl.has_value());
  EXPECT_EQ(settings.session.sasl->mechanism, SaslMechanism::kExternal);
  EXPECT_TRUE(settings.session.sasl_required);
}

TEST(ApplyClientCertificateTest, WithoutACertificateRequiredExternalRefusesTheConnection) {
  ConnectionSettings settings;
  absl::Status status = ApplyClientCertificate(External(), "@bob:hs", Files({}), settings);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("=40bob=3ahs.pem"));
  EXPECT_TRUE(settings.server.client_cert_file.empty());
}

TEST(ApplyClientCertificateTest, WithoutACertificateOptionalExternalConnectsUnauthenticated) {
  ConnectionSettings settings;
  settings.session.sasl = SaslCredentials{.account = "stale"};
  ASSERT_TRUE(ApplyClientCertificate(External(false), "@bob:hs", Files({}), settings).ok());
  EXPECT_TRUE(settings.server.client_cert_file.empty());
  EXPECT_FALSE(settings.session.sasl.has_value());
}

TEST(ApplyClientCertificateTest, CertFpWithoutSaslKeepsOtherCredentials) {
  NetworkConfig net = External();
  net.sasl.mechanism = "plain";
  ConnectionSettings settings;
  settings.session.sasl = SaslCredentials{.account = "alice", .password = "pw"};
  ASSERT_TRUE(
      ApplyClientCertificate(net, "@alice:hs", Files({"/certs/=40alice=3ahs.pem"}), settings).ok());
  EXPECT_EQ(settings.server.client_cert_file, "/certs/=40alice=3ahs.pem");
  ASSERT_TRUE(settings.session.sasl.has_value());
  EXPECT_EQ(settings.session.sasl->mechanism, SaslMechanism::kPlain);
  EXPECT_EQ(settings.session.sasl->account, "alice");
}

TEST(ClientCertificateConfigErrorsTest, NamesTheKeys) {
  NetworkConfig plain_tcp = External();
  plain_tcp.tls = false;
  EXPECT_THAT(ClientCertificateConfigErrors(plain_tcp, "networks[libera]"),
              ::testing::Contains(HasSubstr("networks[libera].tls_client_cert_dir: needs tls")));
  NetworkConfig no_dir = External();
  no_dir.tls_client_cert_dir.clear();
  EXPECT_THAT(ClientCertificateConfigErrors(no_dir, "networks[libera]"),
              ::testing::ElementsAre(HasSubstr("networks[libera].sasl.mechanism: external")));
  EXPECT_TRUE(ClientCertificateConfigErrors(External(), "networks[libera]").empty());
}

TEST(ClientCertificateConfigTest, ExternalLoadsWithACertificateDirectory) {
  common::ConfigSource source;
  source.text =
      "networks:\n"
      "  - id: libera\n"
      "    host: irc.example.org\n"
      "    tls: true\n"
      "    tls_ca_file: /etc/irc/ca.pem\n"
      "    tls_client_cert_dir: /run/secrets/certs\n"
      "    sasl:\n"
      "      mechanism: external\n";
  absl::StatusOr<Config> config = LoadConfig(
      source, common::MapEnvironment({{"MXEDGE_GRPC_INTERNAL_TOKEN", "internal-secret"}}));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->networks.at(0).tls_ca_file, "/etc/irc/ca.pem");
  EXPECT_EQ(config->networks.at(0).tls_client_cert_dir, "/run/secrets/certs");
  EXPECT_EQ(config->networks.at(0).sasl.mechanism, "external");
}

}  // namespace
}  // namespace mxedge::irc_worker
