// Fuzzes the coap-gateway's uint and Block option codecs.
//
// The whole input is one option value. Traps when a decoded value does not survive re-encoding,
// when the re-encoding is longer than the input (it must be minimal), when a valid Block value
// (at most 3 bytes, SZX below 7) is refused or an invalid one accepted, or when a decoded Block
// value is out of range.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "block_option.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view value(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<std::uint32_t> number = mxedge::coap_gateway::DecodeUintOption(value);
  if (number.ok() != (size <= 4)) {
    __builtin_trap();
  }
  if (number.ok()) {
    std::string encoded = mxedge::coap_gateway::EncodeUintOption(*number);
    absl::StatusOr<std::uint32_t> again = mxedge::coap_gateway::DecodeUintOption(encoded);
    if (encoded.size() > size || !again.ok() || *again != *number) {
      __builtin_trap();
    }
  }

  absl::StatusOr<mxedge::coap_gateway::BlockValue> block =
      mxedge::coap_gateway::DecodeBlockOption(value);
  bool valid = size <= 3 && (size == 0 || (data[size - 1] & 0x07) != 0x07);
  if (block.ok() != valid) {
    __builtin_trap();
  }
  if (block.ok()) {
    if (block->num > mxedge::coap_gateway::kMaxBlockNum || block->szx > 6 ||
        block->size() > mxedge::coap_gateway::kMaxBlockSize) {
      __builtin_trap();
    }
    absl::StatusOr<std::string> encoded = mxedge::coap_gateway::EncodeBlockOption(*block);
    if (!encoded.ok() || encoded->size() > size) {
      __builtin_trap();
    }
    absl::StatusOr<mxedge::coap_gateway::BlockValue> again =
        mxedge::coap_gateway::DecodeBlockOption(*encoded);
    if (!again.ok() || !(*again == *block)) {
      __builtin_trap();
    }
  }
  return 0;
}
