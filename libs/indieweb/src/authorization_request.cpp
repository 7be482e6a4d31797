#include "mxedge/indieweb/authorization_request.hpp"

#include <map>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/pkce.hpp"
#include "mxedge/indieweb/url.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;

using common::Cat;

absl::StatusOr<AuthorizationRequest> BuildAuthorizationRequest(const Discovery& discovery,
                                                               const ClientIdentity& client,
                                                               std::string_view me,
                                                               std::string_view scope) {
  if (discovery.authorization_endpoint.empty()) {
    return absl::FailedPreconditionError(
        Cat(discovery.final_url, " declares no IndieAuth authorization endpoint"));
  }
  if (discovery.token_endpoint.empty()) {
    return absl::FailedPreconditionError(
        Cat(discovery.final_url, " declares no IndieAuth token endpoint"));
  }
  if (discovery.metadata.has_value() && !discovery.metadata->SupportsS256()) {
    return absl::FailedPreconditionError(
        Cat("the authorization server of ", discovery.final_url, " does not support PKCE S256"));
  }
  absl::StatusOr<Url> client_id = ParseUrl(client.client_id);
  absl::StatusOr<Url> redirect_uri = ParseUrl(client.redirect_uri);
  if (!client_id.ok() || !redirect_uri.ok() ||
      (client_id->scheme != "https" && client_id->scheme != "http")) {
    return absl::InvalidArgumentError("client_id and redirect_uri must be absolute http(s) URLs");
  }
  if (client_id->Origin() != redirect_uri->Origin()) {
    return absl::InvalidArgumentError("redirect_uri must have the origin of client_id");
  }
  const std::string normalized_scope(internal::Trim(scope));
  if (normalized_scope.empty()) {
    return absl::InvalidArgumentError("scope is empty: no token would be issued");
  }
  absl::StatusOr<std::string> state = RandomToken(32);
  if (!state.ok()) return state.status();
  absl::StatusOr<Pkce> pkce = NewPkce();
  if (!pkce.ok()) return pkce.status();

  AuthorizationRequest out;
  PendingAuthorization& p = out.pending;
  p.state = *std::move(state);
  p.code_verifier = pkce->verifier;
  p.me = std::string(me);
  p.scope = normalized_scope;
  p.issuer = discovery.issuer;
  p.authorization_endpoint = discovery.authorization_endpoint;
  p.token_endpoint = discovery.token_endpoint;
  p.revocation_endpoint = discovery.revocation_endpoint;
  p.micropub_endpoint = discovery.micropub_endpoint;
  p.media_endpoint = discovery.media_endpoint;
  p.discovery_urls = discovery.urls;
  const std::multimap<std::string, std::string> params = {
      {"response_type", "code"},
      {"client_id", client.client_id},
      {"redirect_uri", client.redirect_uri},
      {"state", p.state},
      {"code_challenge", pkce->challenge},
      {"code_challenge_method", std::string(Pkce::kMethod)},
      {"scope", p.scope},
      {"me", p.me},
  };
  out.url = AppendQuery(discovery.authorization_endpoint, http::BuildQueryString(params));
  return out;
}

}  // namespace mxedge::indieweb
