#include "block_option.hpp"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

absl::Status BadOption(std::string message) {
  return WithCoapCode(absl::InvalidArgumentError(std::move(message)), kCoapBadOption);
}

}  // namespace

absl::StatusOr<std::uint32_t> DecodeUintOption(std::string_view value) {
  if (value.size() > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("uint option value has ", value.size(), " bytes, at most 4 allowed"));
  }
  std::uint32_t result = 0;
  for (char byte : value) {
    result = (result << 8) | static_cast<std::uint8_t>(byte);
  }
  return result;
}

std::string EncodeUintOption(std::uint32_t value) {
  std::string bytes;
  for (int shift = 24; shift >= 0; shift -= 8) {
    auto byte = static_cast<std::uint8_t>(value >> shift);
    if (byte != 0 || !bytes.empty()) {
      bytes.push_back(static_cast<char>(byte));
    }
  }
  return bytes;
}

absl::StatusOr<BlockValue> DecodeBlockOption(std::string_view value) {
  if (value.size() > 3) {
    return BadOption(
        absl::StrCat("Block option value has ", value.size(), " bytes, at most 3 allowed"));
  }
  std::uint32_t raw = 0;
  for (char byte : value) {
    raw = (raw << 8) | static_cast<std::uint8_t>(byte);
  }
  BlockValue block;
  block.szx = static_cast<std::uint8_t>(raw & 0x07);
  block.more = (raw & 0x08) != 0;
  block.num = raw >> 4;
  if (block.szx > kMaxSzx) {
    return BadOption("Block option SZX 7 is reserved");
  }
  return block;
}

absl::StatusOr<std::string> EncodeBlockOption(const BlockValue& block) {
  if (block.num > kMaxBlockNum) {
    return absl::InvalidArgumentError(
        absl::StrCat("block number ", block.num, " is over the maximum ", kMaxBlockNum));
  }
  if (block.szx > kMaxSzx) {
    return absl::InvalidArgumentError(
        absl::StrCat("block SZX ", static_cast<int>(block.szx), " is over the maximum 6"));
  }
  std::uint32_t raw = (block.num << 4) | (block.more ? 0x08u : 0u) | block.szx;
  return EncodeUintOption(raw);
}

const CoapOption* FindOption(const std::vector<CoapOption>& options, std::uint16_t number) {
  for (const CoapOption& option : options) {
    if (option.number == number) {
      return &option;
    }
  }
  return nullptr;
}

absl::StatusOr<std::optional<BlockValue>> FindBlockOption(const std::vector<CoapOption>& options,
                                                          std::uint16_t number) {
  const CoapOption* option = FindOption(options, number);
  if (option == nullptr) {
    return std::optional<BlockValue>();
  }
  absl::StatusOr<BlockValue> block = DecodeBlockOption(option->value);
  if (!block.ok()) {
    return block.status();
  }
  return std::optional<BlockValue>(*block);
}

RequestKey MakeRequestKey(const InboundRequest& request) {
  RequestKey key;
  key.session = request.session;
  key.method = request.code;
  for (const CoapOption& option : request.options) {
    if (option.number == kOptionUriPath) {
      key.path.push_back(option.value);
    } else if (option.number == kOptionUriQuery) {
      key.query.push_back(option.value);
    }
  }
  return key;
}

}  // namespace mxedge::coap_gateway
