#pragma once
// MatrixOutClient: the worker's side of one call to the router's MatrixOut service. Every call
// gets a fresh request id, the internal bearer token and a deadline; a gRPC failure comes back as
// its absl status and a homeserver refusal carried in the reply's `error` as MatrixErrorStatus
// says. The Grpc* adapters (rooms, members, state, profiles, media, sender) build requests and
// read replies; this type holds what they have in common.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/common/request_id.hpp"
#include "mxedge/rpc/status_conversion.hpp"
#include "mxedge/v1/matrix_out.grpc.pb.h"

namespace mxedge::irc_worker {

// The status of a MatrixOut reply's `error` (OK when it is empty): UnavailableError for
// M_LIMIT_EXCEEDED and 5xx (worth retrying), NotFoundError for M_NOT_FOUND, AlreadyExistsError
// for M_ROOM_IN_USE, FailedPreconditionError for any other refusal. `operation` names the call in
// the message, which also carries the errcode and HTTP status.
absl::Status MatrixErrorStatus(const v1::MatrixError& error, std::string_view operation);

class MatrixOutClient {
 public:
  template <typename Request, typename Reply>
  using Method = grpc::Status (v1::MatrixOut::Stub::*)(grpc::ClientContext*, const Request&,
                                                       Reply*);

  MatrixOutClient(std::shared_ptr<grpc::ChannelInterface> channel, std::string internal_token,
                  std::chrono::milliseconds timeout);

  // Calls `method` with `request` (its request_id is set here) and returns the reply when both
  // the transport and the homeserver succeeded.
  template <typename Request, typename Reply>
  absl::StatusOr<Reply> Call(Method<Request, Reply> method, Request request,
                             std::string_view operation) const {
    request.set_request_id(common::NewRequestId());
    grpc::ClientContext context;
    Prepare(context);
    Reply reply;
    if (grpc::Status status = (stub_.get()->*method)(&context, request, &reply); !status.ok()) {
      return rpc::FromGrpcStatus(status);
    }
    if (absl::Status s = MatrixErrorStatus(reply.error(), operation); !s.ok()) {
      return s;
    }
    return reply;
  }

 private:
  void Prepare(grpc::ClientContext& context) const;

  std::unique_ptr<v1::MatrixOut::Stub> stub_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace mxedge::irc_worker
