#pragma once
// Step 4: the redirect back to the service, `redirect_uri?code=…&state=…&iss=…` or an error.
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/authorization_request.hpp"

namespace mxedge::indieweb {

// The query of the redirect, decoded.
using CallbackQuery = std::multimap<std::string, std::string>;

// The `state` of the redirect, for the service to look up its PendingAuthorization;
// InvalidArgument when missing or repeated.
absl::StatusOr<std::string> CallbackState(const CallbackQuery& query);

// Returns the authorization code after checking, in order: `state` equals the pending one
// (constant time; PermissionDenied); when discovery gave an issuer, `iss` is present and equal
// to it (PermissionDenied: mix-up protection, RFC 9207); an `error` parameter (PermissionDenied
// naming it, e.g. access_denied, with a bounded description); a missing `code`
// (InvalidArgument).
absl::StatusOr<std::string> CheckAuthorizationCallback(const CallbackQuery& query,
                                                       const PendingAuthorization& pending);

}  // namespace mxedge::indieweb
