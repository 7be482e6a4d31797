#include "mxedge/indieweb/indieauth_client.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::indieweb {

using common::Cat;

IndieAuthClient::IndieAuthClient(GuardedHttpClient& http, Discoverer& discoverer,
                                 ClientIdentity client, const common::Clock& clock,
                                 ProfileUrlOptions profile_options)
    : http_(http),
      discoverer_(discoverer),
      client_(std::move(client)),
      clock_(clock),
      profile_options_(profile_options) {}

absl::StatusOr<http::Response> IndieAuthClient::PostForm(
    std::string_view url, const std::multimap<std::string, std::string>& form) {
  http::ClientRequest request{
      "POST",
      std::string(url),
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
      http::BuildQueryString(form)};
  request.max_response_bytes = kMaxTokenResponseBytes;
  return http_.Send(request);
}

absl::StatusOr<TokenGrant> IndieAuthClient::ExchangeCode(const PendingAuthorization& pending,
                                                         std::string_view code) {
  if (pending.token_endpoint.empty()) {
    return absl::FailedPreconditionError("no token endpoint to exchange the code at");
  }
  absl::StatusOr<http::Response> response =
      PostForm(pending.token_endpoint, {{"grant_type", "authorization_code"},
                                        {"code", std::string(code)},
                                        {"client_id", client_.client_id},
                                        {"redirect_uri", client_.redirect_uri},
                                        {"code_verifier", pending.code_verifier}});
  if (!response.ok()) return response.status();
  absl::StatusOr<TokenGrant> grant = ParseTokenResponse(*response, clock_);
  if (!grant.ok()) return grant.status();
  if (grant->me.empty()) {
    return absl::InvalidArgumentError("token endpoint answer has no 'me'");
  }
  absl::StatusOr<std::string> me = VerifyMe(pending, grant->me);
  if (!me.ok()) return me.status();
  grant->me = *std::move(me);
  common::LogInfo("IndieAuth code exchanged", {{"me", grant->me}, {"scope", grant->scope}});
  return grant;
}

absl::StatusOr<std::string> IndieAuthClient::VerifyMe(const PendingAuthorization& pending,
                                                      std::string_view me) {
  absl::StatusOr<std::string> canonical = CanonicalProfileUrl(me, profile_options_);
  if (!canonical.ok()) {
    return absl::InvalidArgumentError(
        Cat("token endpoint 'me' is not a profile URL: ", canonical.status().message()));
  }
  if (*canonical == pending.me) return canonical;
  for (const std::string& seen : pending.discovery_urls) {
    absl::StatusOr<std::string> seen_canonical = CanonicalProfileUrl(seen, profile_options_);
    if (seen_canonical.ok() && *seen_canonical == *canonical) return canonical;
  }
  absl::StatusOr<Discovery> discovered = discoverer_.Discover(*canonical);
  if (!discovered.ok()) {
    return absl::PermissionDeniedError(
        Cat("cannot confirm that ", *canonical,
            " uses this authorization server: ", discovered.status().message()));
  }
  if (discovered->authorization_endpoint != pending.authorization_endpoint ||
      (!pending.issuer.empty() && discovered->issuer != pending.issuer)) {
    return absl::PermissionDeniedError(Cat("token endpoint answered for ", *canonical,
                                           ", which declares another authorization server"));
  }
  return canonical;
}

absl::StatusOr<TokenGrant> IndieAuthClient::Refresh(std::string_view token_endpoint,
                                                    std::string_view refresh_token,
                                                    std::string_view scope) {
  if (refresh_token.empty()) {
    return absl::FailedPreconditionError("no refresh token");
  }
  std::multimap<std::string, std::string> form = {{"grant_type", "refresh_token"},
                                                  {"refresh_token", std::string(refresh_token)},
                                                  {"client_id", client_.client_id}};
  if (!scope.empty()) form.emplace("scope", std::string(scope));
  absl::StatusOr<http::Response> response = PostForm(token_endpoint, form);
  if (!response.ok()) return response.status();
  absl::StatusOr<TokenGrant> grant = ParseTokenResponse(*response, clock_);
  if (!grant.ok()) return grant.status();
  if (grant->refresh_token.empty()) grant->refresh_token = std::string(refresh_token);
  return grant;
}

absl::Status IndieAuthClient::Revoke(std::string_view revocation_endpoint,
                                     std::string_view token_endpoint, std::string_view token) {
  const bool legacy = revocation_endpoint.empty();
  if (legacy && token_endpoint.empty()) {
    return absl::FailedPreconditionError("no revocation or token endpoint to revoke at");
  }
  std::multimap<std::string, std::string> form = {{"token", std::string(token)}};
  if (legacy) form.emplace("action", "revoke");
  absl::StatusOr<http::Response> response =
      PostForm(legacy ? token_endpoint : revocation_endpoint, form);
  if (!response.ok()) return response.status();
  if (response->status >= 200 && response->status <= 299) return absl::OkStatus();
  const std::string message = Cat(legacy ? "token endpoint" : "revocation endpoint",
                                  " answered HTTP ", response->status, " to the revocation");
  if (response->status >= 500) return absl::UnavailableError(message);
  return absl::FailedPreconditionError(message);
}

}  // namespace mxedge::indieweb
