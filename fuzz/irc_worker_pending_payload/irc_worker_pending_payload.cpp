// Fuzz target: the payload of a pending IRC → Matrix line as read back from Redis
// (`irc:line-pending`), written by another worker or damaged. A decoded payload encodes and
// decodes to the same message; every rejection is a DataLossError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irc_to_matrix.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<mxedge::irc_worker::GhostMessage> message =
      mxedge::irc_worker::DecodePendingPayload(input);
  if (!message.ok()) {
    if (message.status().code() != absl::StatusCode::kDataLoss) {
      std::abort();
    }
    return 0;
  }
  absl::StatusOr<mxedge::irc_worker::GhostMessage> again =
      mxedge::irc_worker::DecodePendingPayload(mxedge::irc_worker::EncodePendingPayload(*message));
  if (!again.ok()) {
    std::abort();
  }
  // Invalid UTF-8 is replaced when encoding, so compare what survives a second round.
  absl::StatusOr<mxedge::irc_worker::GhostMessage> third =
      mxedge::irc_worker::DecodePendingPayload(mxedge::irc_worker::EncodePendingPayload(*again));
  if (!third.ok() || !(*third == *again)) {
    std::abort();
  }
  return 0;
}
