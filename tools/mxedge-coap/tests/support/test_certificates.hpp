#pragma once
// ECDSA P-256 certificates made with the `openssl` command at test time: a CA, a server
// certificate for CN=127.0.0.1 signed by it, one for another name signed by it, and an unrelated
// second CA.
#include <string>

#include "absl/status/statusor.h"

namespace mxedge::coap_cli::testing {

struct TestCertificates {
  std::string ca_file;
  std::string server_certificate_file;
  std::string server_key_file;
  std::string other_ca_file;
  std::string wrong_name_certificate_file;  // CN=gateway.invalid, signed by ca_file
  std::string wrong_name_key_file;
};

// Writes the files into `directory` (which must exist).
absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& directory);

}  // namespace mxedge::coap_cli::testing
