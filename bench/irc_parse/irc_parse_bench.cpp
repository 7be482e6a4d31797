// Micro-benchmarks of the IRC line parser, formatter, framer and splitter. The baseline is a
// naive split of the same line at spaces into std::strings (no tags, no checks): the floor any
// parser that copies its parameters pays.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/line_framer.hpp"
#include "mxedge/irc/parser.hpp"
#include "mxedge/irc/split_message.hpp"

namespace {

// What InspIRCd sends with message-tags, server-time and msgid on.
constexpr std::string_view kTaggedPrivmsg =
    "@msgid=3f9a8c2e-51b0-4a1e-9d3c-2b7f6e8a1c40;time=2026-11-25T12:00:00.123Z "
    ":alice[m]!~alice@matrix.example.org PRIVMSG #mxedge :has anyone tried the new build on the "
    "staging cluster? the router logs look clean but the worker restarts every few minutes";
// What ngIRCd sends: no tags.
constexpr std::string_view kPlainPrivmsg =
    ":bob!~bob@irc.example.net PRIVMSG #mxedge :yes, it is the lease TTL, see the config";
constexpr std::string_view kIsupport =
    ":irc.example.net 005 alice[m] AWAYLEN=200 CASEMAPPING=rfc1459 CHANLIMIT=#:20 "
    "CHANMODES=beI,k,l,imnpst CHANNELLEN=64 CHANTYPES=# ELIST=CMNTU HOSTLEN=64 KEYLEN=32 "
    "KICKLEN=255 LINELEN=512 MAXLIST=beI:100 :are supported by this server";

// Tags and prefix stay whole tokens; a ':' after the command starts the trailing parameter.
std::vector<std::string> NaiveSplit(std::string_view line) {
  std::vector<std::string> parts;
  std::size_t leading = 0;  // tokens before the command ("@tags", ":prefix")
  std::size_t start = 0;
  while (start < line.size()) {
    if (line[start] == ':' && parts.size() > leading) {
      parts.emplace_back(line.substr(start + 1));
      break;
    }
    const bool before_command = parts.size() == leading;
    const std::size_t end = std::min(line.find(' ', start), line.size());
    parts.emplace_back(line.substr(start, end - start));
    if (before_command && (line[start] == '@' || line[start] == ':')) {
      ++leading;
    }
    start = end + 1;
  }
  return parts;
}

void BM_NaiveSplitBaseline(benchmark::State& state, std::string_view line) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(NaiveSplit(line));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

void BM_ParseMessage(benchmark::State& state, std::string_view line) {
  for (auto _ : state) {
    absl::StatusOr<mxedge::irc::Message> message = mxedge::irc::ParseMessage(line);
    if (!message.ok()) {
      state.SkipWithError("parse failed");
      break;
    }
    benchmark::DoNotOptimize(message);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

void BM_FormatMessage(benchmark::State& state, std::string_view line) {
  const mxedge::irc::Message message = *mxedge::irc::ParseMessage(line);
  for (auto _ : state) {
    absl::StatusOr<std::string> wire = mxedge::irc::FormatMessage(message);
    benchmark::DoNotOptimize(wire);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}

// 1 000 lines fed in 4 KiB reads, as a socket hands them over.
void BM_LineFramer(benchmark::State& state) {
  std::string stream;
  for (int i = 0; i < 1000; ++i) {
    stream += i % 2 == 0 ? kTaggedPrivmsg : kPlainPrivmsg;
    stream += "\r\n";
  }
  for (auto _ : state) {
    mxedge::irc::LineFramer framer;
    std::size_t lines = 0;
    for (std::size_t pos = 0; pos < stream.size(); pos += 4096) {
      framer.Feed(std::string_view(stream).substr(pos, 4096),
                  [&lines](std::string_view) { ++lines; });
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
}

// A 4 KiB paragraph of mixed ASCII and multi-byte text split for a 512-byte server.
void BM_SplitMessage(benchmark::State& state) {
  std::string text;
  while (text.size() < 4096) {
    text += "Zo\xc3\xab said the caf\xc3\xa9 build is \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd, ship it ";
  }
  const std::size_t budget =
      mxedge::irc::TextBudget(512, "alice[m]!~alice@matrix.example.org", "PRIVMSG", "#mxedge");
  for (auto _ : state) {
    absl::StatusOr<std::vector<std::string>> lines = mxedge::irc::SplitMessage(text, budget);
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

BENCHMARK_CAPTURE(BM_NaiveSplitBaseline, tagged, kTaggedPrivmsg);
BENCHMARK_CAPTURE(BM_ParseMessage, tagged, kTaggedPrivmsg);
BENCHMARK_CAPTURE(BM_FormatMessage, tagged, kTaggedPrivmsg);
BENCHMARK_CAPTURE(BM_NaiveSplitBaseline, plain, kPlainPrivmsg);
BENCHMARK_CAPTURE(BM_ParseMessage, plain, kPlainPrivmsg);
BENCHMARK_CAPTURE(BM_FormatMessage, plain, kPlainPrivmsg);
BENCHMARK_CAPTURE(BM_NaiveSplitBaseline, isupport, kIsupport);
BENCHMARK_CAPTURE(BM_ParseMessage, isupport, kIsupport);
BENCHMARK(BM_LineFramer);
BENCHMARK(BM_SplitMessage);

}  // namespace

BENCHMARK_MAIN();
