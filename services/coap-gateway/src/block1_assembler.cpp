#include "block1_assembler.hpp"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "mxedge/common/status_mapping.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {

Block1Assembler::Block1Assembler(common::Clock& clock, Block1Limits limits)
    : clock_(clock), limits_(limits) {}

absl::StatusOr<Block1Outcome> Block1Assembler::Feed(const RequestKey& key, const BlockValue& block,
                                                    std::string_view payload,
                                                    std::optional<std::uint32_t> size1) {
  Expire();
  auto found = transfers_.find(key);
  auto drop = [&] {
    if (found != transfers_.end()) {
      Erase(found);
    }
  };
  if (block.more && payload.size() != block.size()) {
    drop();
    return Malformed(absl::StrCat("Block1 block ", block.num, " carries ", payload.size(),
                                  " bytes, not the block size ", block.size()));
  }
  if (!block.more && payload.size() > block.size()) {
    drop();
    return Malformed(absl::StrCat("last Block1 block ", block.num, " carries ", payload.size(),
                                  " bytes, more than the block size ", block.size()));
  }
  if (size1.has_value() && *size1 > limits_.max_body_bytes) {
    drop();
    return TooLarge(*size1);
  }
  if (block.num == 0) {
    drop();
    return Start(key, block, payload);
  }
  if (found == transfers_.end()) {
    return Incomplete(
        absl::StrCat("Block1 block ", block.num, " without a transfer in progress; start at 0"));
  }
  return Continue(found, block, payload);
}

absl::StatusOr<Block1Outcome> Block1Assembler::Start(const RequestKey& key, const BlockValue& block,
                                                     std::string_view payload) {
  if (payload.size() > limits_.max_body_bytes) {
    return TooLarge(payload.size());
  }
  if (!block.more) {
    ++stats_.started;
    ++stats_.completed;
    return Block1Outcome{Block1Outcome::Kind::kComplete, BlockValue{0, false, block.szx},
                         std::string(payload)};
  }
  auto count = per_session_.find(key.session);
  std::size_t session_transfers = count == per_session_.end() ? 0 : count->second;
  if (session_transfers >= limits_.max_transfers_per_session) {
    return Busy(absl::StrCat("session already has ", session_transfers, " Block1 transfers"));
  }
  if (buffered_bytes_ + payload.size() > limits_.max_total_bytes) {
    return Busy("Block1 buffer memory is full");
  }
  ++per_session_[key.session];
  ++stats_.started;
  lru_.push_back(key);
  Transfer transfer{std::string(payload), block, clock_.SteadyNow(), std::prev(lru_.end())};
  buffered_bytes_ += payload.size();
  transfers_.emplace(key, std::move(transfer));
  return Block1Outcome{Block1Outcome::Kind::kContinue, BlockValue{0, true, block.szx}, {}};
}

absl::StatusOr<Block1Outcome> Block1Assembler::Continue(TransferMap::iterator transfer,
                                                        const BlockValue& block,
                                                        std::string_view payload) {
  Transfer& state = transfer->second;
  if (block.more && block.num == state.last.num && block.szx == state.last.szx) {
    Touch(transfer);
    return Block1Outcome{
        Block1Outcome::Kind::kContinue, BlockValue{block.num, true, block.szx}, {}};
  }
  if (block.szx > state.last.szx) {
    std::size_t before = state.last.size();
    Erase(transfer);
    return Incomplete(absl::StrCat("Block1 block size grew from ", before, " to ", block.size(),
                                   " bytes mid-transfer; start at 0"));
  }
  if (block.offset() != state.body.size()) {
    std::size_t expected = state.body.size();
    Erase(transfer);
    return Incomplete(absl::StrCat("Block1 block ", block.num, " starts at byte ", block.offset(),
                                   ", expected ", expected, "; start at 0"));
  }
  std::size_t total = state.body.size() + payload.size();
  if (total > limits_.max_body_bytes) {
    Erase(transfer);
    return TooLarge(total);
  }
  if (buffered_bytes_ + payload.size() > limits_.max_total_bytes) {
    return Busy("Block1 buffer memory is full");
  }
  state.body.append(payload);
  buffered_bytes_ += payload.size();
  state.last = block;
  if (block.more) {
    Touch(transfer);
    return Block1Outcome{
        Block1Outcome::Kind::kContinue, BlockValue{block.num, true, block.szx}, {}};
  }
  Block1Outcome outcome{Block1Outcome::Kind::kComplete, BlockValue{block.num, false, block.szx},
                        std::move(state.body)};
  buffered_bytes_ -= outcome.body.size();
  state.body.clear();
  Erase(transfer);
  ++stats_.completed;
  return outcome;
}

void Block1Assembler::DropSession(SessionId session) {
  auto it = transfers_.lower_bound(RequestKey{session, 0, {}, {}});
  while (it != transfers_.end() && it->first.session == session) {
    auto next = std::next(it);
    Erase(it);
    it = next;
  }
}

void Block1Assembler::Expire() {
  auto now = clock_.SteadyNow();
  while (!lru_.empty()) {
    auto oldest = transfers_.find(lru_.front());
    if (now - oldest->second.last_activity < limits_.transfer_timeout) {
      return;
    }
    Erase(oldest);
    ++stats_.expired;
  }
}

void Block1Assembler::Erase(TransferMap::iterator transfer) {
  buffered_bytes_ -= transfer->second.body.size();
  lru_.erase(transfer->second.lru);
  auto count = per_session_.find(transfer->first.session);
  if (count != per_session_.end() && --count->second == 0) {
    per_session_.erase(count);
  }
  transfers_.erase(transfer);
}

void Block1Assembler::Touch(TransferMap::iterator transfer) {
  transfer->second.last_activity = clock_.SteadyNow();
  lru_.splice(lru_.end(), lru_, transfer->second.lru);
}

absl::Status Block1Assembler::TooLarge(std::size_t size) {
  ++stats_.too_large;
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(
      "request body of ", size, " bytes is over the limit of ", limits_.max_body_bytes));
  status = common::WithMatrixErrcode(std::move(status), "M_TOO_LARGE");
  return WithCoapCode(std::move(status), msc3079::kCoapRequestEntityTooLarge);
}

absl::Status Block1Assembler::Incomplete(std::string message) {
  ++stats_.incomplete;
  absl::Status status = absl::FailedPreconditionError(std::move(message));
  return WithCoapCode(std::move(status), kCoapRequestEntityIncomplete);
}

absl::Status Block1Assembler::Malformed(std::string message) {
  ++stats_.malformed;
  absl::Status status = absl::InvalidArgumentError(std::move(message));
  return WithCoapCode(std::move(status), msc3079::kCoapBadRequest);
}

absl::Status Block1Assembler::Busy(std::string message) {
  ++stats_.busy;
  absl::Status status = absl::ResourceExhaustedError(std::move(message));
  return WithCoapCode(std::move(status), msc3079::kCoapServiceUnavailable);
}

}  // namespace mxedge::coap_gateway
