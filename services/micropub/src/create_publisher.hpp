#pragma once
// Creates a post for one Matrix event without ever posting it twice blindly (ARCHITECTURE
// "delivery contract", Micropub creates):
// 1. an event that already has a post (mp:post) is answered with that URL;
// 2. mp:pending:<event_id> is written (SET NX) before the POST, with the post's mp-slug;
// 3. a redelivery that finds the record still pending checks the known URL with q=source, and
//    without a URL reports kNeedsUser: the bot asks the user, and `!retry` posts it
//    (Publish with retry = true);
// 4. after the POST: success → mp:post + pending cleared; a definite refusal (4xx) → pending
//    cleared, the error returned; an unknown outcome (transport failure, 5xx, a 2xx without a
//    Location) → pending kept, the error returned.
#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "micropub_store.hpp"
#include "mxedge/indieweb/micropub_client.hpp"

namespace mxedge::micropub {

enum class CreateOutcome {
  kPosted,         // created now; `url` is the post
  kAlreadyPosted,  // an earlier delivery created it; `url` is the post
  kNeedsUser,      // an earlier delivery may have created it; nobody can tell: ask the user
};

struct CreateReport {
  CreateOutcome outcome = CreateOutcome::kPosted;
  std::string url;
  int http_status = 0;  // of the create, when one was made now
};

class CreatePublisher {
 public:
  CreatePublisher(MicropubStore& store, std::chrono::milliseconds pending_ttl)
      : store_(store), pending_ttl_(pending_ttl) {}

  // `pending` names the user, site and slug; `post.slug` must equal `pending.slug`.
  absl::StatusOr<CreateReport> Publish(indieweb::MicropubClient& client, std::string_view event_id,
                                       const PendingPost& pending, const indieweb::Post& post,
                                       bool retry = false);

 private:
  absl::StatusOr<CreateReport> CheckEarlierDelivery(indieweb::MicropubClient& client,
                                                    std::string_view event_id,
                                                    const PendingPost& earlier);
  absl::Status Record(std::string_view event_id, const PendingPost& pending,
                      const std::string& url);

  MicropubStore& store_;
  std::chrono::milliseconds pending_ttl_;
};

// True when `status` (from a create) means the server refused the post, so nothing was made.
bool IsDefiniteRefusal(const absl::Status& status);

}  // namespace mxedge::micropub
