#include "site_access.hpp"

#include <optional>
#include <utility>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/micropub_error.hpp"

namespace mxedge::micropub {

SiteAccess::SiteAccess(MicropubStore& store, indieweb::GuardedHttpClient& web,
                       indieweb::IndieAuthClient& auth, const common::Clock& clock,
                       MicropubMetrics& metrics, SiteAccessOptions options)
    : store_(store),
      web_(web),
      auth_(auth),
      clock_(clock),
      metrics_(metrics),
      options_(options),
      gate_(options.site_concurrency) {}

std::optional<SiteGate::Slot> SiteAccess::Enter(const LinkedSite& site) {
  return gate_.Acquire(SiteKey(site.micropub_endpoint), options_.site_wait);
}

absl::Status SiteAccess::Busy(const LinkedSite& site) {
  metrics_.CountRateLimited("site_concurrency");
  common::LogInfo("site busy", {{"me", site.me}, {"limit", options_.site_concurrency}});
  return absl::UnavailableError(
      common::Cat("too many requests in flight to ", SiteKey(site.micropub_endpoint)));
}

indieweb::MicropubSession SiteAccess::Session(const LinkedSite& site) {
  return indieweb::MicropubSession{site.micropub_endpoint, site.media_endpoint, site.access_token};
}

void SiteAccess::Observe(std::string_view operation, const absl::Status& status,
                         std::chrono::steady_clock::time_point start) {
  const double seconds = std::chrono::duration<double>(clock_.SteadyNow() - start).count();
  metrics_.ObserveRequest(operation, status.ok(), seconds);
}

bool SiteAccess::ShouldRefresh(const absl::Status& status, const LinkedSite& site) {
  if (site.refresh_token.empty()) {
    return false;
  }
  const std::optional<indieweb::MicropubError> error = indieweb::MicropubErrorFromStatus(status);
  return error.has_value() && error->kind == indieweb::MicropubErrorKind::kUnauthorized;
}

absl::StatusOr<bool> SiteAccess::EnsureFresh(std::string_view mxid, LinkedSite& site) {
  if (site.expires_at_ms == 0 ||
      clock_.NowUnixMs() + options_.refresh_skew.count() < site.expires_at_ms) {
    return false;
  }
  if (site.refresh_token.empty()) {
    return absl::UnauthenticatedError(
        common::Cat("the login to ", site.me, " has expired and cannot be renewed"));
  }
  if (absl::Status renewed = Refresh(mxid, site); !renewed.ok()) {
    return renewed;
  }
  return true;
}

absl::Status SiteAccess::Refresh(std::string_view mxid, LinkedSite& site) {
  if (site.refresh_token.empty() || site.token_endpoint.empty()) {
    return absl::UnauthenticatedError(common::Cat("the login to ", site.me, " cannot be renewed"));
  }
  absl::StatusOr<indieweb::TokenGrant> grant =
      auth_.Refresh(site.token_endpoint, site.refresh_token);
  if (!grant.ok()) {
    const absl::StatusCode code = grant.status().code();
    const bool transient = code == absl::StatusCode::kUnavailable ||
                           code == absl::StatusCode::kDeadlineExceeded ||
                           code == absl::StatusCode::kResourceExhausted;
    metrics_.CountRefresh(transient ? "unavailable" : "refused");
    common::LogInfo("token refresh failed",
                    {{"me", site.me}, {"error", std::string(grant.status().message())}});
    if (transient) {
      return grant.status();
    }
    return absl::UnauthenticatedError(
        common::Cat("renewing the login to ", site.me, " failed: ", grant.status().message()));
  }
  site.access_token = std::move(grant->access_token);
  if (!grant->refresh_token.empty()) {
    site.refresh_token = std::move(grant->refresh_token);
  }
  if (!grant->scope.empty()) {
    site.scope = std::move(grant->scope);
  }
  site.expires_at_ms = grant->expires_at.has_value()
                           ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                 grant->expires_at->time_since_epoch())
                                 .count()
                           : 0;
  if (absl::Status stored = store_.PutSite(mxid, site); !stored.ok()) {
    metrics_.CountRefresh("unavailable");
    return stored;
  }
  metrics_.CountRefresh("ok");
  common::LogInfo("token refreshed", {{"me", site.me}});
  return absl::OkStatus();
}

}  // namespace mxedge::micropub
