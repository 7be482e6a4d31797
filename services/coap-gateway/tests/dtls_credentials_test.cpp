#include "dtls_credentials.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>

namespace mxedge::coap_gateway {
namespace {

using ::testing::HasSubstr;

// ---- PSK text ----

TEST(ParsePskTextTest, ReadsHexAndBase64KeysSkippingCommentsAndBlankLines) {
  absl::StatusOr<PskTable> table = ParsePskText(
      "# phones\n"
      "\n"
      "alice:00112233445566778899aabbccddeeff\r\n"
      "  bob:base64:ABEiM0RVZneImaq7zN3u/w==  \n"
      "carol:000102030405060708090A0B0C0D0E0F1011121314151617\n",
      "psk file");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 3u);
  ASSERT_NE(table->Find("alice"), nullptr);
  EXPECT_EQ(*table->Find("alice"),
            std::string("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff", 16));
  ASSERT_NE(table->Find("bob"), nullptr);
  EXPECT_EQ(*table->Find("bob"), *table->Find("alice"));
  EXPECT_EQ(table->Find("carol")->size(), 24u);
  EXPECT_EQ(table->Find("dave"), nullptr);
}

TEST(ParsePskTextTest, EmptyTextIsAnEmptyTable) {
  absl::StatusOr<PskTable> table = ParsePskText("# nothing\n\n", "psk file");
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->empty());
}

TEST(ParsePskTextTest, DuplicateIdentityNamesTheLine) {
  absl::StatusOr<PskTable> table = ParsePskText(
      "alice:00112233445566778899aabbccddeeff\n"
      "# again\n"
      "alice:ffeeddccbbaa99887766554433221100\n",
      "psk file /etc/psk");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("psk file /etc/psk line 3"));
  EXPECT_THAT(table.status().message(), HasSubstr("duplicate identity \"alice\""));
}

struct BadLine {
  const char* line;
  const char* expected;
};

class ParsePskTextBadLineTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(ParsePskTextBadLineTest, RejectsWithLineNumberAndNoKeyBytes) {
  std::string text = std::string("ok:00112233445566778899aabbccddeeff\n") + GetParam().line + "\n";
  absl::StatusOr<PskTable> table = ParsePskText(text, "MXEDGE_DTLS_PSKS");
  ASSERT_FALSE(table.ok()) << GetParam().line;
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("MXEDGE_DTLS_PSKS line 2: "));
  EXPECT_THAT(table.status().message(), HasSubstr(GetParam().expected));
  EXPECT_THAT(table.status().message(), ::testing::Not(HasSubstr("0011223344")));
}

INSTANTIATE_TEST_SUITE_P(
    Lines, ParsePskTextBadLineTest,
    ::testing::Values(BadLine{"no-colon-here", "expected identity:key"},
                      BadLine{":00112233445566778899aabbccddeeff", "empty identity"},
                      BadLine{"al ice:00112233445566778899aabbccddeeff", "printable ASCII"},
                      BadLine{"al\x01ice:00112233445566778899aabbccddeeff", "printable ASCII"},
                      BadLine{"short:0011223344556677", "key is 8 bytes"},
                      BadLine{"odd:00112233445566778899aabbccddeef", "even number of hex"},
                      BadLine{"nonhex:0011223344556677889900aabbccddzz", "even number of hex"},
                      BadLine{"empty:", "even number of hex"},
                      BadLine{"b64:base64:not*base64", "not standard base64"},
                      BadLine{"b64:base64:AAAA=AAA", "not standard base64"},
                      BadLine{"b64short:base64:AAECAwQFBgc=", "key is 8 bytes"},
                      BadLine{"long:"
                              "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                              "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                              "40",
                              "key is 65 bytes"}));

TEST(ParsePskTextTest, IdentityLongerThanTheLimitIsRejected) {
  std::string text =
      std::string(kMaxPskIdentityBytes + 1, 'a') + ":00112233445566778899aabbccddeeff";
  absl::StatusOr<PskTable> table = ParsePskText(text, "psk");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(), HasSubstr("identity longer than 128 bytes"));
}

TEST(PskTableTest, DuplicateAcrossSourcesIsAnErrorAndLeavesTheTableUnchanged) {
  PskTable table;
  ASSERT_TRUE(table.AddFromText("alice:00112233445566778899aabbccddeeff\n", "file").ok());
  absl::Status s = table.AddFromText(
      "bob:00112233445566778899aabbccddeeff\nalice:00112233445566778899aabbccddeeff\n", "env");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("env line 2: duplicate identity \"alice\""));
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(table.Find("bob"), nullptr);
}

// ---- certificate files ----

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

Pkey MakeEcKey(const char* curve) { return Pkey(EVP_EC_gen(curve)); }
Pkey MakeRsaKey(unsigned bits) { return Pkey(EVP_RSA_gen(bits)); }

