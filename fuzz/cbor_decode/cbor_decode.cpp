// Fuzzes the MSC3079 CBOR decoder. Whatever decodes must re-encode, decode again to the same JSON
// and re-encode to the same bytes (the encoder is canonical); a mismatch is a bug in our code and
// traps. The first input byte picks the options, the rest is the CBOR.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "nlohmann/json.hpp"

namespace {

using mxedge::msc3079::CborDecodeOptions;
using mxedge::msc3079::CborEncodeOptions;
using mxedge::msc3079::KeyTable;
using mxedge::msc3079::TrailingBytes;

void CheckRoundTrip(std::span<const std::uint8_t> bytes, const CborDecodeOptions& options) {
  absl::StatusOr<nlohmann::json> first = mxedge::msc3079::DecodeCbor(bytes, options);
  if (!first.ok()) {
    return;
  }
  CborEncodeOptions encode_options;
  encode_options.key_table = options.key_table;
  absl::StatusOr<std::string> encoded = mxedge::msc3079::EncodeCbor(*first, encode_options);
  if (!encoded.ok()) {
    __builtin_trap();  // everything the decoder produces must be encodable
  }
  CborDecodeOptions strict = options;
  strict.trailing_bytes = TrailingBytes::kReject;
  absl::StatusOr<nlohmann::json> second = mxedge::msc3079::DecodeCbor(*encoded, strict);
  if (!second.ok() || *second != *first) {
    __builtin_trap();
  }
  absl::StatusOr<std::string> again = mxedge::msc3079::EncodeCbor(*second, encode_options);
  if (!again.ok() || *again != *encoded) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t selector = data[0];
  CborDecodeOptions options;
  options.trailing_bytes = (selector & 1) != 0 ? TrailingBytes::kIgnore : TrailingBytes::kReject;
  options.key_table = (selector & 2) != 0 ? &KeyTable::Empty() : &KeyTable::V1();
  options.max_depth = (selector & 4) != 0 ? 8 : 64;
  CheckRoundTrip(std::span<const std::uint8_t>(data + 1, size - 1), options);
  return 0;
}
