#pragma once
// micropub's own metrics (mxedge_micropub_*), registered once in a MetricsRegistry and served on
// the admin port's /metrics. Label values are fixed words, never user ids or URLs.
#include <string_view>

#include "mxedge/common/metrics_registry.hpp"

namespace mxedge::micropub {

class MicropubMetrics {
 public:
  explicit MicropubMetrics(common::MetricsRegistry& registry);

  // One create (a message, a media post, a like, !reply …). outcome = posted | accepted (202) |
  // already_posted | needs_user | rate_limited | refused (the site said no) | failed (no
  // answer, retried later) | no_site.
  void CountPost(std::string_view outcome);
  // One Micropub request (create, update, delete, media, query): its latency and whether the
  // site answered with success.
  void ObserveRequest(std::string_view operation, bool ok, double seconds);
  // outcome = ok | refused (the token endpoint said no: link again) | unavailable.
  void CountRefresh(std::string_view outcome);
  // stage = started (!indieauth) | authorized (redirect completed) | confirmed (!confirm).
  void CountLink(std::string_view stage);
  // limit = user_posts | site_concurrency.
  void CountRateLimited(std::string_view limit);

 private:
  common::CounterFamily& posts_;
  common::HistogramFamily& request_seconds_;
  common::CounterFamily& refreshes_;
  common::CounterFamily& links_;
  common::CounterFamily& rate_limited_;
};

}  // namespace mxedge::micropub
