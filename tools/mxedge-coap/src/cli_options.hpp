#pragma once
// The command line of mxedge-coap: one request (curl-like), `cbor2json` / `json2cbor`, or `proxy`.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "cbor_convert.hpp"

namespace mxedge::coap_cli {

// How a coaps:// session authenticates the gateway (and, with PSK, itself).
struct DtlsSettings {
  std::string psk_identity;  // --psk ID:KEY
  std::string psk_key;
  std::string ca_file;    // --ca FILE: verify the gateway's certificate against it
  bool insecure = false;  // --insecure: certificate not verified

  bool UsesPsk() const { return !psk_identity.empty(); }
};

struct RequestOptions {
  std::string method = "GET";       // -X; POST when -d is given without -X
  std::optional<std::string> data;  // -d JSON | @file | -
  DtlsSettings dtls;
  bool observe = false;                       // --observe
  std::optional<std::string> token;           // --token
  bool accept_json = false;                   // --accept json
  bool verbose = false;                       // -v
  std::chrono::milliseconds timeout{30'000};  // --timeout seconds
  std::string url;
};

struct ProxyOptions {
  std::string listen_host = "127.0.0.1";  // --listen HOST:PORT
  int listen_port = 8009;
  std::optional<std::string> media_upstream;  // --media-upstream http(s)://hs:8008
  DtlsSettings dtls;
  bool verbose = false;                       // -v: DEBUG logs
  bool trace = false;                         // --trace: every CoAP message on stderr, like -v
  std::chrono::milliseconds timeout{60'000};  // --timeout seconds, per proxied request
  std::string gateway_url;
};

enum class Command { kHelp, kRequest, kCborToJson, kJsonToCbor, kProxy };

struct Invocation {
  Command command = Command::kHelp;
  RequestOptions request;
  ConvertOptions convert;
  ProxyOptions proxy;
};

// `args` without the program name. Unknown flags, missing values, two URLs, conflicting DTLS
// flags and out-of-range numbers are InvalidArgumentErrors naming the flag.
absl::StatusOr<Invocation> ParseInvocation(const std::vector<std::string>& args);

std::string UsageText(std::string_view program);

}  // namespace mxedge::coap_cli
