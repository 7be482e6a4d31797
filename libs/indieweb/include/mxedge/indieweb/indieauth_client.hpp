#pragma once
// Steps 5–10 of the IndieAuth flow against a user's authorization server: code exchange with
// `me` verification, refresh and revocation. Every call goes through the guarded client.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/common/clock.hpp"
#include "mxedge/indieweb/authorization_request.hpp"
#include "mxedge/indieweb/discovery.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/profile_url.hpp"
#include "mxedge/indieweb/token_response.hpp"

namespace mxedge::indieweb {

class IndieAuthClient {
 public:
  IndieAuthClient(GuardedHttpClient& http, Discoverer& discoverer, ClientIdentity client,
                  const common::Clock& clock, ProfileUrlOptions profile_options = {});

  // POSTs grant_type=authorization_code, code, client_id, redirect_uri and code_verifier to the
  // pending token endpoint (form, `Accept: application/json`), then requires and verifies `me`
  // (VerifyMe). The grant's `me` is the canonical verified URL. Errors: ParseTokenResponse's;
  // InvalidArgument when `me` is missing or not a profile URL; VerifyMe's.
  absl::StatusOr<TokenGrant> ExchangeCode(const PendingAuthorization& pending,
                                          std::string_view code);

  // Authorization server confirmation (IndieAuth §5.3.4): `me` is accepted when, canonicalised,
  // it is the entered URL or one of the URLs met while discovering it; otherwise it is
  // discovered and must declare the same authorization endpoint (and issuer, when the pending
  // one has an issuer). PermissionDenied otherwise. Returns the canonical `me`.
  absl::StatusOr<std::string> VerifyMe(const PendingAuthorization& pending, std::string_view me);

  // grant_type=refresh_token. When the answer carries no refresh token the old one stays valid
  // and is copied into the result; when it carries no `me` the caller's stays.
  absl::StatusOr<TokenGrant> Refresh(std::string_view token_endpoint,
                                     std::string_view refresh_token, std::string_view scope = "");

  // RFC 7009 `token=` to the revocation endpoint when there is one; otherwise the legacy
  // `action=revoke&token=` to the token endpoint. Any 2xx is success; other statuses are
  // Unavailable (5xx) or FailedPrecondition naming the status.
  absl::Status Revoke(std::string_view revocation_endpoint, std::string_view token_endpoint,
                      std::string_view token);

 private:
  absl::StatusOr<http::Response> PostForm(std::string_view url,
                                          const std::multimap<std::string, std::string>& form);

  GuardedHttpClient& http_;
  Discoverer& discoverer_;
  ClientIdentity client_;
  const common::Clock& clock_;
  ProfileUrlOptions profile_options_;
};

}  // namespace mxedge::indieweb
