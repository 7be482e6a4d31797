#include "event_sink_service.hpp"

#include <exception>

#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {

EventSinkService::EventSinkService(MatrixToIrc& bridge, const rpc::BearerTokenVerifier& verifier,
                                   std::vector<std::string> networks)
    : deliver_([&bridge](const v1::DeliverRequest& r) { return bridge.Deliver(r); }),
      verifier_(verifier),
      networks_(std::move(networks)) {}

EventSinkService::EventSinkService(BridgeDelivery& delivery, PortalCreator& portals,
                                   const rpc::BearerTokenVerifier& verifier,
                                   std::vector<std::string> networks)
    : deliver_([&delivery](const v1::DeliverRequest& r) { return delivery.Deliver(r); }),
      portals_(&portals),
      verifier_(verifier),
      networks_(std::move(networks)) {}

grpc::Status EventSinkService::Deliver(grpc::ServerContext* context,
                                       const v1::DeliverRequest* request, v1::DeliverReply* reply) {
  if (grpc::Status s = verifier_.CheckGrpc(*context); !s.ok()) {
    return s;
  }
  try {
    *reply = deliver_(*request);
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
  if (portals_ == nullptr) {
    return grpc::Status::OK;
  }
  try {
    absl::StatusOr<std::optional<std::string>> room = portals_->OnAliasQuery(request->alias());
    if (!room.ok()) {
      common::LogWarn("portal not created",
                      {{"request_id", request->request_id()}, {"error", room.status().ToString()}});
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "portal room not created; retry");
    }
    if (room->has_value()) {
      reply->set_exists(true);
      reply->set_room_id(**room);
    }
    return grpc::Status::OK;
  } catch (const std::exception& e) {
    internal_errors_.fetch_add(1);
    common::LogError("QueryAlias failed",
                     {{"request_id", request->request_id()}, {"error", std::string(e.what())}});
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "internal error; retry");
  }
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
  if (directory_ != nullptr) {
    *reply = directory_->Protocol();
    reply->set_request_id(request->request_id());
    return grpc::Status::OK;
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
  if (directory_ != nullptr) {
    absl::StatusOr<std::vector<v1::ThirdPartyResult>> results = directory_->Lookup(*request);
    if (!results.ok()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          std::string(results.status().message()));
    }
    for (v1::ThirdPartyResult& result : *results) {
      *reply->add_results() = std::move(result);
    }
  }
  return grpc::Status::OK;
}

}  // namespace mxedge::irc_worker
