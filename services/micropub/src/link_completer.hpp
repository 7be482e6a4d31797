#pragma once
// The end of the IndieAuth flow, behind the HTTP redirect endpoint: the redirect's query → the
// pending request taken once from mp:auth (GETDEL), state / iss / error checked, the code
// exchanged (PKCE verifier, `me` required and verified), q=config fetched, and the site stored
// UNCONFIRMED. The bot then asks the Matrix user in the DM to send !confirm: a login link sent
// to someone else (account-linking phishing) does not link the victim's site to the sender.
#include <string>

#include "absl/status/statusor.h"
#include "matrix_actions.hpp"
#include "micropub_store.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/indieweb/authorization_callback.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/indieauth_client.hpp"

namespace mxedge::micropub {

// What the confirmation page shows.
struct LinkOutcome {
  std::string mxid;  // the Matrix user the site is being linked to
  std::string me;    // the verified profile URL
};

class LinkCompleter {
 public:
  LinkCompleter(MicropubStore& store, MatrixActions& matrix, indieweb::GuardedHttpClient& web,
                indieweb::IndieAuthClient& auth, const common::Clock& clock)
      : store_(store), matrix_(matrix), web_(web), auth_(auth), clock_(clock) {}

  // Errors (their messages are safe to show on the page): InvalidArgument for a missing or
  // repeated state or a missing code; NotFound for an unknown, used or expired state;
  // PermissionDenied for a state or iss mismatch or an `error` from the server; the code
  // exchange's status; the store's and MatrixOut's failures.
  absl::StatusOr<LinkOutcome> Complete(const indieweb::CallbackQuery& query);

 private:
  MicropubStore& store_;
  MatrixActions& matrix_;
  indieweb::GuardedHttpClient& web_;
  indieweb::IndieAuthClient& auth_;
  const common::Clock& clock_;
};

}  // namespace mxedge::micropub
