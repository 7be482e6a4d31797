#include "event_outcome.hpp"

#include <string>

#include "matrix_message_renderer.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

v1::EventOutcome Outcome(const v1::MatrixEvent& event, v1::DeliveryOutcome outcome,
                         std::string_view reason) {
  v1::EventOutcome out;
  out.set_event_id(event.event_id());
  out.set_outcome(outcome);
  out.set_reason(std::string(reason));
  return out;
}

v1::EventOutcome FailureOutcome(const v1::MatrixEvent& event, const absl::Status& status,
                                std::string_view context) {
  return Outcome(
      event, IsTransient(status) ? v1::DELIVERY_OUTCOME_RETRY_LATER : v1::DELIVERY_OUTCOME_REJECTED,
      common::Cat(context, ": ", status.message()));
}

}  // namespace mxedge::irc_worker
