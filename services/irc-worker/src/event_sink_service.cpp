#include "event_sink_service.hpp"

#include <exception>

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

EventSinkService::EventSinkService(MatrixToIrc& bridge, const rpc::BearerTokenVerifier& verifier,
                                   std::vector<std::string> networks)
    : bridge_(bridge), verifier_(verifier), networks_(std::move(networks)) {}

grpc::Status EventSinkService::Deliver(grpc::ServerContext* context,
                                       const v1::DeliverRequest* request, v1::DeliverReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  try {
    *reply = bridge_.Deliver(*request);
    return grpc::Status::OK;
  } catch (const std::exception& e) {
    internal_errors_.fetch_add(1);
    common::LogError("Deliver failed",
                     {{"request_id", request->request_id()}, {"error", std::string(e.what())}});
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "internal error; retry");
  }
}

grpc::Status EventSinkService::QueryUser(grpc::ServerContext* context,
                                         const v1::QueryUserRequest* request,
                                         v1::QueryUserReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  reply->set_request_id(request->request_id());
  reply->set_exists(false);
  return grpc::Status::OK;
}

grpc::Status EventSinkService::QueryAlias(grpc::ServerContext* context,
                                          const v1::QueryAliasRequest* request,
                                          v1::QueryAliasReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  reply->set_request_id(request->request_id());
  reply->set_exists(false);
  return grpc::Status::OK;
}

grpc::Status EventSinkService::ThirdPartyProtocol(grpc::ServerContext* context,
                                                  const v1::ThirdPartyProtocolRequest* request,
                                                  v1::ThirdPartyProtocolReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  if (request->protocol() != "irc") {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "protocol not bridged by irc-worker");
  }
  reply->set_request_id(request->request_id());
  reply->add_user_fields("network");
  reply->add_user_fields("nickname");
  reply->add_location_fields("network");
  reply->add_location_fields("channel");
  for (const std::string& network : networks_) {
    v1::ThirdPartyProtocolInstance* instance = reply->add_instances();
    instance->set_desc(network);
    instance->set_network_id(network);
    (*instance->mutable_fields())["network"] = network;
  }
  return grpc::Status::OK;
}

grpc::Status EventSinkService::ThirdPartyLookup(grpc::ServerContext* context,
                                                const v1::ThirdPartyLookupRequest* request,
                                                v1::ThirdPartyLookupReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  if (request->kind() == v1::THIRD_PARTY_LOOKUP_KIND_UNSPECIFIED) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "lookup kind not set");
  }
  reply->set_request_id(request->request_id());
  return grpc::Status::OK;
}

}  // namespace mxedge::irc_worker
