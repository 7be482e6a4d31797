// irc-worker as a system: redis-server + ngIRCd + appservice-router + 2 irc-workers +
// FakeHomeserver, all on 127.0.0.1 (see irc_system_stack.hpp). Measures, in one run:
//  (a) messages/s Matrix → IRC (AS transactions → router → worker → puppet PRIVMSG, counted at an
//      IRC observer) and IRC → Matrix (a plain IRC client's PRIVMSG → receiving puppet → router's
//      MatrixOut → FakeHomeserver, counted there), each beside a baseline measured in the same run
//      (IRC client → client through the same ngIRCd; AS sends straight to the FakeHomeserver),
//      plus latency p50/p99 of a paced run (20 messages/s) each way;
//  (b) failover: SIGKILL of the worker owning puppets → each of its puppets back in the channel;
//  (c) reconnect: ngIRCd restarted → every puppet back in the channel.
// Prints Markdown tables. Flags: --messages=N (burst size, default 2000), --puppets=P (default 20),
// --paced=N (messages per paced run, default 100), --router=BIN / --worker=BIN (other binaries
// than this tree's). Flags starting with --benchmark_ (from `./dev bench`) are ignored.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "irc_peer.hpp"
#include "irc_system_stack.hpp"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/header_map.hpp"

namespace mxedge::irc_bench {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::chrono::seconds kPhaseDeadline{180};
constexpr milliseconds kPacedInterval{50};
constexpr milliseconds kHomeserverPoll{10};

struct Flags {
  int messages = 2000;
  int puppets = 20;
  int paced = 100;
  std::string router_binary = MXEDGE_ROUTER_BIN;
  std::string worker_binary = MXEDGE_IRC_WORKER_BIN;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Latency {
  double p50 = 0;
  double p99 = 0;
};

Latency Percentiles(std::vector<double> samples) {
  if (samples.empty()) {
    return {};
  }
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) {
    std::size_t i = static_cast<std::size_t>(q * static_cast<double>(samples.size()));
    return samples[std::min(i, samples.size() - 1)];
  };
  return {at(0.50), at(0.99)};
}

struct Run {
  double seconds = 0;
  int count = 0;
  double rate() const { return seconds > 0 ? count / seconds : 0; }
};

[[noreturn]] void Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "irc_system_bench: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

// Bodies of the m.room.message events the FakeHomeserver received with `prefix`, first arrival
// time recorded by the caller's polling.
class HomeserverArrivals {
 public:
  explicit HomeserverArrivals(testing::FakeHomeserver& hs) : hs_(hs) {}
  void Poll() {
    const auto now = Clock::now();
    std::vector<testing::RecordedRequest> sends = hs_.RequestsTo("PUT", "/send/m.room.message/");
    for (std::size_t i = seen_; i < sends.size(); ++i) {
      nlohmann::json body = nlohmann::json::parse(sends[i].body, nullptr, false);
      if (body.is_object() && body.contains("body") && body["body"].is_string()) {
        arrivals_.try_emplace(body["body"].get<std::string>(), now);
      }
    }
    seen_ = sends.size();
  }
  std::size_t CountWithPrefix(const std::string& prefix) const {
    std::size_t n = 0;
    for (auto it = arrivals_.lower_bound(prefix);
         it != arrivals_.end() && it->first.starts_with(prefix); ++it) {
      ++n;
    }
    return n;
  }
  std::optional<Clock::time_point> ArrivalOf(const std::string& body) const {
    auto it = arrivals_.find(body);
    return it == arrivals_.end() ? std::nullopt : std::optional(it->second);
  }
  bool WaitCount(const std::string& prefix, std::size_t count, Clock::time_point deadline) {
    while (true) {
      Poll();
      if (CountWithPrefix(prefix) >= count) {
        return true;
      }
      if (Clock::now() >= deadline) {
        return false;
      }
      std::this_thread::sleep_for(kHomeserverPoll);
    }
  }

