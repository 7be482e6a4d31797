#pragma once
// A real ngIRCd (Debian's /usr/sbin/ngircd, 26.x) on 127.0.0.1 and a free port, with limits raised
// for load tests (MaxConnectionsIP 0, MaxJoins 0, MaxNickLength 30, MaxPenaltyTime 0) and
// PAM/Ident/DNS off. Ready when a client registration gets 001.
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {

// An IRC operator every test server knows (`OPER <name> <password>`); with OperCanUseMode an
// operator may set channel modes (e.g. give itself +o) in any channel.
inline constexpr char kNgircdOperName[] = "oper";
inline constexpr char kNgircdOperPassword[] = "oper-test-password";

struct NgircdOptions {
  std::string server_name = "irc.mxedge.test";
  int ping_timeout_s = 120;
  std::string binary = "/usr/sbin/ngircd";
  // Also listen with TLS on tls_port(), with a self-signed certificate for "localhost" and
  // 127.0.0.1 made in the server's directory (ca_file() is the certificate to trust). ngIRCd
  // accepts any client certificate and shows its SHA-256 fingerprint in WHOIS (276).
  bool tls = false;
};

class Ngircd {
 public:
  static absl::StatusOr<std::unique_ptr<Ngircd>> Start(NgircdOptions options = {});
  ~Ngircd();

  int port() const { return port_; }
  // The TLS port (options.tls), 0 otherwise.
  int tls_port() const { return tls_port_; }
  // The PEM certificate of the TLS listener (options.tls), empty otherwise.
  std::string ca_file() const { return options_.tls ? dir_.File("tls-cert.pem") : std::string(); }
  const std::string& server_name() const { return options_.server_name; }
  const std::string& dir() const { return dir_.path(); }
  int pid() const { return process_ ? process_->pid() : -1; }
  absl::Status Stop();
  // Stops the server (if running) and starts it again on the same port with the same config, as a
  // network restart seen by its clients. Fails if the port was taken in the meantime.
  absl::Status Restart();
  std::string LogTail(size_t max_bytes = 4096) const;

 private:
  Ngircd(NgircdOptions options, TempDir dir) : options_(std::move(options)), dir_(std::move(dir)) {}
  absl::Status Launch();
  // Writes the certificate, key and DH parameters of the TLS listener; their [SSL] section.
  absl::StatusOr<std::string> PrepareTls();

  NgircdOptions options_;
  TempDir dir_;
  int port_ = 0;
  int tls_port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace mxedge::testing
