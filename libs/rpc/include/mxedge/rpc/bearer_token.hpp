#pragma once
// The internal bearer token that every gRPC call between our services carries as
// `authorization: Bearer <token>` metadata.
//
// Server side: every handler starts with `if (auto s = verifier.Check(*ctx); !s.ok()) ...` (or
// CheckGrpc for a ready grpc::Status). gRPC 1.51 offers no way for a server interceptor to fail a
// call, and an AuthMetadataProcessor cannot be installed on insecure (in-cluster plaintext)
// server credentials, so the check is an explicit first step of each handler.
// Client side: AttachBearerToken adds the metadata to a ClientContext (call credentials are not
// sent over plaintext channels, so a plugin would silently drop the token).
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace mxedge::rpc {

inline constexpr std::string_view kAuthorizationKey = "authorization";

class BearerTokenVerifier {
 public:
  // An empty `token` refuses every call (it never accepts an empty or bare "Bearer" header);
  // services check their configuration at startup so this only guards against mistakes.
  explicit BearerTokenVerifier(std::string token);

  // OK when the call carries exactly one `authorization` value equal to `Bearer <token>`
  // (constant-time compare). kUnauthenticated otherwise, with a public message that never
  // contains the expected or the received token.
  absl::Status Check(const grpc::ServerContextBase& context) const;
  // The same, as a grpc::Status ready to finish the call with.
  grpc::Status CheckGrpc(const grpc::ServerContextBase& context) const;

  // The check on a raw header value (exposed for tests and non-gRPC transports).
  absl::Status CheckHeaderValue(std::string_view header_value) const;

 private:
  std::string expected_header_;
};

// Adds `authorization: Bearer <token>` to a client call.
void AttachBearerToken(grpc::ClientContext& context, std::string_view token);

}  // namespace mxedge::rpc
