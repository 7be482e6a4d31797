#pragma once
// IrcControlHandler: IrcControl's requests checked and defaulted, then passed to WorkerControl.
// Validation failures are InvalidArgumentError naming the field; the gRPC adapter
// (IrcControlService) maps statuses to the wire.
#include <chrono>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/v1/irc_control.pb.h"
#include "worker_control.hpp"

namespace mxedge::irc_worker {

struct IrcControlDefaults {
  std::chrono::milliseconds drain_deadline{20'000};
  int32_t max_moves = 100;
};

// A raw IRC line an operator may send: 1..510 bytes without CR, LF or NUL.
absl::Status ValidateRawLine(std::string_view line);

class IrcControlHandler {
 public:
  // `control` must outlive the handler.
  IrcControlHandler(WorkerControl& control, IrcControlDefaults defaults);

  absl::StatusOr<v1::GetStatusReply> GetStatus(const v1::GetStatusRequest& request);
  absl::StatusOr<v1::DrainReply> Drain(const v1::DrainRequest& request);
  absl::StatusOr<v1::RebalanceReply> Rebalance(const v1::RebalanceRequest& request);
  absl::StatusOr<v1::SendRawReply> SendRaw(const v1::SendRawRequest& request);

 private:
  WorkerControl& control_;
  IrcControlDefaults defaults_;
};

}  // namespace mxedge::irc_worker
