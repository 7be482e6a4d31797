#include "coap_client_run.hpp"

#include <sys/wait.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::coap_e2e {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::vector<LoggedPdu> ParsePduLines(const std::string& output) {
  std::vector<LoggedPdu> pdus;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    size_t at = line.find("v:1 t:");
    if (at == absl::string_view::npos) {
      continue;
    }
    line.remove_prefix(at + 6);
    LoggedPdu pdu;
    size_t space = line.find(' ');
    if (space == absl::string_view::npos) {
      continue;
    }
    pdu.type = std::string(line.substr(0, space));
    line.remove_prefix(space + 1);
    if (!absl::ConsumePrefix(&line, "c:")) {
      continue;
    }
    space = line.find(' ');
    if (space == absl::string_view::npos) {
      continue;
    }
    pdu.code = std::string(line.substr(0, space));
    line.remove_prefix(space + 1);
    if (!absl::ConsumePrefix(&line, "i:")) {
      continue;
    }
    space = line.find(' ');
    uint32_t mid = 0;
    if (space == absl::string_view::npos || !absl::SimpleHexAtoi(line.substr(0, space), &mid)) {
      continue;
    }
    pdu.mid = static_cast<std::uint16_t>(mid);
    line.remove_prefix(space + 1);
    if (absl::ConsumePrefix(&line, "{")) {
      size_t close = line.find('}');
      if (close != absl::string_view::npos) {
        pdu.token_hex = std::string(line.substr(0, close));
        line.remove_prefix(close + 1);
      }
    }
    size_t open = line.find("[ ");
    size_t close = line.find(" ]");
    if (open != absl::string_view::npos && close != absl::string_view::npos && close > open) {
      pdu.options = std::string(line.substr(open + 2, close - open - 2));
    }
    pdus.push_back(std::move(pdu));
  }
  return pdus;
}

absl::StatusOr<CoapClientResult> RunCoapClient(const CoapClientRequest& request,
                                               const std::string& work_dir) {
  static std::atomic<int> counter{0};
  const std::string stem = absl::StrCat(work_dir, "/coap-client-", counter++);
  const std::string out_path = stem + ".out";
  std::vector<std::string> argv = {
      "/usr/bin/coap-client-openssl", "-v", "6", "-m", request.method, "-o", out_path};
  if (!request.payload.empty()) {
    const std::string payload_path = stem + ".payload";
    if (absl::Status s = testing::WriteFile(payload_path, request.payload); !s.ok()) {
      return s;
    }
    argv.insert(argv.end(), {"-f", payload_path});
  }
  if (request.content_format) {
    argv.insert(argv.end(), {"-t", absl::StrCat(*request.content_format)});
  }
  if (request.accept) {
    argv.insert(argv.end(), {"-A", absl::StrCat(*request.accept)});
  }
  for (const auto& [number, value] : request.options) {
    argv.insert(argv.end(), {"-O", absl::StrCat(number, ",", value)});
  }
  if (!request.psk_identity.empty()) {
    argv.insert(argv.end(), {"-u", request.psk_identity, "-k", request.psk_key});
  }
  if (request.block_size > 0) {
    argv.insert(argv.end(), {"-b", absl::StrCat(request.block_size)});
  }
  if (request.observe_seconds > 0) {
    argv.insert(argv.end(), {"-s", absl::StrCat(request.observe_seconds)});
  }
  argv.push_back(request.uri);
  testing::SubprocessOptions options;
  options.argv = std::move(argv);
  options.log_path = stem + ".log";
  absl::StatusOr<std::unique_ptr<testing::Subprocess>> process =
      testing::Subprocess::Start(std::move(options));
  if (!process.ok()) {
    return process.status();
  }
  absl::Status waited = (*process)->Wait(request.timeout);
  CoapClientResult result;
  result.output = ReadAll(stem + ".log");
  if (!waited.ok()) {
    return absl::DeadlineExceededError(
        absl::StrCat("coap-client did not finish: ", waited.message(), "\n", result.output));
  }
  if (std::optional<int> status = (*process)->wait_status(); status && WIFEXITED(*status)) {
    result.exit_status = WEXITSTATUS(*status);
  }
  result.body = ReadAll(out_path);
  result.pdus = ParsePduLines(result.output);
  for (const LoggedPdu& pdu : result.pdus) {
    if (pdu.IsResponse()) {
      result.response_codes.push_back(pdu.code);
    }
  }
  if (!result.response_codes.empty()) {
    result.code = result.response_codes.back();
  }
  return result;
}

}  // namespace mxedge::coap_e2e
