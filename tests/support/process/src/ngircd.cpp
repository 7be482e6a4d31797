#include "mxedge/testing/ngircd.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "cat.hpp"
#include "fixture_launch.hpp"
#include "mxedge/testing/free_port.hpp"

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
  absl::Status launched =
      internal::LaunchOnFreePort(server->port_, kPortAttempts,
                                 {"Address already in use", "Can't bind"}, [&]() -> absl::Status {
                                   if (server->options_.tls) {
                                     absl::StatusOr<int> tls_port = FreeLoopbackPort();
                                     if (!tls_port.ok()) return tls_port.status();
                                     server->tls_port_ = *tls_port;
                                   }
                                   return server->Launch();
                                 });
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
          "DNS = no\n"
          "OperCanUseMode = yes\n"
          "[Operator]\n"
          "Name = ",
          kNgircdOperName,
          "\n"
          "Password = ",
          kNgircdOperPassword, "\n");
  std::string tls_section;
  if (options_.tls) {
    absl::StatusOr<std::string> section = PrepareTls();
    if (!section.ok()) return section.status();
    tls_section = *std::move(section);
  }
  const std::string config_path = dir_.File("ngircd.conf");
  if (absl::Status s = WriteFile(config_path, config + tls_section); !s.ok()) return s;
  SubprocessOptions sub;
  sub.argv = {options_.binary, "-n", "-f", config_path};
  sub.log_path = dir_.File("ngircd.log");
  sub.working_dir = dir_.path();
  absl::StatusOr<std::unique_ptr<Subprocess>> process = internal::StartWhenReady(
      std::move(sub), kReadyDeadline,
      [&] { return internal::RegisterIrcProbe(port_, std::chrono::seconds(3)); }, "ngircd", port_);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  // ngIRCd keeps running when only one of its ports could be bound.
  if (options_.tls && LogTail(1 << 16).find(Cat("Can't bind socket to address 127.0.0.1:",
                                                tls_port_)) != std::string::npos) {
    process_->Kill().IgnoreError();
    process_.reset();
    return absl::UnavailableError(Cat("ngircd: Can't bind TLS port ", tls_port_));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Ngircd::PrepareTls() {
  const std::string cert = dir_.File("tls-cert.pem");
  const std::string key = dir_.File("tls-key.pem");
  const std::string dh = dir_.File("tls-dh.pem");
  if (access(cert.c_str(), R_OK) != 0) {
    // ffdhe2048 (RFC 7919) as named parameters: no slow prime search at startup.
    const std::string command =
        Cat("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "
            "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
            key, " -out ", cert,
            " >/dev/null 2>&1 && openssl genpkey -genparam -algorithm DH -pkeyopt "
            "dh_param:ffdhe2048 -out ",
            dh, " >/dev/null 2>&1");
    if (std::system(command.c_str()) != 0) {
      return absl::InternalError(Cat("ngircd: cannot make the TLS certificate: ", command));
    }
    // ngIRCd reads them as nobody when started as root.
    if (chmod(cert.c_str(), 0644) != 0 || chmod(key.c_str(), 0644) != 0 ||
        chmod(dh.c_str(), 0644) != 0) {
      return absl::InternalError(Cat("ngircd: cannot chmod the TLS files in ", dir_.path()));
    }
  }
  return Cat(
      "[SSL]\n"
      "CertFile = ",
      cert,
      "\n"
      "KeyFile = ",
      key,
      "\n"
      "DHFile = ",
      dh,
      "\n"
      "Ports = ",
      tls_port_, "\n");
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
