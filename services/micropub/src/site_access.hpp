#pragma once
// Micropub requests to one linked site, with its token kept valid:
// - at most `site_concurrency` requests in flight per site (SiteGate); a request that finds no
//   free slot within `site_wait` is Unavailable (the router delivers the event again later);
// - a token that has expired (or expires within `refresh_skew`) is refreshed first when the
//   site gave a refresh token; without one the call is Unauthenticated (the user is asked to
//   link again) and nothing is sent;
// - a 401 (not insufficient_scope, which a refresh cannot cure) with a refresh token: refresh
//   once and repeat the request once with the new token;
// - a refreshed token is stored at once (MicropubStore::PutSite seals it at rest); a refresh the
//   token endpoint refuses is Unauthenticated naming the reason, a refresh that gets no answer
//   keeps its transport status (Unavailable, DeadlineExceeded).
// Every request's latency goes to MicropubMetrics.
#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "micropub_metrics.hpp"
#include "micropub_store.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "site_gate.hpp"

namespace mxedge::micropub {

struct SiteAccessOptions {
  std::chrono::milliseconds refresh_skew{60'000};
  int site_concurrency = 4;
  std::chrono::milliseconds site_wait{10'000};
};

class SiteAccess {
 public:
  SiteAccess(MicropubStore& store, indieweb::GuardedHttpClient& web,
             indieweb::IndieAuthClient& auth, const common::Clock& clock, MicropubMetrics& metrics,
             SiteAccessOptions options);

  // Runs `call` against `site` (of Matrix user `mxid`) as described above. `site` is updated in
  // place when its token is refreshed. `operation` labels the latency metric.
  template <typename T>
  absl::StatusOr<T> Call(std::string_view mxid, LinkedSite& site, std::string_view operation,
                         const std::function<absl::StatusOr<T>(indieweb::MicropubClient&)>& call) {
    std::optional<SiteGate::Slot> slot = Enter(site);
    if (!slot.has_value()) {
      return Busy(site);
    }
    absl::StatusOr<bool> refreshed = EnsureFresh(mxid, site);
    if (!refreshed.ok()) {
      return refreshed.status();
    }
    for (;;) {
      indieweb::MicropubClient client(web_, Session(site));
      const std::chrono::steady_clock::time_point start = clock_.SteadyNow();
      absl::StatusOr<T> result = call(client);
      Observe(operation, result.status(), start);
      if (result.ok() || *refreshed || !ShouldRefresh(result.status(), site)) {
        return result;
      }
      if (absl::Status renewed = Refresh(mxid, site); !renewed.ok()) {
        return renewed;
      }
      *refreshed = true;
    }
  }

  // Refreshes `site`'s token now and stores it; the statuses described above.
  absl::Status Refresh(std::string_view mxid, LinkedSite& site);

  SiteGate& gate() { return gate_; }

 private:
  std::optional<SiteGate::Slot> Enter(const LinkedSite& site);
  absl::Status Busy(const LinkedSite& site);
  // Refreshes an expired token; returns whether it did.
  absl::StatusOr<bool> EnsureFresh(std::string_view mxid, LinkedSite& site);
  static bool ShouldRefresh(const absl::Status& status, const LinkedSite& site);
  static indieweb::MicropubSession Session(const LinkedSite& site);
  void Observe(std::string_view operation, const absl::Status& status,
               std::chrono::steady_clock::time_point start);

  MicropubStore& store_;
  indieweb::GuardedHttpClient& web_;
  indieweb::IndieAuthClient& auth_;
  const common::Clock& clock_;
  MicropubMetrics& metrics_;
  SiteAccessOptions options_;
  SiteGate gate_;
};

}  // namespace mxedge::micropub
