#include "dtls_credentials.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Refuses to prompt for a passphrase: an encrypted key fails to load.
int NoPassphrase(char*, int, int, void*) { return 0; }

bool IsIdentityChar(char ch) { return ch > 0x20 && ch < 0x7f && ch != ':'; }

bool IsBase64Text(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) {
    return false;
  }
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) {
      return false;  // data after padding
    }
    if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '/') {
      return false;
    }
  }
  return padding <= 2;
}

absl::StatusOr<std::string> DecodeKey(std::string_view text, std::string_view where) {
  std::string key;
  if (absl::string_view b64 = common::Absl(text); absl::ConsumePrefix(&b64, "base64:")) {
    if (!IsBase64Text(common::Std(b64)) || !absl::Base64Unescape(b64, &key)) {
      return absl::InvalidArgumentError(common::Cat(where, ": key is not standard base64"));
    }
  } else {
    if (text.empty() || text.size() % 2 != 0) {
      return absl::InvalidArgumentError(
          common::Cat(where, ": key must be an even number of hex digits or base64:<text>"));
    }
    for (char ch : text) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(ch))) {
        return absl::InvalidArgumentError(
            common::Cat(where, ": key must be an even number of hex digits or base64:<text>"));
      }
    }
    key = absl::HexStringToBytes(common::Absl(text));
  }
  if (key.size() < kMinPskKeyBytes || key.size() > kMaxPskKeyBytes) {
    return absl::InvalidArgumentError(common::Cat(where, ": key is ", key.size(),
                                                  " bytes; it must be ", kMinPskKeyBytes, " to ",
                                                  kMaxPskKeyBytes, " bytes"));
  }
  return key;
}

std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) {
    return "unknown error";
  }
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

long long AsnTimeToEpoch(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    return 0;
  }
  return static_cast<long long>(timegm(&tm));
}

std::string DescribeKey(EVP_PKEY* key, bool* is_p256) {
  *is_p256 = false;
  int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_EC) {
    char group[64] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
                                       &length) != 1) {
      return "EC (unknown curve)";
    }
    std::string name(group, length);
    if (name == "prime256v1" || name == "P-256" || name == "secp256r1") {
      *is_p256 = true;
      return "EC P-256";
    }
    return common::Cat("EC ", name);
  }
  if (id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS) {
    return common::Cat("RSA ", EVP_PKEY_get_bits(key), " bits");
  }
  const char* name = OBJ_nid2sn(id);
  return name != nullptr ? std::string(name) : common::Cat("key type ", id);
}

}  // namespace

const std::string* PskTable::Find(std::string_view identity) const {
  auto it = keys_.find(identity);
  return it == keys_.end() ? nullptr : &it->second;
}

absl::Status PskTable::AddFromText(std::string_view text, std::string_view source) {
  std::map<std::string, std::string, std::less<>> added;
  int line_number = 0;
  for (absl::string_view piece : absl::StrSplit(common::Absl(text), '\n')) {
    ++line_number;
    std::string_view line = common::Std(absl::StripAsciiWhitespace(piece));
    if (line.empty() || line.front() == '#') {
      continue;
    }
    std::string where = common::Cat(source, " line ", line_number);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return absl::InvalidArgumentError(common::Cat(where, ": expected identity:key"));
    }
    std::string_view identity = line.substr(0, colon);
    if (identity.empty()) {
      return absl::InvalidArgumentError(common::Cat(where, ": empty identity"));
    }
    if (identity.size() > kMaxPskIdentityBytes) {
      return absl::InvalidArgumentError(
          common::Cat(where, ": identity longer than ", kMaxPskIdentityBytes, " bytes"));
    }
    for (char ch : identity) {
      if (!IsIdentityChar(ch)) {
        return absl::InvalidArgumentError(
            common::Cat(where, ": identity must be printable ASCII without spaces"));
      }
    }
    absl::StatusOr<std::string> key = DecodeKey(line.substr(colon + 1), where);
    if (!key.ok()) {
      return key.status();
    }
    if (keys_.contains(identity) || added.contains(identity)) {
      return absl::InvalidArgumentError(
          common::Cat(where, ": duplicate identity \"", identity, "\""));
    }
    added.emplace(std::string(identity), std::move(*key));
  }
  keys_.merge(added);
  return absl::OkStatus();
}

