#pragma once
// CoAP uint option values (RFC 7252 §3.2) and Block1/Block2 option values (RFC 7959 §2.2), plus
// the key that matches the requests of one block-wise transfer.
//
// A uint option is 0..4 bytes, big-endian; the empty value is 0. We write the minimal form and
// accept leading zero bytes on input (RFC 7252 §3.2 only asks senders to be minimal).
// A Block option is a uint of 0..3 bytes: NUM (20 bits) << 4 | M << 3 | SZX; the block size is
// 2^(SZX + 4) bytes, 16..1024. SZX 7 is reserved (BERT, RFC 8323, is for reliable transports
// only) and a 4-byte value cannot be a Block option: both are malformed → 4.02 Bad Option.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "exchange.hpp"
#include "mxedge/msc3079/coap_code.hpp"

namespace mxedge::coap_gateway {

// Codes of RFC 7959 and RFC 7252 the block-wise code answers with.
inline constexpr msc3079::CoapCode kCoapContinue{2, 31};
inline constexpr msc3079::CoapCode kCoapBadOption{4, 2};
inline constexpr msc3079::CoapCode kCoapRequestEntityIncomplete{4, 8};

inline constexpr std::uint32_t kMaxBlockNum = (1u << 20) - 1;
// The largest SZX we send and the largest valid one: 6 = 1024-byte blocks.
inline constexpr std::uint8_t kMaxSzx = 6;
inline constexpr std::size_t kMaxBlockSize = 1024;

// Size of a block of exponent `szx` (0..6): 16 << szx.
constexpr std::size_t BlockSizeOf(std::uint8_t szx) { return std::size_t{16} << szx; }

struct BlockValue {
  std::uint32_t num = 0;
  bool more = false;
  std::uint8_t szx = kMaxSzx;

  std::size_t size() const { return BlockSizeOf(szx); }
  // Byte offset of this block in the whole body.
  std::size_t offset() const { return static_cast<std::size_t>(num) * size(); }

  friend bool operator==(const BlockValue&, const BlockValue&) = default;
};

// Decodes a uint option value; more than 4 bytes → InvalidArgument.
absl::StatusOr<std::uint32_t> DecodeUintOption(std::string_view value);
// The minimal big-endian form: 0 → empty, 255 → 1 byte, 256 → 2 bytes ...
std::string EncodeUintOption(std::uint32_t value);

// Decodes a Block1/Block2 value. Errors (InvalidArgument carrying 4.02, see WithCoapCode): more
// than 3 bytes, SZX 7.
absl::StatusOr<BlockValue> DecodeBlockOption(std::string_view value);
// Encodes a Block value minimally. Errors: NUM over kMaxBlockNum, SZX over 6.
absl::StatusOr<std::string> EncodeBlockOption(const BlockValue& block);

// The first option `number` of `options`, if any.
const CoapOption* FindOption(const std::vector<CoapOption>& options, std::uint16_t number);
// Decodes the first Block option `number` (kOptionBlock1 or kOptionBlock2) of `options`; nullopt
// when absent.
absl::StatusOr<std::optional<BlockValue>> FindBlockOption(const std::vector<CoapOption>& options,
                                                          std::uint16_t number);

// Identifies the requests of one block-wise transfer: the same session, method, Uri-Path and
// Uri-Query options. Not the token: lb clients reuse tokens, and libcoap's own key (resource +
// query) collides because every path lands on one resource handler.
struct RequestKey {
  SessionId session = 0;
  // Raw request code (1 GET, 2 POST, ...).
  std::uint8_t method = 0;
  // Uri-Path and Uri-Query options in wire order, one element per option.
  std::vector<std::string> path;
  std::vector<std::string> query;

  friend auto operator<=>(const RequestKey&, const RequestKey&) = default;
  friend bool operator==(const RequestKey&, const RequestKey&) = default;
};

// The RequestKey of an inbound request (its Uri-Path and Uri-Query options).
RequestKey MakeRequestKey(const InboundRequest& request);

}  // namespace mxedge::coap_gateway
