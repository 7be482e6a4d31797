#include "irc_control_handler.hpp"

#include "absl/strings/str_cat.h"
#include "irc_keys.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::size_t kMaxRawLineBytes = 510;
constexpr int64_t kMaxDrainDeadlineMs = 10 * 60 * 1000;

absl::Status ValidateOptionalNetwork(std::string_view network) {
  if (network.empty()) {
    return absl::OkStatus();
  }
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return absl::InvalidArgumentError(common::Cat("network: ", common::Std(s.message())));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRawLine(std::string_view line) {
  if (line.empty()) {
    return absl::InvalidArgumentError("line: empty");
  }
  if (line.size() > kMaxRawLineBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("line: longer than ", kMaxRawLineBytes, " bytes"));
  }
  if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
    return absl::InvalidArgumentError("line: contains CR, LF or NUL");
  }
  return absl::OkStatus();
}

IrcControlHandler::IrcControlHandler(WorkerControl& control, IrcControlDefaults defaults)
    : control_(control), defaults_(defaults) {}

absl::StatusOr<v1::GetStatusReply> IrcControlHandler::GetStatus(
    const v1::GetStatusRequest& request) {
  if (absl::Status s = ValidateOptionalNetwork(request.network()); !s.ok()) {
    return s;
  }
  v1::GetStatusReply reply;
  control_.Status(request.network(), request.include_connections(), reply);
  reply.set_request_id(request.request_id());
  return reply;
}

absl::StatusOr<v1::DrainReply> IrcControlHandler::Drain(const v1::DrainRequest& request) {
  if (request.deadline_ms() < 0 || request.deadline_ms() > kMaxDrainDeadlineMs) {
    return absl::InvalidArgumentError(
        absl::StrCat("deadline_ms: must be 0 (default) to ", kMaxDrainDeadlineMs));
  }
  if (!request.quit_message().empty()) {
    if (absl::Status s = ValidateRawLine(request.quit_message()); !s.ok()) {
      return absl::InvalidArgumentError("quit_message: contains CR, LF or NUL, or is too long");
    }
  }
  const std::chrono::milliseconds deadline = request.deadline_ms() == 0
                                                 ? defaults_.drain_deadline
                                                 : std::chrono::milliseconds(request.deadline_ms());
  common::LogInfo("drain requested",
                  {{"request_id", request.request_id()}, {"deadline_ms", deadline.count()}});
  absl::StatusOr<DrainResult> result = control_.Drain(request.quit_message(), deadline);
  if (!result.ok()) {
    return result.status();
  }
  v1::DrainReply reply;
  reply.set_request_id(request.request_id());
  reply.set_released(result->released);
  reply.set_forced(result->forced);
  return reply;
}

absl::StatusOr<v1::RebalanceReply> IrcControlHandler::Rebalance(
    const v1::RebalanceRequest& request) {
  if (request.max_moves() < 0) {
    return absl::InvalidArgumentError("max_moves: must not be negative");
  }
  if (absl::Status s = ValidateOptionalNetwork(request.network()); !s.ok()) {
    return s;
  }
  const int32_t max_moves = request.max_moves() == 0 ? defaults_.max_moves : request.max_moves();
  absl::StatusOr<RebalanceResult> result =
      control_.Rebalance(max_moves, request.network(), request.dry_run());
  if (!result.ok()) {
    return result.status();
  }
  v1::RebalanceReply reply;
  reply.set_request_id(request.request_id());
  reply.set_moved(result->moved);
  reply.set_remaining(result->remaining);
  return reply;
}

absl::StatusOr<v1::SendRawReply> IrcControlHandler::SendRaw(const v1::SendRawRequest& request) {
  if (absl::Status s = ValidateNetwork(request.network()); !s.ok()) {
    return absl::InvalidArgumentError(common::Cat("network: ", common::Std(s.message())));
  }
  if (absl::Status s = ValidateKeyPart("user_id", request.user_id()); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRawLine(request.line()); !s.ok()) {
    return s;
  }
  // The line itself may carry secrets (e.g. a NickServ IDENTIFY): only its size is logged.
  common::LogInfo("raw line requested", {{"request_id", request.request_id()},
                                         {"network", request.network()},
                                         {"bytes", static_cast<int64_t>(request.line().size())}});
  if (absl::Status s = control_.SendRaw(request.network(), request.user_id(), request.line());
      !s.ok()) {
    return s;
  }
  v1::SendRawReply reply;
  reply.set_request_id(request.request_id());
  reply.set_queued(true);
  return reply;
}

}  // namespace mxedge::irc_worker
