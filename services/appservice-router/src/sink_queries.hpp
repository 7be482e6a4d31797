#pragma once
// SinkQueries: the AS API's questions to the sink owning a namespace (EventSink.QueryUser,
// QueryAlias, ThirdPartyProtocol, ThirdPartyLookup). Calls block until the sink answers (the AS
// API calls them from its worker pool, never from an HTTP thread); implementations bound them
// with a deadline. Errors: kUnavailable / kDeadlineExceeded when the sink cannot be reached,
// kNotFound when no sink of that kind is running.
#include "absl/status/statusor.h"
#include "mxedge/v1/sink.pb.h"
#include "namespaces.hpp"

namespace mxedge::appservice_router {

class SinkQueries {
 public:
  virtual ~SinkQueries() = default;

  // `exists` is true only once the sink has created the user.
  virtual absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef& sink,
                                                       const v1::QueryUserRequest& request) = 0;
  // `exists` is true only once the sink has created the room with that alias.
  virtual absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef& sink,
                                                         const v1::QueryAliasRequest& request) = 0;
  virtual absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef& sink, const v1::ThirdPartyProtocolRequest& request) = 0;
  virtual absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef& sink, const v1::ThirdPartyLookupRequest& request) = 0;
};

}  // namespace mxedge::appservice_router
