#pragma once
// What a token endpoint answers (IndieAuth §5.3.3, OAuth 2.0 §5): JSON, or the form-encoded
// body legacy endpoints send.
#include <chrono>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/http/response.hpp"

namespace mxedge::indieweb {

inline constexpr size_t kMaxTokenResponseBytes = size_t{64} << 10;

// Holds secrets (`access_token`, `refresh_token`): never log them.
struct TokenGrant {
  std::string access_token;
  std::string token_type;  // may be empty: legacy endpoints omit it
  std::string me;          // as the endpoint sent it; empty for a refresh that omits it
  std::string scope;       // what was granted, which may differ from what was asked
  std::optional<std::chrono::system_clock::time_point> expires_at;
  std::string refresh_token;  // empty when none
};

// Parses a token endpoint's answer. A non-2xx status is an OAuth error: Unauthenticated for
// 400/401 with invalid_grant, invalid_client, unauthorized_client, unauthorized or invalid_token;
// PermissionDenied for 403; InvalidArgument for other 4xx; Unavailable for 5xx — each naming
// the `error` code and a bounded `error_description`. A 2xx body that is neither a JSON object
// nor a form, lacks `access_token`, has a `token_type` other than Bearer, or a negative or
// non-numeric `expires_in` is InvalidArgument. `me` is not required here (refresh answers may
// omit it); the code exchange requires it.
absl::StatusOr<TokenGrant> ParseTokenResponse(const http::Response& response,
                                              const common::Clock& clock);

}  // namespace mxedge::indieweb
