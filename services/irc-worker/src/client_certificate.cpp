#include "client_certificate.hpp"

#include <sys/stat.h>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

bool KeptInFileName(char ch, bool first) {
  if (ch == '.') {
    return !first;
  }
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_' || ch == '-';
}

}  // namespace

bool RegularFileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

std::string ClientCertFileName(std::string_view mxid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name;
  name.reserve(mxid.size() + 8);
  for (std::size_t i = 0; i < mxid.size(); ++i) {
    const char ch = mxid[i];
    if (KeptInFileName(ch, i == 0)) {
      name += ch;
    } else {
      const auto byte = static_cast<unsigned char>(ch);
      name += '=';
      name += kHex[byte >> 4];
      name += kHex[byte & 0x0f];
    }
  }
  name += ".pem";
  return name;
}

std::vector<std::string> ClientCertificateConfigErrors(const NetworkConfig& network,
                                                       std::string_view prefix) {
  std::vector<std::string> errors;
  if (!network.tls_client_cert_dir.empty() && !network.tls) {
    errors.push_back(common::Cat(prefix, ".tls_client_cert_dir: needs tls: true"));
  }
  if (network.sasl.mechanism == "external" && network.tls_client_cert_dir.empty()) {
    errors.push_back(common::Cat(prefix,
                                 ".sasl.mechanism: external needs tls_client_cert_dir (the "
                                 "certificates the server identifies users by)"));
  }
  return errors;
}

absl::Status ApplyClientCertificate(const NetworkConfig& network, std::string_view mxid,
                                    const FileExists& exists, ConnectionSettings& settings) {
  const bool external = network.sasl.mechanism == "external";
  std::string path;
  if (!network.tls_client_cert_dir.empty()) {
    path = common::Cat(network.tls_client_cert_dir, "/", ClientCertFileName(mxid));
    if (!exists(path)) {
      path.clear();
    }
  }
  settings.server.client_cert_file = path;
  settings.server.client_key_file.clear();  // the key is in the same file
  if (!external) {
    return absl::OkStatus();
  }
  if (path.empty()) {
    settings.session.sasl.reset();
    if (network.sasl.required) {
      return absl::FailedPreconditionError(
          common::Cat("no client certificate ", ClientCertFileName(mxid), " in ",
                      network.tls_client_cert_dir, " for SASL EXTERNAL"));
    }
    return absl::OkStatus();
  }
  settings.session.sasl = SaslCredentials{.mechanism = SaslMechanism::kExternal};
  settings.session.sasl_required = network.sasl.required;
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