absl::StatusOr<PskTable> ParsePskText(std::string_view text, std::string_view source) {
  PskTable table;
  if (absl::Status s = table.AddFromText(text, source); !s.ok()) {
    return s;
  }
  return table;
}

absl::StatusOr<std::string> ReadCredentialFile(std::string_view key, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(common::Cat(key, ": ", path, ": no such file"));
    }
    return absl::PermissionDeniedError(
        common::Cat(key, ": ", path, ": cannot be read (", std::strerror(error), ")"));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    return absl::PermissionDeniedError(common::Cat(key, ": ", path, ": read failed"));
  }
  return content.str();
}

absl::StatusOr<CertificateInfo> CheckCertificateFiles(const std::string& cert_path,
                                                      const std::string& key_path,
                                                      const std::string& ca_path) {
  absl::StatusOr<std::string> cert_pem = ReadCredentialFile("dtls.cert_file", cert_path);
  if (!cert_pem.ok()) {
    return cert_pem.status();
  }
  absl::StatusOr<std::string> key_pem = ReadCredentialFile("dtls.key_file", key_path);
  if (!key_pem.ok()) {
    return key_pem.status();
  }
  ERR_clear_error();
  BioPtr cert_bio(BIO_new_mem_buf(cert_pem->data(), static_cast<int>(cert_pem->size())));
  X509Ptr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassphrase, nullptr));
  if (!cert) {
    return absl::InvalidArgumentError(common::Cat(
        "dtls.cert_file: ", cert_path, ": not a PEM certificate (", OpenSslError(), ")"));
  }
  BioPtr key_bio(BIO_new_mem_buf(key_pem->data(), static_cast<int>(key_pem->size())));
  PkeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    return absl::InvalidArgumentError(common::Cat("dtls.key_file: ", key_path,
                                                  ": not an unencrypted PEM private key (",
                                                  OpenSslError(), ")"));
  }
  CertificateInfo info;
  bool is_p256 = false;
  info.key_type = DescribeKey(key.get(), &is_p256);
  if (!is_p256) {
    return absl::InvalidArgumentError(
        common::Cat("dtls.key_file: ", key_path, ": the key is ", info.key_type,
                    "; the gateway needs an EC P-256 key (openssl ecparam -name prime256v1)"));
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(common::Cat(
        "dtls.key_file: ", key_path, ": does not belong to the certificate in ", cert_path));
  }
  char subject[256] = {0};
  X509_NAME_oneline(X509_get_subject_name(cert.get()), subject, sizeof(subject));
  info.subject = subject;
  info.not_before = AsnTimeToEpoch(X509_get0_notBefore(cert.get()));
  info.not_after = AsnTimeToEpoch(X509_get0_notAfter(cert.get()));
  if (!ca_path.empty()) {
    absl::StatusOr<std::string> ca_pem = ReadCredentialFile("dtls.ca_file", ca_path);
    if (!ca_pem.ok()) {
      return ca_pem.status();
    }
    BioPtr ca_bio(BIO_new_mem_buf(ca_pem->data(), static_cast<int>(ca_pem->size())));
    X509Ptr ca(PEM_read_bio_X509(ca_bio.get(), nullptr, NoPassphrase, nullptr));
    if (!ca) {
      return absl::InvalidArgumentError(common::Cat(
          "dtls.ca_file: ", ca_path, ": no PEM certificate in it (", OpenSslError(), ")"));
    }
  }
  ERR_clear_error();
  return info;
}

}  // namespace mxedge::coap_gateway
