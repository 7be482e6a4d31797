#pragma once
// The bot: one Matrix event from the router → state changes, web requests and notices. Composes
// the store, MapEvent, the settings, CreatePublisher and libs/indieweb; no gRPC, no sockets of
// its own (the EventSink service calls Handle for each event).
//
// Site requests go through SiteAccess (token refresh, per-site concurrency); creates are limited
// per user (PostRateLimiter): a create over the limit is not posted and the user is told when
// to send it again.
//
// Only DMs count: an invite to the bot is joined and the room recorded as the inviter's DM
// (mp:room); events in other rooms, from other senders or from the bot itself are ignored.
#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "create_publisher.hpp"
#include "event_mapping.hpp"
#include "matrix_actions.hpp"
#include "micropub_metrics.hpp"
#include "micropub_store.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/indieweb/authorization_request.hpp"
#include "mxedge/indieweb/discovery.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"
#include "mxedge/indieweb/profile_url.hpp"
#include "mxedge/v1/events.pb.h"
#include "post_rate_limiter.hpp"
#include "site_access.hpp"

namespace mxedge::micropub {

struct BotOptions {
  std::string bot_user_id;  // the bot's mxid
  indieweb::ClientIdentity client;
  std::string scope = std::string(indieweb::kDefaultScope);
  std::chrono::milliseconds auth_ttl{600'000};
  std::chrono::milliseconds pending_ttl{7 * 24 * 3600 * 1000LL};
  int64_t max_media_bytes = 50 * 1024 * 1024;
  MappingOptions mapping;
  indieweb::ProfileUrlOptions profile;
  PostRateOptions post_rate;  // per-user limit on creates
  SiteAccessOptions site;     // per-site concurrency, token refresh
};

// What the router should do with the event: done, or deliver it again later.
struct HandleResult {
  bool retry_later = false;
  std::string reason;  // for the log; never a token or a message body
};

class Bot {
 public:
  Bot(MicropubStore& store, MatrixActions& matrix, indieweb::GuardedHttpClient& web,
      indieweb::Discoverer& discoverer, indieweb::IndieAuthClient& auth, BotOptions options,
      const common::Clock& clock, MicropubMetrics& metrics);

  HandleResult Handle(const mxedge::v1::MatrixEvent& event);

 private:
  // Per-event context: the DM, its user, and the notice counter for idempotency keys.
  struct Turn {
    const mxedge::v1::MatrixEvent& event;
    std::string user;
    int notices = 0;
  };

  absl::Status Say(Turn& turn, std::string_view text);
  absl::Status HandleMembership(const mxedge::v1::MatrixEvent& event);
  absl::Status HandleCommand(Turn& turn, const Command& command);
  absl::Status HandleIndieAuth(Turn& turn, const Command& command);
  // Discovers `me`'s endpoints and sends the user an authorization link asking for `scope`.
  absl::Status StartLink(Turn& turn, const std::string& me, const std::string& scope,
                         std::string_view intro);
  absl::Status HandleLogout(Turn& turn, const Command& command);
  absl::Status HandleUndo(Turn& turn);
  absl::Status HandleRetry(Turn& turn);
  absl::Status HandleCreate(Turn& turn, const EventAction& action, std::string_view event_id,
                            bool retry);
  absl::Status HandleChange(Turn& turn, const EventAction& action);
  // Tells the user about a failed web request; returns the status to report to the router
  // (OK when the user was told and nothing is left to retry).
  absl::Status Explain(Turn& turn, const absl::Status& status, std::string_view what);
  // Explain for a request to `site`: insufficient_scope naming a scope the bot was not given
  // sends a new authorization link asking for it as well.
  absl::Status ExplainSite(Turn& turn, const absl::Status& status, std::string_view what,
                           const LinkedSite& site);

  MicropubStore& store_;
  MatrixActions& matrix_;
  indieweb::GuardedHttpClient& web_;
  indieweb::Discoverer& discoverer_;
  indieweb::IndieAuthClient& auth_;
  BotOptions options_;
  MicropubMetrics& metrics_;
  CreatePublisher publisher_;
  SiteAccess access_;
  PostRateLimiter limiter_;
};

// Errors of the store and of MatrixOut that another delivery may fix.
bool IsTransient(const absl::Status& status);

}  // namespace mxedge::micropub
