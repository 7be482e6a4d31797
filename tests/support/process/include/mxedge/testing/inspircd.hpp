#pragma once
// A real InspIRCd 3 (Debian's /usr/sbin/inspircd) on 127.0.0.1 and a free port with the IRCv3
// modules (cap, message-tags, server-time, echo-message, msgid, cap-notify), channel mode +S
// (stripcolor), SAMODE for the test operator and a connect class with raised limits. Ready when a
// client registration gets 001 (InspIRCd takes about 1 s per registration).
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {

// An IRC operator every test server knows (`OPER <name> <password>`); it may use SAMODE to set
// any channel's modes without being a channel operator.
inline constexpr char kInspircdOperName[] = "oper";
inline constexpr char kInspircdOperPassword[] = "oper-test-password";

struct InspircdOptions {
  std::string server_name = "irc.mxedge.test";
  std::string binary = "/usr/sbin/inspircd";
  std::string module_dir = "/usr/lib/inspircd/modules";
};

class Inspircd {
 public:
  static absl::StatusOr<std::unique_ptr<Inspircd>> Start(InspircdOptions options = {});
  ~Inspircd();

  int port() const { return port_; }
  const std::string& server_name() const { return options_.server_name; }
  const std::string& dir() const { return dir_.path(); }
  int pid() const { return process_ ? process_->pid() : -1; }
  absl::Status Stop();
  std::string LogTail(size_t max_bytes = 4096) const;

 private:
  Inspircd(InspircdOptions options, TempDir dir)
      : options_(std::move(options)), dir_(std::move(dir)) {}
  absl::Status Launch();

  InspircdOptions options_;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace mxedge::testing
