#include "fixture_launch.hpp"

#include <unistd.h>

#include <atomic>
#include <string>
#include <utility>

#include "cat.hpp"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/irc_test_client.hpp"

namespace mxedge::testing::internal {
namespace {

std::atomic<int> probe_counter{0};

}  // namespace

absl::Status LaunchOnFreePort(int& port, int attempts,
                              std::initializer_list<std::string_view> bind_errors,
                              const std::function<absl::Status()>& launch) {
  absl::Status last = absl::InternalError("no launch attempt");
  for (int attempt = 0; attempt < attempts; ++attempt) {
    absl::StatusOr<int> free_port = FreeLoopbackPort();
    if (!free_port.ok()) return free_port.status();
    port = *free_port;
    last = launch();
    if (last.ok()) return last;
    bool port_taken = false;
    for (std::string_view words : bind_errors) {
      port_taken = port_taken || last.message().find(Absl(words)) != absl::string_view::npos;
    }
    if (!port_taken) break;
  }
  return last;
}

absl::StatusOr<std::unique_ptr<Subprocess>> StartWhenReady(
    SubprocessOptions options, std::chrono::milliseconds deadline,
    const std::function<absl::Status()>& probe, std::string_view what, int port) {
  absl::StatusOr<std::unique_ptr<Subprocess>> process = Subprocess::Start(std::move(options));
  if (!process.ok()) return process.status();
  absl::Status ready = WaitUntilReady(**process, deadline, probe);
  if (!ready.ok()) {
    (*process)->Kill().IgnoreError();
    return absl::UnavailableError(Cat(what, " on 127.0.0.1:", port, ": ", ready.message()));
  }
  return process;
}

absl::Status RegisterIrcProbe(int port, std::chrono::milliseconds register_timeout) {
  absl::StatusOr<IrcTestClient> client =
      IrcTestClient::Connect(port, std::chrono::milliseconds(200));
  if (!client.ok()) return client.status();
  const std::string nick = Cat("probe", getpid() % 100000, "x", probe_counter.fetch_add(1));
  absl::Status s = client->Register(nick, register_timeout);
  if (s.ok()) client->Send("QUIT :ready").IgnoreError();
  return s;
}

}  // namespace mxedge::testing::internal