std::string KeyPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string SelfSignedPem(EVP_PKEY* key, const char* common_name) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  X509_free(cert);
  return pem;
}

class CheckCertificateFilesTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& content) {
    static std::atomic<int> counter{0};
    std::string path = ::testing::TempDir() + "/dtls_credentials_test_" +
                       std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + name;
    std::ofstream(path, std::ios::binary) << content;
    written_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& path : written_) {
      std::remove(path.c_str());
    }
  }
  std::vector<std::string> written_;
};

TEST_F(CheckCertificateFilesTest, AcceptsEcP256CertificateAndKey) {
  Pkey key = MakeEcKey("P-256");
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "gateway.test"));
  std::string key_file = Write("key.pem", KeyPem(key.get()));
  std::string ca = Write("ca.pem", SelfSignedPem(key.get(), "ca.test"));

  absl::StatusOr<CertificateInfo> info = CheckCertificateFiles(cert, key_file, ca);

  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->key_type, "EC P-256");
  EXPECT_THAT(info->subject, HasSubstr("CN=gateway.test"));
  EXPECT_EQ(info->not_after - info->not_before, 3600);
}

TEST_F(CheckCertificateFilesTest, RsaKeyIsRejectedSayingWhatItIs) {
  Pkey key = MakeRsaKey(1024);
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "rsa.test"));
  std::string key_file = Write("key.pem", KeyPem(key.get()));

  absl::StatusOr<CertificateInfo> info = CheckCertificateFiles(cert, key_file, "");

  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(info.status().message(), HasSubstr("dtls.key_file: "));
  EXPECT_THAT(info.status().message(), HasSubstr("the key is RSA 1024 bits"));
}

TEST_F(CheckCertificateFilesTest, OtherCurveIsRejectedNamingTheCurve) {
  Pkey key = MakeEcKey("P-384");
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "p384.test"));
  std::string key_file = Write("key.pem", KeyPem(key.get()));

  absl::StatusOr<CertificateInfo> info = CheckCertificateFiles(cert, key_file, "");

  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.status().message(), HasSubstr("the key is EC secp384r1"));
}

TEST_F(CheckCertificateFilesTest, KeyOfAnotherCertificateIsRejected) {
  Pkey key = MakeEcKey("P-256");
  Pkey other = MakeEcKey("P-256");
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "a.test"));
  std::string key_file = Write("key.pem", KeyPem(other.get()));

  absl::StatusOr<CertificateInfo> info = CheckCertificateFiles(cert, key_file, "");

  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.status().message(), HasSubstr("does not belong to the certificate"));
}

TEST_F(CheckCertificateFilesTest, MissingFilesAreNotFoundNamingTheKey) {
  Pkey key = MakeEcKey("P-256");
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "a.test"));
  std::string key_file = Write("key.pem", KeyPem(key.get()));
  std::string missing = ::testing::TempDir() + "/dtls_credentials_test_missing.pem";

  absl::StatusOr<CertificateInfo> no_cert = CheckCertificateFiles(missing, key_file, "");
  absl::StatusOr<CertificateInfo> no_key = CheckCertificateFiles(cert, missing, "");
  absl::StatusOr<CertificateInfo> no_ca = CheckCertificateFiles(cert, key_file, missing);

  EXPECT_EQ(no_cert.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_cert.status().message(), HasSubstr("dtls.cert_file: " + missing + ": no such"));
  EXPECT_THAT(no_key.status().message(), HasSubstr("dtls.key_file: "));
  EXPECT_THAT(no_ca.status().message(), HasSubstr("dtls.ca_file: "));
}

TEST_F(CheckCertificateFilesTest, GarbageIsNotAPemCertificateOrKey) {
  Pkey key = MakeEcKey("P-256");
  std::string cert = Write("cert.pem", SelfSignedPem(key.get(), "a.test"));
  std::string key_file = Write("key.pem", KeyPem(key.get()));
  std::string garbage = Write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnope\n");

  absl::StatusOr<CertificateInfo> bad_cert = CheckCertificateFiles(garbage, key_file, "");
  absl::StatusOr<CertificateInfo> bad_key = CheckCertificateFiles(cert, garbage, "");
  absl::StatusOr<CertificateInfo> bad_ca = CheckCertificateFiles(cert, key_file, garbage);

  EXPECT_THAT(bad_cert.status().message(), HasSubstr("not a PEM certificate"));
  EXPECT_THAT(bad_key.status().message(), HasSubstr("not an unencrypted PEM private key"));
  EXPECT_THAT(bad_ca.status().message(), HasSubstr("dtls.ca_file: "));
  EXPECT_THAT(bad_ca.status().message(), HasSubstr("no PEM certificate"));
}

}  // namespace
}  // namespace mxedge::coap_gateway
