// Throughput and latency of "Hello World" sends through coap-gateway → appservice-router →
// FakeHomeserver: plain UDP and DTLS (PSK), 1 / 8 / 64 concurrent sessions that live for the
// whole run, each with one request outstanding at a time (a closed loop), all sessions in one
// libcoap loop thread. The baseline in the same run: the same send as HTTP/1.1+JSON straight to
// the FakeHomeserver with libcurl, one kept-alive connection per client. Prints Markdown tables.
//   --long=S   length of the 1-session runs (default 30 s; the first and last 5 s are reported)
//   --short=S  length of the 8- and 64-session runs and of the baselines (default 10 s)
// Flags starting with --benchmark_ (from `./dev bench`) are ignored.
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "bench_stack.hpp"
#include "coap_load_client.hpp"
#include "http_load.hpp"
#include "latency_recorder.hpp"

namespace mxedge::coap_bench {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

struct CoapLoadResult {
  LatencyRecorder latencies;
  std::uint64_t errors = 0;
};

absl::StatusOr<CoapLoadResult> RunCoapLoad(coap_e2e::CoapStack& stack, Link link, int sessions,
                                           seconds duration, const std::string& room) {
  absl::StatusOr<std::unique_ptr<CoapLoadClient>> client =
      CoapLoadClient::Create(stack.access_token(), coap_e2e::kPskIdentity, coap_e2e::kPskKey);
  if (!client.ok()) {
    return client.status();
  }
  const std::uint16_t port = link == Link::kPlain ? stack.plain_port() : stack.dtls_port();
  // Warm-up, not measured: every session does its handshake and a first send with option 256.
  for (int i = 0; i < sessions; ++i) {
    absl::StatusOr<size_t> session = (*client)->Open(link, port);
    if (!session.ok()) {
      return session.status();
    }
    if (absl::Status s = (*client)->SendHelloWorld(*session, room, true); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<CoapCompletion>> warm = (*client)->Drain(milliseconds(30'000));
  if (!warm.ok()) {
    return warm.status();
  }
  for (const CoapCompletion& done : *warm) {
    if (done.code_class != 2) {
      return absl::InternalError(absl::StrCat("warm-up send answered class ", done.code_class));
    }
  }
  // Plain CoAP has no sticky tokens, so option 256 rides on every request there.
  const bool with_token = link == Link::kPlain;
  CoapLoadResult result;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + duration;
  for (int i = 0; i < sessions; ++i) {
    if (absl::Status s = (*client)->SendHelloWorld(static_cast<size_t>(i), room, with_token);
        !s.ok()) {
      return s;
    }
  }
  while (std::chrono::steady_clock::now() < end) {
    for (const CoapCompletion& done : (*client)->Poll(milliseconds(5))) {
      const auto now = std::chrono::steady_clock::now();
      if (done.code_class == 2) {
        result.latencies.Record(now - start, done.latency);
      } else {
        ++result.errors;
      }
      if (now < end) {
        if (absl::Status s = (*client)->SendHelloWorld(done.session, room, with_token); !s.ok()) {
          return s;
        }
      }
    }
  }
  (void)(*client)->Drain(milliseconds(10'000));
  return result;
}

std::string Ms(double value) { return absl::StrCat(static_cast<int>(value * 100 + 0.5) / 100.0); }

void PrintRow(const std::string& name, int sessions, const std::string& window,
              const WindowSummary& coap, const WindowSummary& http, std::uint64_t errors) {
  std::printf(
      "| %s | %d | %s | %.0f | %s | %s | %.0f | %s | %s | %.2f | %llu |\n", name.c_str(), sessions,
      window.c_str(), coap.requests_per_second, Ms(coap.p50_ms).c_str(), Ms(coap.p99_ms).c_str(),
      http.requests_per_second, Ms(http.p50_ms).c_str(), Ms(http.p99_ms).c_str(),
      http.requests_per_second > 0 ? coap.requests_per_second / http.requests_per_second : 0.0,
      static_cast<unsigned long long>(errors));
}

int Run(seconds long_run, seconds short_run) {
  absl::StatusOr<std::unique_ptr<coap_e2e::CoapStack>> stack =
      coap_e2e::CoapStack::Start(coap_e2e::CoapStackOptions());
  if (!stack.ok()) {
    std::fprintf(stderr, "cannot start the stack: %s\n", stack.status().ToString().c_str());
    return 1;
  }
  const std::string room = (*stack)->CreateRoom();
  std::printf(
      "| path | sessions | window | req/s | p50 ms | p99 ms | direct HTTP req/s | p50 ms | p99 ms "
      "| req/s ratio | errors |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int sessions : {1, 8, 64}) {
    const seconds duration = sessions == 1 ? long_run : short_run;
    HttpLoadResult http = RunHttpLoad((*stack)->homeserver().base_url(), room,
                                      (*stack)->access_token(), sessions, short_run);
    const WindowSummary http_all = http.latencies.Summarize(seconds(0), short_run);
    for (Link link : {Link::kPlain, Link::kDtlsPsk}) {
      absl::StatusOr<CoapLoadResult> coap = RunCoapLoad(**stack, link, sessions, duration, room);
      if (!coap.ok()) {
        std::fprintf(stderr, "%s × %d: %s\n%s\n", LinkName(link), sessions,
                     coap.status().ToString().c_str(), (*stack)->GatewayLogTail().c_str());
        return 1;
      }
      const std::string name = absl::StrCat("gateway, ", LinkName(link));
      if (sessions == 1 && duration > seconds(10)) {
        PrintRow(name, sessions, "first 5 s", coap->latencies.Summarize(seconds(0), seconds(5)),
                 http_all, coap->errors);
        PrintRow(name, sessions, "last 5 s",
                 coap->latencies.Summarize(duration - seconds(5), duration), http_all,
                 coap->errors);
      }
      PrintRow(name, sessions, absl::StrCat("all ", duration.count(), " s"),
               coap->latencies.Summarize(seconds(0), duration), http_all, coap->errors);
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace
}  // namespace mxedge::coap_bench

int main(int argc, char** argv) {
  int long_seconds = 30;
  int short_seconds = 10;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::StartsWith(arg, "--long=") && absl::SimpleAtoi(arg.substr(7), &long_seconds) &&
        long_seconds > 0) {
      continue;
    }
    if (absl::StartsWith(arg, "--short=") && absl::SimpleAtoi(arg.substr(8), &short_seconds) &&
        short_seconds > 0) {
      continue;
    }
    if (absl::StartsWith(arg, "--benchmark_")) {
      continue;
    }
    std::fprintf(stderr, "usage: coap_load_bench [--long=SECONDS] [--short=SECONDS]\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = mxedge::coap_bench::Run(std::chrono::seconds(long_seconds),
                                   std::chrono::seconds(short_seconds));
  curl_global_cleanup();
  return rc;
}
