#include "mxedge/testing/ngircd.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include "cat.hpp"
#include "fixture_launch.hpp"

namespace mxedge::testing {
namespace {

using internal::Cat;

constexpr std::chrono::milliseconds kReadyDeadline{10000};
constexpr std::chrono::milliseconds kStopGrace{5000};
constexpr int kPortAttempts = 5;
constexpr uid_t kNobody = 65534;

}  // namespace

absl::StatusOr<std::unique_ptr<Ngircd>> Ngircd::Start(NgircdOptions options) {
  absl::StatusOr<TempDir> dir = TempDir::Create("mxedge-ngircd");
  if (!dir.ok()) return dir.status();
  auto server = std::unique_ptr<Ngircd>(new Ngircd(std::move(options), *std::move(dir)));
  absl::Status launched = internal::LaunchOnFreePort(server->port_, kPortAttempts,
                                                     {"Address already in use", "Can't bind"},
                                                     [&] { return server->Launch(); });
  if (!launched.ok()) return launched;
  return server;
}

Ngircd::~Ngircd() {
  if (process_ != nullptr) process_->Kill().IgnoreError();
}

absl::Status Ngircd::Launch() {
  const bool root = geteuid() == 0;
  const std::string pid_file = dir_.File("ngircd.pid");
  const std::string motd_file = dir_.File("motd");
  if (absl::Status s = WriteFile(motd_file, "mxedge test server\n"); !s.ok()) return s;
  if (absl::Status s = WriteFile(pid_file, ""); !s.ok()) return s;
  if (root) {
    // ngircd drops to nobody before it writes its PID file and reads the MOTD.
    if (chmod(dir_.path().c_str(), 0755) != 0 || chown(pid_file.c_str(), kNobody, kNobody) != 0) {
      return absl::InternalError(Cat("ngircd: cannot prepare ", dir_.path()));
    }
  }
  const std::string config =
      Cat("[Global]\n"
          "Name = ",
          options_.server_name,
          "\n"
          "Info = mxedge test server\n"
          "AdminInfo1 = mxedge tests\n"
          "AdminInfo2 = 127.0.0.1\n"
          "AdminEMail = admin@",
          options_.server_name,
          "\n"
          "Listen = 127.0.0.1\n"
          "Ports = ",
          port_,
          "\n"
          "PidFile = ",
          pid_file,
          "\n"
          "MotdFile = ",
          motd_file, "\n",
          root ? Cat("ServerUID = ", kNobody, "\nServerGID = ", kNobody, "\n") : std::string(),
          "[Limits]\n"
          "MaxConnections = 0\n"
          "MaxConnectionsIP = 0\n"
          "MaxJoins = 0\n"
          "MaxNickLength = 30\n"
          "MaxPenaltyTime = 0\n"
          "PingTimeout = ",
          options_.ping_timeout_s,
          "\n"
          "PongTimeout = 20\n"
          "[Options]\n"
          "PAM = no\n"
          "Ident = no\n"
          "DNS = no\n");
  const std::string config_path = dir_.File("ngircd.conf");
  if (absl::Status s = WriteFile(config_path, config); !s.ok()) return s;
  SubprocessOptions sub;
  sub.argv = {options_.binary, "-n", "-f", config_path};
  sub.log_path = dir_.File("ngircd.log");
  sub.working_dir = dir_.path();
  absl::StatusOr<std::unique_ptr<Subprocess>> process = internal::StartWhenReady(
      std::move(sub), kReadyDeadline,
      [&] { return internal::RegisterIrcProbe(port_, std::chrono::seconds(3)); }, "ngircd", port_);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  return absl::OkStatus();
}

absl::Status Ngircd::Stop() {
  if (process_ == nullptr) return absl::OkStatus();
  absl::Status s = process_->Terminate(kStopGrace);
  process_.reset();
  return s;
}

absl::Status Ngircd::Restart() {
  if (absl::Status s = Stop(); !s.ok()) return s;
  return Launch();
}

std::string Ngircd::LogTail(size_t max_bytes) const {
  return ReadFileTail(dir_.File("ngircd.log"), max_bytes);
}

}  // namespace mxedge::testing
