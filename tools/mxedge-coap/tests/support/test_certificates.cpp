#include "support/test_certificates.hpp"

#include <cstdlib>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_cli::testing {

absl::StatusOr<TestCertificates> MakeTestCertificates(const std::string& directory) {
  const std::string d = directory;
  const std::string script = common::Cat(
      "set -e; cd '", d, "';", "openssl ecparam -name prime256v1 -genkey -noout -out ca.key;",
      "openssl req -x509 -new -key ca.key -subj /CN=mxedge-test-ca -days 2 -out ca.pem;",
      "openssl ecparam -name prime256v1 -genkey -noout -out other.key;",
      "openssl req -x509 -new -key other.key -subj /CN=other-ca -days 2 -out other.pem;",
      "openssl ecparam -name prime256v1 -genkey -noout -out server.key;",
      "openssl req -new -key server.key -subj /CN=127.0.0.1 -out server.csr;",
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ",
      "-out server.pem;", "openssl ecparam -name prime256v1 -genkey -noout -out wrong.key;",
      "openssl req -new -key wrong.key -subj /CN=gateway.invalid -out wrong.csr;",
      "openssl x509 -req -in wrong.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 ",
      "-out wrong.pem;");
  const std::string command = common::Cat("sh -c \"", script, "\" >openssl.log 2>&1");
  if (std::system(common::Cat("cd '", d, "' && ", command).c_str()) != 0) {
    return absl::InternalError(common::Cat("openssl failed; see ", d, "/openssl.log"));
  }
  return TestCertificates{d + "/ca.pem",    d + "/server.pem", d + "/server.key",
                          d + "/other.pem", d + "/wrong.pem",  d + "/wrong.key"};
}

}  // namespace mxedge::coap_cli::testing
