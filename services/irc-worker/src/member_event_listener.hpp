#pragma once
// MemberEventListener: is shown every m.room.member event delivered to this worker for a user's
// connection, before the event is handled (so also the join that makes the worker open it). It
// only learns from the event: it never changes the event's outcome and must not block for long.
#include <string_view>

#include "mxedge/v1/events.pb.h"

namespace mxedge::irc_worker {

class MemberEventListener {
 public:
  virtual ~MemberEventListener() = default;

  // `network` and `mxid` are the delivery's routing key. Called on gRPC threads, concurrently.
  virtual void OnMemberEvent(std::string_view network, std::string_view mxid,
                             const v1::MatrixEvent& event) = 0;
};

}  // namespace mxedge::irc_worker
