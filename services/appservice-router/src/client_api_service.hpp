#pragma once
// mxedge.v1.ClientApi (gRPC, default :50051, reached by coap-gateway replicas): performs one
// Client-Server API request against the homeserver with the client's own access token.
//
// Every call: internal bearer token (UNAUTHENTICATED); method set (INVALID_ARGUMENT); path under
// /_matrix/client/ after checking every segment (no `.`/`..`, also not as %2e, no empty segment,
// no '?', '#', '\', control or non-ASCII bytes, valid escapes): outside the prefix or a dot segment
// is PERMISSION_DENIED, a malformed path INVALID_ARGUMENT; an access token unless the endpoint is
// one a client calls before it has one (versions, login, register, refresh), else
// UNAUTHENTICATED; body within max_body_bytes (INVALID_ARGUMENT). Then the call runs on the
// executor (never on a gRPC thread; a full queue answers RESOURCE_EXHAUSTED) through
// HomeserverClient::Forward, and the homeserver's status, content type, body and retry hint come
// back whatever the HTTP status. No HTTP answer: UNAVAILABLE / DEADLINE_EXCEEDED.
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/matrix/homeserver_client.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "mxedge/v1/client_api.grpc.pb.h"

namespace mxedge::appservice_router {

struct ClientApiOptions {
  // The internal token gateways present (config secret `grpc.internal_token`).
  std::string internal_token;
  // Largest request body forwarded.
  size_t max_body_bytes = size_t{8} << 20;
};

class ClientApiService final : public v1::ClientApi::CallbackService {
 public:
  // `homeserver`, `executor` and `metrics` must outlive the service.
  ClientApiService(ClientApiOptions options, matrix::HomeserverClient& homeserver,
                   rpc::BoundedExecutor& executor, common::MetricsRegistry& metrics);

  grpc::ServerUnaryReactor* Call(grpc::CallbackServerContext* context, const v1::HttpCall* call,
                                 v1::HttpResult* result) override;

  // The path rules above, as a status (PermissionDenied or InvalidArgument, public messages).
  static absl::Status CheckPath(std::string_view path);
  // Whether a client may call `path` without an access token.
  static bool IsUnauthenticatedEndpoint(std::string_view path);

 private:
  void Finish(grpc::ServerUnaryReactor* reactor, const absl::Status& status,
              std::string_view outcome, std::chrono::steady_clock::time_point started);

  ClientApiOptions options_;
  rpc::BearerTokenVerifier verifier_;
  matrix::HomeserverClient& homeserver_;
  rpc::BoundedExecutor& executor_;
  common::CounterFamily& calls_;
  common::Histogram& latency_;
};

}  // namespace mxedge::appservice_router