 private:
  testing::FakeHomeserver& hs_;
  std::size_t seen_ = 0;
  std::map<std::string, Clock::time_point> arrivals_;
};

// Sends `count` messages "<prefix><n>" through `send` at once; `arrived` reports how many made it.
template <typename Send, typename Arrived>
Run Burst(const std::string& what, int count, Send send, Arrived arrived) {
  const auto start = Clock::now();
  send();
  if (!arrived(Clock::now() + kPhaseDeadline)) {
    Fail(what, absl::DeadlineExceededError("not every message arrived"));
  }
  return Run{std::chrono::duration<double>(Clock::now() - start).count(), count};
}

void PrintRow(const std::string& path, const Run& run, const Run& baseline,
              const std::string& baseline_name) {
  std::printf("| %s | %d | %.2f s | %.0f/s | %s %.0f/s | %.2f |\n", path.c_str(), run.count,
              run.seconds, run.rate(), baseline_name.c_str(), baseline.rate(),
              baseline.rate() > 0 ? run.rate() / baseline.rate() : 0.0);
}

int Main(const Flags& flags) {
  IrcSystemOptions options;
  options.router_binary = flags.router_binary;
  options.worker_binary = flags.worker_binary;
  absl::StatusOr<std::unique_ptr<IrcSystemStack>> started = IrcSystemStack::Start(options);
  if (!started.ok()) {
    Fail("starting the stack", started.status());
  }
  IrcSystemStack& stack = **started;
  const int port = stack.ngircd().port();

  absl::StatusOr<std::unique_ptr<IrcPeer>> observer = IrcPeer::Join(port, "observer", kChannel);
  absl::StatusOr<std::unique_ptr<IrcPeer>> speaker = IrcPeer::Join(port, "speaker", kChannel);
  if (!observer.ok() || !speaker.ok()) {
    Fail("joining the observers", observer.ok() ? speaker.status() : observer.status());
  }
  IrcPeer& obs = **observer;
  IrcPeer& spk = **speaker;

  // Baseline 1, before any puppet is in the channel: client → client through the same ngIRCd.
  const int n = flags.messages;
  Run raw = Burst(
      "raw IRC baseline", n,
      [&] {
        for (int i = 0; i < n; ++i) {
          if (absl::Status s = spk.Say(absl::StrCat("raw ", i)); !s.ok()) Fail("raw send", s);
        }
      },
      [&](Clock::time_point deadline) {
        return obs.WaitFor([&] { return obs.CountWithPrefix("raw ") >= static_cast<size_t>(n); },
                           deadline);
      });
  std::vector<double> raw_paced;
  for (int i = 0; i < flags.paced; ++i) {
    const std::string body = absl::StrCat("rawp ", i);
    const auto sent = Clock::now();
    if (absl::Status s = spk.Say(body); !s.ok()) Fail("raw paced send", s);
    if (!obs.WaitFor([&] { return obs.ArrivalOf(body).has_value(); }, sent + kPhaseDeadline)) {
      Fail("raw paced", absl::DeadlineExceededError(body));
    }
    raw_paced.push_back(Ms(*obs.ArrivalOf(body) - sent));
    std::this_thread::sleep_until(sent + kPacedInterval);
  }

  // Puppets: wanted as the router wants them; connected, registered and joined by the workers.
  const auto want_at = Clock::now();
  if (absl::Status s = stack.WantConnections(0, flags.puppets); !s.ok()) Fail("irc:want", s);
  auto all_present = [&](IrcPeer& peer) {
    for (int i = 0; i < flags.puppets; ++i) {
      if (!peer.Present(IrcSystemStack::PuppetNick(i))) return false;
    }
    return true;
  };
  if (!obs.WaitFor([&] { return all_present(obs); }, Clock::now() + kPhaseDeadline)) {
    Fail("puppets joining", absl::DeadlineExceededError("not every puppet joined"));
  }
  const double puppets_joined_ms = Ms(Clock::now() - want_at);
  std::map<std::string, int> owned;
  for (int i = 0; i < flags.puppets; ++i) {
    absl::StatusOr<std::string> owner = stack.OwnerOf(IrcSystemStack::UserId(i));
    if (!owner.ok()) Fail("owner", owner.status());
    ++owned[*owner];
  }

  // (a) Matrix → IRC: every puppet sends, round robin; all events queued at the homeserver at once.
  Run m2i = Burst(
      "Matrix to IRC", n,
      [&] {
        std::vector<nlohmann::json> events;
        for (int i = 0; i < n; ++i) {
          events.push_back(
              stack.TextEvent(IrcSystemStack::UserId(i % flags.puppets), absl::StrCat("m2i ", i)));
        }
        stack.homeserver().EnqueueEvents(std::move(events));
      },
      [&](Clock::time_point deadline) {
        return obs.WaitFor([&] { return obs.CountWithPrefix("m2i ") >= static_cast<size_t>(n); },
                           deadline);
      });
  std::vector<double> m2i_paced;
  for (int i = 0; i < flags.paced; ++i) {
    const std::string body = absl::StrCat("m2ip ", i);
    const auto sent = Clock::now();
    stack.homeserver().EnqueueEvents(
        {stack.TextEvent(IrcSystemStack::UserId(i % flags.puppets), body)});
    if (!obs.WaitFor([&] { return obs.ArrivalOf(body).has_value(); }, sent + kPhaseDeadline)) {
      Fail("Matrix to IRC paced", absl::DeadlineExceededError(body));
    }
    m2i_paced.push_back(Ms(*obs.ArrivalOf(body) - sent));
    std::this_thread::sleep_until(sent + kPacedInterval);
  }

  // (a) IRC → Matrix: the plain client speaks in the channel; the receiving puppet bridges it.
  HomeserverArrivals hs_arrivals(stack.homeserver());
  Run i2m = Burst(
      "IRC to Matrix", n,
      [&] {
        for (int i = 0; i < n; ++i) {
          if (absl::Status s = spk.Say(absl::StrCat("i2m ", i)); !s.ok()) Fail("i2m send", s);
        }
      },
      [&](Clock::time_point deadline) { return hs_arrivals.WaitCount("i2m ", n, deadline); });
  std::vector<double> i2m_paced;
  for (int i = 0; i < flags.paced; ++i) {
    const std::string body = absl::StrCat("i2mp ", i);
    const auto sent = Clock::now();
    if (absl::Status s = spk.Say(body); !s.ok()) Fail("i2m paced send", s);
    if (!hs_arrivals.WaitCount(body, 1, sent + kPhaseDeadline)) {
      Fail("IRC to Matrix paced", absl::DeadlineExceededError(body));
    }
    i2m_paced.push_back(Ms(*hs_arrivals.ArrivalOf(body) - sent));
    std::this_thread::sleep_until(sent + kPacedInterval);
  }

  // Baseline 2: the same m.room.message sends straight to the FakeHomeserver, one client.
  http::CurlHttpClient http;
  Run direct_hs = Burst(
      "homeserver baseline", n,
      [&] {
        for (int i = 0; i < n; ++i) {
          http::ClientRequest request;
          request.method = "PUT";
          request.url = absl::StrCat(stack.homeserver().base_url(), "/_matrix/client/v3/rooms/",
                                     stack.room_id(), "/send/m.room.message/direct", i);
          http::SetHeader(request.headers, "Authorization",
                          absl::StrCat("Bearer ", stack.homeserver().options().as_token));
          http::SetHeader(request.headers, "Content-Type", "application/json");
          request.body =
              nlohmann::json{{"msgtype", "m.text"}, {"body", absl::StrCat("hs ", i)}}.dump();
          request.timeout = std::chrono::seconds(5);
          absl::StatusOr<http::Response> response = http.Send(request);
          if (!response.ok() || response->status != 200) {
            Fail("direct send", response.ok()
                                    ? absl::UnknownError(absl::StrCat("status ", response->status))
                                    : response.status());
          }
        }
      },
      [&](Clock::time_point) { return true; });

  // (b) Failover: SIGKILL the owner of bu0; its puppets must rejoin from the other worker.
  absl::StatusOr<std::string> victim_id = stack.OwnerOf(IrcSystemStack::UserId(0));
  if (!victim_id.ok()) Fail("owner of bu0", victim_id.status());
  std::vector<int> victims;
  for (int i = 0; i < flags.puppets; ++i) {
    absl::StatusOr<std::string> owner = stack.OwnerOf(IrcSystemStack::UserId(i));
    if (owner.ok() && *owner == *victim_id) victims.push_back(i);
  }
  const auto killed_at = Clock::now();
  if (absl::Status s = stack.worker(stack.WorkerIndex(*victim_id)).Kill(); !s.ok()) {
    Fail("SIGKILL", s);
  }
  auto back_after = [&](int i, Clock::time_point since) {
    std::optional<Clock::time_point> joined = obs.LastJoin(IrcSystemStack::PuppetNick(i));
    return joined && *joined > since && obs.Present(IrcSystemStack::PuppetNick(i));
  };
  if (!obs.WaitFor(
          [&] {
            return std::all_of(victims.begin(), victims.end(),
                               [&](int i) { return back_after(i, killed_at); });
          },
          killed_at + kPhaseDeadline)) {
    Fail("failover", absl::DeadlineExceededError("not every puppet came back"));
  }
  std::vector<double> failover;
  for (int i : victims)
    failover.push_back(Ms(*obs.LastJoin(IrcSystemStack::PuppetNick(i)) - killed_at));
  std::sort(failover.begin(), failover.end());

  // (c) ngIRCd restart: every puppet back in the channel.
  observer->reset();
  speaker->reset();
  const auto stop_at = Clock::now();
  if (absl::Status s = stack.ngircd().Restart(); !s.ok()) Fail("ngircd restart", s);
  const auto up_at = Clock::now();
  absl::StatusOr<std::unique_ptr<IrcPeer>> watcher = IrcPeer::Join(port, "observer", kChannel);
  if (!watcher.ok()) Fail("observer after restart", watcher.status());
  if (!(*watcher)->WaitFor([&] { return all_present(**watcher); }, up_at + kPhaseDeadline)) {
    Fail("reconnect", absl::DeadlineExceededError("not every puppet came back"));
  }
  const double reconnect_ms = Ms(Clock::now() - up_at);

  Latency raw_lat = Percentiles(raw_paced);
  Latency m2i_lat = Percentiles(m2i_paced);
  Latency i2m_lat = Percentiles(i2m_paced);
  std::printf("\n### irc_system_bench: %d workers, %d puppets, bursts of %d messages\n\n",
              stack.worker_count(), flags.puppets, n);
  std::printf("Puppets wanted → all %d joined the channel: %.0f ms (", flags.puppets,
              puppets_joined_ms);
  for (const auto& [worker, count] : owned) std::printf(" %s: %d", worker.c_str(), count);
  std::printf(" )\n\n");
  std::printf("| path | messages | time | rate | baseline | ratio |\n|---|---|---|---|---|---|\n");
  PrintRow("Matrix → IRC", m2i, raw, "IRC client → client");
  PrintRow("IRC → Matrix", i2m, raw, "IRC client → client");
  PrintRow("IRC → Matrix", i2m, direct_hs, "AS send to the homeserver");
  std::printf("\n| paced, %d at 20/s | p50 | p99 |\n|---|---|---|\n", flags.paced);
  std::printf("| IRC client → client | %.1f ms | %.1f ms |\n", raw_lat.p50, raw_lat.p99);
  std::printf("| Matrix → IRC | %.1f ms | %.1f ms |\n", m2i_lat.p50, m2i_lat.p99);
  std::printf("| IRC → Matrix (10 ms polling) | %.1f ms | %.1f ms |\n", i2m_lat.p50, i2m_lat.p99);
  std::printf("\n| event | puppets | first back | all back |\n|---|---|---|---|\n");
  std::printf("| SIGKILL of %s (owner_timeout %s) | %zu | %.0f ms | %.0f ms |\n",
              victim_id->c_str(), options.owner_timeout.c_str(), victims.size(),
              failover.empty() ? 0.0 : failover.front(), failover.empty() ? 0.0 : failover.back());
  std::printf("| ngIRCd restart (from ready; stop+start took %.0f ms) | %d | | %.0f ms |\n",
              Ms(up_at - stop_at), flags.puppets, reconnect_ms);
  return 0;
}

}  // namespace
}  // namespace mxedge::irc_bench

int main(int argc, char** argv) {
  mxedge::irc_bench::Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    int value = 0;
    auto take = [&](const std::string& name, int& out) {
      if (arg.starts_with(name) && absl::SimpleAtoi(arg.substr(name.size()), &value) && value > 0) {
        out = value;
        return true;
      }
      return false;
    };
    if (take("--messages=", flags.messages) || take("--puppets=", flags.puppets) ||
        take("--paced=", flags.paced) || arg.starts_with("--benchmark_")) {
      continue;
    }
    if (arg.starts_with("--router=")) {
      flags.router_binary = arg.substr(9);
      continue;
    }
    if (arg.starts_with("--worker=")) {
      flags.worker_binary = arg.substr(9);
      continue;
    }
    std::fprintf(stderr,
                 "usage: %s [--messages=N] [--puppets=P] [--paced=N] [--router=BIN] "
                 "[--worker=BIN]\n",
                 argv[0]);
    return 2;
  }
  return mxedge::irc_bench::Main(flags);
}
