#pragma once
// The per-event answers of EventSink.Deliver that the worker's event handlers build.
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/v1/sink.pb.h"

namespace mxedge::irc_worker {

// `outcome` for `event`, with an optional reason for the router's logs.
v1::EventOutcome Outcome(const v1::MatrixEvent& event, v1::DeliveryOutcome outcome,
                         std::string_view reason = "");

// A failed event: RETRY_LATER when `status` is transient (IsTransient: Unavailable,
// DeadlineExceeded, ResourceExhausted, Aborted), REJECTED otherwise; the reason is
// "<context>: <status message>".
v1::EventOutcome FailureOutcome(const v1::MatrixEvent& event, const absl::Status& status,
                                std::string_view context);

}  // namespace mxedge::irc_worker
