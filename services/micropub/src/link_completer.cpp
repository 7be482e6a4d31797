#include "link_completer.hpp"

#include <chrono>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "post_settings.hpp"

namespace mxedge::micropub {

absl::StatusOr<LinkOutcome> LinkCompleter::Complete(const indieweb::CallbackQuery& query) {
  absl::StatusOr<std::string> state = indieweb::CallbackState(query);
  if (!state.ok()) {
    return state.status();
  }
  absl::StatusOr<std::optional<PendingLink>> taken = store_.TakeAuth(*state);
  if (!taken.ok()) {
    return taken.status();
  }
  if (!taken->has_value()) {
    return absl::NotFoundError(
        "This login link is unknown, already used or expired: send !indieauth again.");
  }
  const PendingLink& link = **taken;
  absl::StatusOr<std::string> code =
      indieweb::CheckAuthorizationCallback(query, link.authorization);
  if (!code.ok()) {
    return code.status();
  }
  absl::StatusOr<indieweb::TokenGrant> grant = auth_.ExchangeCode(link.authorization, *code);
  if (!grant.ok()) {
    return grant.status();
  }
  LinkedSite site;
  site.me = grant->me;
  site.issuer = link.authorization.issuer;
  site.token_endpoint = link.authorization.token_endpoint;
  site.revocation_endpoint = link.authorization.revocation_endpoint;
  site.micropub_endpoint = link.authorization.micropub_endpoint;
  site.media_endpoint = link.authorization.media_endpoint;
  site.scope = grant->scope;
  site.access_token = grant->access_token;
  site.refresh_token = grant->refresh_token;
  if (grant->expires_at.has_value()) {
    site.expires_at_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(grant->expires_at->time_since_epoch())
            .count();
  }
  site.confirmed = false;
  indieweb::MicropubClient client(web_,
                                  {site.micropub_endpoint, site.media_endpoint, site.access_token});
  absl::StatusOr<indieweb::MicropubConfig> config = client.QueryConfig();
  if (config.ok()) {
    if (!config->media_endpoint.empty()) {
      site.media_endpoint = config->media_endpoint;
    }
    for (const indieweb::SyndicationTarget& target : config->syndicate_to) {
      site.syndicate_to.push_back(target.uid);
    }
    site.categories = config->categories;
  } else {
    common::LogWarn("q=config failed while linking",
                    {{"me", site.me}, {"error", std::string(config.status().message())}});
  }
  if (absl::Status stored = store_.PutSite(link.mxid, site); !stored.ok()) {
    return stored;
  }
  // The state is a secret: the notice's idempotency key carries a digest of it.
  const std::string key = common::Cat("mp:link:", DeterministicSlug(*state));
  if (absl::Status told = matrix_.Notice(link.room_id,
                                         common::Cat("You logged in to ", site.me,
                                                     ". If that was you, send !confirm to post "
                                                     "there from this Matrix account (",
                                                     link.mxid, ")."),
                                         key);
      !told.ok()) {
    return told;
  }
  common::LogInfo("indieauth completed, waiting for confirmation",
                  {{"me", site.me}, {"at_ms", clock_.NowUnixMs()}});
  return LinkOutcome{link.mxid, site.me};
}

}  // namespace mxedge::micropub
