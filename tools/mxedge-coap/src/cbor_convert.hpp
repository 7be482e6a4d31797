#pragma once
// `mxedge-coap cbor2json` and `json2cbor`: MSC3079 CBOR (integer keys of the v1 table) ↔ JSON.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::coap_cli {

struct ConvertOptions {
  bool hex = false;      // cbor2json reads hex digits, json2cbor writes them
  bool strings = false;  // enum version 0: string keys only
};

// CBOR → JSON text (compact, one line, with a trailing newline). Hex input may contain ASCII
// whitespace. Errors name the problem and, for CBOR, the byte offset.
absl::StatusOr<std::string> CborToJson(std::string_view input, const ConvertOptions& options);

// JSON → CBOR bytes (or lower-case hex with a trailing newline).
absl::StatusOr<std::string> JsonToCbor(std::string_view input, const ConvertOptions& options);

// Hex digits (whitespace ignored) → bytes.
absl::StatusOr<std::string> DecodeHex(std::string_view hex);
// Bytes → lower-case hex.
std::string EncodeHex(std::string_view bytes);

}  // namespace mxedge::coap_cli
