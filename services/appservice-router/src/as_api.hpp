#pragma once
// The Application Service API the homeserver calls (:9000): transactions, user and alias queries,
// ping and third-party lookups, under /_matrix/app/v1 and, for transactions, users and rooms,
// the legacy bare paths too.
//
// Every route checks the hs_token (Authorization: Bearer, or ?access_token=; when both are given
// they must be equal) in constant time: missing → 401 M_UNAUTHORIZED, wrong → 403 M_FORBIDDEN.
// A transaction is answered 200 {} only after the IntakeStore stored it; the parse and the store
// run on the worker pool and answer through the deferred Responder. The store unreachable → 503.
#include <cstddef>
#include <string>

#include "intake_store.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "namespaces.hpp"
#include "router_metrics.hpp"
#include "sink_queries.hpp"

namespace mxedge::appservice_router {

struct AsApiOptions {
  std::string hs_token;
  size_t max_body_bytes = size_t{64} << 20;
  size_t max_events = 5000;
};

class AsApi {
 public:
  // Every reference must outlive the AsApi (and the server it is registered on).
  AsApi(AsApiOptions options, const Namespaces& namespaces, IntakeStore& store,
        SinkQueries& queries, rpc::BoundedExecutor& executor, RouterMetrics& metrics,
        const common::Clock& clock);

  // Adds the routes and the request observer to `server` (before server.Start()).
  void Register(http::HttpServer& server);

  // The handlers, public for tests that drive them without a server.
  void HandleTransaction(const http::Request& request, http::Responder responder);
  void HandleUserQuery(const http::Request& request, http::Responder responder);
  void HandleAliasQuery(const http::Request& request, http::Responder responder);
  void HandlePing(const http::Request& request, http::Responder responder);
  void HandleProtocol(const http::Request& request, http::Responder responder);
  void HandleLookup(const http::Request& request, http::Responder responder);
  void HandleReverseLookup(const http::Request& request, http::Responder responder);

  // OK when the request carries the hs_token; else Unauthenticated / PermissionDenied with the
  // Matrix errcode attached.
  absl::Status CheckToken(const http::Request& request) const;

 private:
  // Runs `work` on the pool; a full pool answers 503 with Retry-After and returns false.
  bool Offload(const http::Responder& responder, std::string_view what, std::function<void()> work);
  // Answers a user or alias query from the sink's reply: 200 `{}` only when it exists.
  void AnswerExistenceQuery(std::string_view kind, const SinkRef& sink,
                            const absl::StatusOr<bool>& exists, std::string_view missing,
                            http::Responder& responder);
  void StoreTransaction(const http::Request& request, const http::Responder& responder);

  AsApiOptions options_;
  const Namespaces& namespaces_;
  IntakeStore& store_;
  SinkQueries& queries_;
  rpc::BoundedExecutor& executor_;
  RouterMetrics& metrics_;
  const common::Clock& clock_;
};

}  // namespace mxedge::appservice_router
