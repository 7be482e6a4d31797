// Fuzzes the coap-gateway's uint and Block option codecs, and the block-wise state that consumes
// decoded Block values (Block1Assembler, Block2Store).
//
// The whole input is first decoded as one option value. Traps when a decoded value does not
// survive re-encoding, when the re-encoding is longer than the input (it must be minimal), when a
// valid Block value (at most 3 bytes, SZX below 7) is refused or an invalid one accepted, or when
// a decoded Block value is out of range.
//
// Then the input is read as 6-byte records driving one Block1Assembler and one Block2Store:
// byte 0 = session (bits 0-1), path (bits 2-3), Size1 present (bit 4), advance the clock by 61 s
// (bit 5), Block2 instead of Block1 (bit 6); bytes 1-3 = the Block option value; byte 4 = payload
// length / 8; byte 5 = Size1 / 64 or the Block2 body length / 16. Traps when a limit is exceeded,
// an error carries no CoAP code, or a served block is larger than asked or than 1024 bytes.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "block1_assembler.hpp"
#include "block2_store.hpp"
#include "block_option.hpp"
#include "mxedge/common/clock.hpp"
#include "request_translator.hpp"

namespace {

namespace gw = mxedge::coap_gateway;

class ManualClock final : public mxedge::common::Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::time_point(steady_.time_since_epoch());
  }
  std::chrono::steady_clock::time_point SteadyNow() const override { return steady_; }
  void Advance(std::chrono::seconds by) { steady_ += by; }

 private:
  std::chrono::steady_clock::time_point steady_{std::chrono::hours(1)};
};

void CheckCodec(const std::uint8_t* data, std::size_t size) {
  std::string_view value(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::uint32_t> number = gw::DecodeUintOption(value);
  if (number.ok() != (size <= 4)) {
    __builtin_trap();
  }
  if (number.ok()) {
    std::string encoded = gw::EncodeUintOption(*number);
    absl::StatusOr<std::uint32_t> again = gw::DecodeUintOption(encoded);
    if (encoded.size() > size || !again.ok() || *again != *number) {
      __builtin_trap();
    }
  }

  absl::StatusOr<gw::BlockValue> block = gw::DecodeBlockOption(value);
  bool valid = size <= 3 && (size == 0 || (data[size - 1] & 0x07) != 0x07);
  if (block.ok() != valid) {
    __builtin_trap();
  }
  if (block.ok()) {
    if (block->num > gw::kMaxBlockNum || block->szx > 6 || block->size() > gw::kMaxBlockSize) {
      __builtin_trap();
    }
    absl::StatusOr<std::string> encoded = gw::EncodeBlockOption(*block);
    if (!encoded.ok() || encoded->size() > size) {
      __builtin_trap();
    }
    absl::StatusOr<gw::BlockValue> again = gw::DecodeBlockOption(*encoded);
    if (!again.ok() || !(*again == *block)) {
      __builtin_trap();
    }
  }
}

void DriveBlockState(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kRecord = 6;
  ManualClock clock;
  gw::Block1Limits block1_limits;
  block1_limits.max_body_bytes = 4096;
  block1_limits.max_transfers_per_session = 2;
  block1_limits.max_total_bytes = 6144;
  gw::Block1Assembler assembler(clock, block1_limits);
  gw::Block2Store store(clock, gw::Block2Limits{std::chrono::seconds(120), 8192});

  for (std::size_t at = 0; at + kRecord <= size; at += kRecord) {
    const std::uint8_t* record = data + at;
    if ((record[0] & 0x20) != 0) {
      clock.Advance(std::chrono::seconds(61));
    }
    gw::RequestKey key{static_cast<gw::SessionId>(record[0] & 0x03),
                       2,
                       {"p", std::string(1, static_cast<char>('a' + ((record[0] >> 2) & 0x03)))},
                       {}};
    absl::StatusOr<gw::BlockValue> block =
        gw::DecodeBlockOption(std::string_view(reinterpret_cast<const char*>(record + 1), 3));
    if (!block.ok()) {
      continue;
    }
    if ((record[0] & 0x40) != 0) {
      std::string body(static_cast<std::size_t>(record[5]) * 16, 'b');
      absl::StatusOr<gw::BlockReply> reply = store.Answer(key, body, *block);
      if (!reply.ok()) {
        if (!gw::CoapCodeOf(reply.status()).has_value()) {
          __builtin_trap();
        }
        continue;
      }
      if (reply->payload.size() > gw::kMaxBlockSize || reply->payload.size() > block->size() ||
          reply->size2 != body.size() ||
          (reply->block2.has_value() && reply->etag != gw::BodyETag(body))) {
        __builtin_trap();
      }
      if (store.stored_bytes() > 8192) {
        __builtin_trap();
      }
      continue;
    }
    std::string payload(static_cast<std::size_t>(record[4]) * 8, 'x');
    std::optional<std::uint32_t> size1;
    if ((record[0] & 0x10) != 0) {
      size1 = static_cast<std::uint32_t>(record[5]) * 64;
    }
    absl::StatusOr<gw::Block1Outcome> outcome = assembler.Feed(key, *block, payload, size1);
    if (!outcome.ok()) {
      if (!gw::CoapCodeOf(outcome.status()).has_value()) {
        __builtin_trap();
      }
    } else if (outcome->kind == gw::Block1Outcome::Kind::kComplete &&
               outcome->body.size() > block1_limits.max_body_bytes) {
      __builtin_trap();
    }
    if (assembler.buffered_bytes() > block1_limits.max_total_bytes ||
        assembler.transfers() > 4 * block1_limits.max_transfers_per_session) {
      __builtin_trap();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CheckCodec(data, size);
  DriveBlockState(data, size);
  return 0;
}
