#include "irc_control_service.hpp"

#include <exception>

#include "mxedge/common/log.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {
namespace {

// Runs `call` after the token check; exceptions from below end as UNAVAILABLE.
template <typename Reply, typename Call>
grpc::Status Serve(const rpc::BearerTokenVerifier& verifier, grpc::ServerContext* context,
                   std::string_view method, Reply* reply, Call call) {
  if (grpc::Status s = verifier.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  try {
    absl::StatusOr<Reply> result = call();
    if (!result.ok()) {
      return rpc::ToGrpcStatus(result.status());
    }
    *reply = *std::move(result);
    return grpc::Status::OK;
  } catch (const std::exception& e) {
    common::LogError("IrcControl call failed",
                     {{"method", method}, {"error", std::string(e.what())}});
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "internal error");
  }
}

}  // namespace

IrcControlService::IrcControlService(IrcControlHandler& handler,
                                     const rpc::BearerTokenVerifier& verifier)
    : handler_(handler), verifier_(verifier) {}

grpc::Status IrcControlService::GetStatus(grpc::ServerContext* context,
                                          const v1::GetStatusRequest* request,
                                          v1::GetStatusReply* reply) {
  return Serve(verifier_, context, "GetStatus", reply,
               [&] { return handler_.GetStatus(*request); });
}

grpc::Status IrcControlService::Drain(grpc::ServerContext* context, const v1::DrainRequest* request,
                                      v1::DrainReply* reply) {
  return Serve(verifier_, context, "Drain", reply, [&] { return handler_.Drain(*request); });
}

grpc::Status IrcControlService::Rebalance(grpc::ServerContext* context,
                                          const v1::RebalanceRequest* request,
                                          v1::RebalanceReply* reply) {
  return Serve(verifier_, context, "Rebalance", reply,
               [&] { return handler_.Rebalance(*request); });
}

grpc::Status IrcControlService::SendRaw(grpc::ServerContext* context,
                                        const v1::SendRawRequest* request,
                                        v1::SendRawReply* reply) {
  return Serve(verifier_, context, "SendRaw", reply, [&] { return handler_.SendRaw(*request); });
}

}  // namespace mxedge::irc_worker
