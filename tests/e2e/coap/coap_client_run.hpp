#pragma once
// Runs libcoap's own `coap-client-openssl` (an independent CoAP implementation) once and reads
// what it did: every PDU it logged (-v 6), the body it wrote (-o) and its output.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::coap_e2e {

struct CoapClientRequest {
  std::string method = "get";
  // coap://127.0.0.1:<port>/<path>[?query] or coaps://...
  std::string uri;
  // Sent with -f from a file when not empty.
  std::string payload;
  std::optional<int> content_format;  // -t
  std::optional<int> accept;          // -A
  // -O <number>,<text value> (e.g. 256 = access token).
  std::vector<std::pair<int, std::string>> options;
  // DTLS PSK (-u identity, -k key); empty: no PSK.
  std::string psk_identity;
  std::string psk_key;
  int block_size = 0;       // -b; 0: the client's default
  int observe_seconds = 0;  // -s; 0: no Observe
  std::chrono::milliseconds timeout{30'000};
};

// One PDU line of coap-client's log: "v:1 t:ACK c:2.05 i:1a2b {01} [ Content-Format:60 ] ...".
struct LoggedPdu {
  std::string type;  // CON, NON, ACK, RST
  std::string code;  // GET, PUT, ... or "2.05"
  std::uint16_t mid = 0;
  std::string token_hex;
  std::string options;  // the text between [ and ]
  bool IsResponse() const { return !code.empty() && code[0] >= '2' && code[0] <= '5'; }
};

struct CoapClientResult {
  std::vector<LoggedPdu> pdus;
  // Codes of the responses received, in order ("2.05", "2.31", "4.29", ...).
  std::vector<std::string> response_codes;
  // The code of the last response, "" when none arrived.
  std::string code;
  // What -o wrote (a success body, blocks joined); empty for errors.
  std::string body;
  // stdout + stderr.
  std::string output;
  int exit_status = -1;
};

// `work_dir` holds the payload and output files. Error: the client could not be started or did
// not finish within the timeout.
absl::StatusOr<CoapClientResult> RunCoapClient(const CoapClientRequest& request,
                                               const std::string& work_dir);

// Parses coap-client's -v 6 log (exposed for the parser's own test).
std::vector<LoggedPdu> ParsePduLines(const std::string& output);

}  // namespace mxedge::coap_e2e
