#pragma once
// EventSinkService: the worker's gRPC EventSink (the router delivers Matrix events here). Deliver
// runs MatrixToIrc on the calling gRPC thread (it blocks until lines are written). The AS queries
// are answered for what this minimal bridge knows: no user or alias is provisioned by the worker
// (exists = false), the `irc` protocol lists the configured networks, lookups find nothing.
// Every call must carry the internal bearer token.
#include <atomic>
#include <string>
#include <vector>

#include "matrix_to_irc.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::irc_worker {

class EventSinkService final : public v1::EventSink::Service {
 public:
  // `bridge` must outlive the service. `networks`: the network ids this worker serves.
  EventSinkService(MatrixToIrc& bridge, const rpc::BearerTokenVerifier& verifier,
                   std::vector<std::string> networks);

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

  // Deliver calls that ended in the last-resort handler (an exception from below).
  int64_t internal_errors() const { return internal_errors_.load(); }

 private:
  MatrixToIrc& bridge_;
  const rpc::BearerTokenVerifier& verifier_;
  std::vector<std::string> networks_;
  std::atomic<int64_t> internal_errors_{0};
};

}  // namespace mxedge::irc_worker
