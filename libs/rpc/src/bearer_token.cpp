#include "mxedge/rpc/bearer_token.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/common/constant_time.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::rpc {

namespace {

absl::Status Unauthenticated(std::string_view why) {
  return common::WithPublicMessage(absl::UnauthenticatedError(std::string(why)),
                                   "missing or invalid internal token");
}

}  // namespace

BearerTokenVerifier::BearerTokenVerifier(std::string token)
    : expected_header_(token.empty() ? std::string() : absl::StrCat("Bearer ", token)) {}

absl::Status BearerTokenVerifier::CheckHeaderValue(std::string_view header_value) const {
  if (expected_header_.empty()) {
    return Unauthenticated("no internal token configured: every call is refused");
  }
  if (header_value.empty()) {
    return Unauthenticated("empty authorization metadata");
  }
  if (!common::ConstantTimeEquals(header_value, expected_header_)) {
    return Unauthenticated("authorization metadata does not match the internal token");
  }
  return absl::OkStatus();
}

absl::Status BearerTokenVerifier::Check(const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  auto [begin, end] =
      metadata.equal_range(grpc::string_ref(kAuthorizationKey.data(), kAuthorizationKey.size()));
  if (begin == end) {
    return Unauthenticated("no authorization metadata");
  }
  if (std::next(begin) != end) {
    return Unauthenticated("more than one authorization metadata value");
  }
  return CheckHeaderValue(std::string_view(begin->second.data(), begin->second.size()));
}

grpc::Status BearerTokenVerifier::CheckGrpc(const grpc::ServerContextBase& context) const {
  return ToGrpcStatus(Check(context));
}

void AttachBearerToken(grpc::ClientContext& context, std::string_view token) {
  context.AddMetadata(std::string(kAuthorizationKey), absl::StrCat("Bearer ", std::string(token)));
}

}  // namespace mxedge::rpc
