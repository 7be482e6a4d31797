#pragma once
// EventSinkService: the worker's gRPC EventSink (the router delivers Matrix events here). Deliver
// runs BridgeDelivery (or, in the minimal form, MatrixToIrc alone) on the calling gRPC thread (it
// blocks until lines are written). Alias queries create portal rooms through the PortalCreator
// (exists = true with the room once it has the alias); without one no alias exists. No user is
// provisioned by the worker (exists = false: the router registers ghosts when it acts as them),
// the `irc` protocol and lookups are answered by the ThirdPartyDirectory when one is set (else the
// protocol lists the configured networks and lookups find nothing).
// Every call must carry the internal bearer token.
#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "bridge_delivery.hpp"
#include "matrix_to_irc.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/v1/sink.grpc.pb.h"
#include "portal_creator.hpp"
#include "third_party_directory.hpp"

namespace mxedge::irc_worker {

class EventSinkService final : public v1::EventSink::Service {
 public:
  // `bridge` must outlive the service. `networks`: the network ids this worker serves.
  EventSinkService(MatrixToIrc& bridge, const rpc::BearerTokenVerifier& verifier,
                   std::vector<std::string> networks);
  // The full bridge: rooms (portals, admin rooms) in front of messages. Both must outlive this.
  EventSinkService(BridgeDelivery& delivery, PortalCreator& portals,
                   const rpc::BearerTokenVerifier& verifier, std::vector<std::string> networks);

  grpc::Status Deliver(grpc::ServerContext* context, const v1::DeliverRequest* request,
                       v1::DeliverReply* reply) override;
  grpc::Status QueryUser(grpc::ServerContext* context, const v1::QueryUserRequest* request,
                         v1::QueryUserReply* reply) override;
  grpc::Status QueryAlias(grpc::ServerContext* context, const v1::QueryAliasRequest* request,
                          v1::QueryAliasReply* reply) override;
  grpc::Status ThirdPartyProtocol(grpc::ServerContext* context,
                                  const v1::ThirdPartyProtocolRequest* request,
                                  v1::ThirdPartyProtocolReply* reply) override;
  grpc::Status ThirdPartyLookup(grpc::ServerContext* context,
                                const v1::ThirdPartyLookupRequest* request,
                                v1::ThirdPartyLookupReply* reply) override;

  // Answers the third-party protocol and lookups from `directory` (must outlive this); set before
  // the service is registered.
  void SetThirdPartyDirectory(const ThirdPartyDirectory* directory) { directory_ = directory; }

  // Deliver and QueryAlias calls that ended in the last-resort handler (an exception from below).
  int64_t internal_errors() const { return internal_errors_.load(); }

 private:
  std::function<v1::DeliverReply(const v1::DeliverRequest&)> deliver_;
  PortalCreator* portals_ = nullptr;
  const ThirdPartyDirectory* directory_ = nullptr;
  const rpc::BearerTokenVerifier& verifier_;
  std::vector<std::string> networks_;
  std::atomic<int64_t> internal_errors_{0};
};

}  // namespace mxedge::irc_worker
