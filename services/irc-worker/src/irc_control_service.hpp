#pragma once
// IrcControlService: the gRPC face of IrcControlHandler on the worker's gRPC port. Every call must
// carry the internal bearer token; statuses map to gRPC codes through rpc::ToGrpcStatus.
#include "irc_control_handler.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/v1/irc_control.grpc.pb.h"

namespace mxedge::irc_worker {

class IrcControlService final : public v1::IrcControl::Service {
 public:
  // `handler` and `verifier` must outlive the service.
  IrcControlService(IrcControlHandler& handler, const rpc::BearerTokenVerifier& verifier);

  grpc::Status GetStatus(grpc::ServerContext* context, const v1::GetStatusRequest* request,
                         v1::GetStatusReply* reply) override;
  grpc::Status Drain(grpc::ServerContext* context, const v1::DrainRequest* request,
                     v1::DrainReply* reply) override;
  grpc::Status Rebalance(grpc::ServerContext* context, const v1::RebalanceRequest* request,
                         v1::RebalanceReply* reply) override;
  grpc::Status SendRaw(grpc::ServerContext* context, const v1::SendRawRequest* request,
                       v1::SendRawReply* reply) override;

 private:
  IrcControlHandler& handler_;
  const rpc::BearerTokenVerifier& verifier_;
};

}  // namespace mxedge::irc_worker
