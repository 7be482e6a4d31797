#pragma once
// Reassembles request bodies sent with Block1 (RFC 7959 §2.3, §2.5).
//
// Transfers are keyed by RequestKey (session, method, Uri-Path, Uri-Query), never by token. Feed
// each request that carries a Block1 option:
// - Continue: answer 2.31 Continue with `echo` as Block1 (M = 1).
// - Complete: `body` is the whole request body; handle it as a normal request and put `echo`
//   (M = 0) as Block1 on the final answer (RFC 7959 §2.3).
// - An error status carrying its CoAP code (CoapCodeOf):
//   - 4.13 when Size1 or the running total exceeds `max_body_bytes`; answer with Size1 =
//     max_body_bytes() (RFC 7959 §2.9.3). The transfer is dropped.
//   - 4.08 Request Entity Incomplete when a block does not continue the transfer: no transfer
//     (never started, expired, dropped) for NUM > 0, a gap, or a larger block size than before
//     (only smaller sizes are allowed mid-transfer). The transfer is dropped: the client starts
//     over at NUM 0.
//   - 4.00 when a block with M = 1 is not exactly one block long or the last block is longer
//     than one block. The transfer is dropped.
//   - 5.03 when the session already has `max_transfers_per_session` transfers or the buffered
//     bytes of all transfers would exceed `max_total_bytes`; the transfer is left as it was, so
//     the client may retry the block later.
// NUM 0 always starts a transfer afresh (a restart discards what was buffered). A block that
// repeats the last accepted one (same NUM and size, e.g. the client missed our 2.31 and resent it
// with a new message id) is answered Continue again without appending. A transfer is forgotten
// after `transfer_timeout` without a block.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/statusor.h"
#include "block_option.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::coap_gateway {

struct Block1Limits {
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_transfers_per_session = 4;
  std::size_t max_total_bytes = 32 << 20;
  // lb clients allow 2 minutes per block-wise transfer.
  std::chrono::steady_clock::duration transfer_timeout = std::chrono::seconds(120);
};

struct Block1Outcome {
  enum class Kind : std::uint8_t { kContinue, kComplete };
  Kind kind = Kind::kContinue;
  // The Block1 value to put on the answer.
  BlockValue echo;
  // The whole body when kind == kComplete.
  std::string body;
};

class Block1Assembler {
 public:
  struct Stats {
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::uint64_t expired = 0;
    std::uint64_t too_large = 0;
    std::uint64_t incomplete = 0;
    std::uint64_t malformed = 0;
    std::uint64_t busy = 0;
  };

  explicit Block1Assembler(common::Clock& clock, Block1Limits limits = {});

  // `size1`: the request's Size1 option, if any.
  absl::StatusOr<Block1Outcome> Feed(const RequestKey& key, const BlockValue& block,
                                     std::string_view payload, std::optional<std::uint32_t> size1);
  void DropSession(SessionId session);

  std::size_t max_body_bytes() const { return limits_.max_body_bytes; }
  std::size_t transfers() const { return transfers_.size(); }
  std::size_t buffered_bytes() const { return buffered_bytes_; }
  const Stats& stats() const { return stats_; }

 private:
  struct Transfer {
    std::string body;
    BlockValue last;
    std::chrono::steady_clock::time_point last_activity;
    std::list<RequestKey>::iterator lru;
  };
  using TransferMap = std::map<RequestKey, Transfer>;

  void Expire();
  void Erase(TransferMap::iterator transfer);
  void Touch(TransferMap::iterator transfer);
  absl::StatusOr<Block1Outcome> Start(const RequestKey& key, const BlockValue& block,
                                      std::string_view payload);
  absl::StatusOr<Block1Outcome> Continue(TransferMap::iterator transfer, const BlockValue& block,
                                         std::string_view payload);
  absl::Status TooLarge(std::size_t size);
  absl::Status Incomplete(std::string message);
  absl::Status Malformed(std::string message);
  absl::Status Busy(std::string message);

  common::Clock& clock_;
  Block1Limits limits_;
  TransferMap transfers_;
  // Least recently active first.
  std::list<RequestKey> lru_;
  std::unordered_map<SessionId, std::size_t> per_session_;
  std::size_t buffered_bytes_ = 0;
  Stats stats_;
};

}  // namespace mxedge::coap_gateway
