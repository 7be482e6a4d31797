#include "mxedge/testing/inspircd.hpp"

#include <unistd.h>

#include "cat.hpp"
#include "fixture_launch.hpp"

namespace mxedge::testing {
namespace {

using internal::Cat;

constexpr std::chrono::milliseconds kReadyDeadline{15000};
constexpr std::chrono::milliseconds kStopGrace{5000};
constexpr int kPortAttempts = 5;

// InspIRCd holds every registration for about a second.
constexpr std::chrono::seconds kRegisterTimeout{5};

}  // namespace

absl::StatusOr<std::unique_ptr<Inspircd>> Inspircd::Start(InspircdOptions options) {
  absl::StatusOr<TempDir> dir = TempDir::Create("mxedge-inspircd");
  if (!dir.ok()) return dir.status();
  auto server = std::unique_ptr<Inspircd>(new Inspircd(std::move(options), *std::move(dir)));
  absl::Status launched = internal::LaunchOnFreePort(
      server->port_, kPortAttempts, {"Address already in use", "could not be bound"},
      [&] { return server->Launch(); });
  if (!launched.ok()) return launched;
  return server;
}

Inspircd::~Inspircd() {
  if (process_ != nullptr) process_->Kill().IgnoreError();
}

absl::Status Inspircd::Launch() {
  const std::string& d = dir_.path();
  const std::string motd_file = dir_.File("motd");
  if (absl::Status s = WriteFile(motd_file, "mxedge test server\n"); !s.ok()) return s;
  const std::string config =
      Cat("<server name=\"", options_.server_name,
          "\" description=\"mxedge test server\" network=\"MxedgeTest\">\n"
          "<admin name=\"mxedge\" nick=\"admin\" email=\"admin@",
          options_.server_name,
          "\">\n"
          "<bind address=\"127.0.0.1\" port=\"",
          port_,
          "\" type=\"clients\">\n"
          "<connect name=\"test\" allow=\"127.0.0.1\" localmax=\"100000\" globalmax=\"100000\" "
          "limit=\"100000\" maxconnwarn=\"no\" resolvehostnames=\"no\" useident=\"no\" "
          "threshold=\"1000\" commandrate=\"100000\" fakelag=\"no\" recvq=\"65536\" "
          "softsendq=\"65536\" hardsendq=\"4194304\" timeout=\"60\" pingfreq=\"300\">\n"
          "<performance softlimit=\"19000\" somaxconn=\"4096\" clonesonconnect=\"no\">\n"
          "<limits maxnick=\"30\">\n"
          "<channels users=\"1000\">\n"
          "<path moduledir=\"",
          options_.module_dir, "\" configdir=\"", d, "\" datadir=\"", d, "\" logdir=\"", d,
          "\" runtimedir=\"", d,
          "\">\n"
          "<files motd=\"",
          motd_file,
          "\">\n"
          "<pid file=\"",
          dir_.File("inspircd.pid"),
          "\">\n"
          "<log method=\"file\" type=\"* -USERINPUT -USEROUTPUT\" level=\"default\" target=\"",
          dir_.File("inspircd-events.log"),
          "\">\n"
          "<module name=\"cap\">\n"
          "<module name=\"ircv3\">\n"
          "<module name=\"ircv3_capnotify\">\n"
          "<module name=\"ircv3_echomessage\">\n"
          "<module name=\"ircv3_msgid\">\n"
          "<module name=\"ircv3_servertime\">\n"
          "<module name=\"ircv3_ctctags\">\n"
          // Channel mode +S strips colours and formatting from what members say.
          "<module name=\"stripcolor\">\n"
          // An operator that may SAMODE any channel (e.g. +m to make a channel refuse a line).
          "<module name=\"samode\">\n"
          "<class name=\"modes\" commands=\"SAMODE\" usermodes=\"*\" chanmodes=\"*\">\n"
          "<type name=\"TestOper\" classes=\"modes\">\n"
          "<oper name=\"",
          kInspircdOperName, "\" password=\"", kInspircdOperPassword,
          "\" host=\"*@*\" type=\"TestOper\">\n"
          // SASL loads without services but is only advertised once a services server links.
          "<module name=\"sasl\">\n"
          "<sasl target=\"services.",
          options_.server_name, "\">\n");
  const std::string config_path = dir_.File("inspircd.conf");
  if (absl::Status s = WriteFile(config_path, config); !s.ok()) return s;
  SubprocessOptions sub;
  sub.argv = {options_.binary, "--nofork", "--runasroot", Cat("--config=", config_path)};
  sub.log_path = dir_.File("inspircd.log");
  sub.working_dir = d;
  absl::StatusOr<std::unique_ptr<Subprocess>> process = internal::StartWhenReady(
      std::move(sub), kReadyDeadline,
      [&] { return internal::RegisterIrcProbe(port_, kRegisterTimeout); }, "inspircd", port_);
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  return absl::OkStatus();
}

absl::Status Inspircd::Stop() {
  if (process_ == nullptr) return absl::OkStatus();
  absl::Status s = process_->Terminate(kStopGrace);
  process_.reset();
  return s;
}

std::string Inspircd::LogTail(size_t max_bytes) const {
  return ReadFileTail(dir_.File("inspircd.log"), max_bytes);
}

}  // namespace mxedge::testing
