#pragma once
// Client side of MSC3079's sticky access token: the gateway keeps the last option 256 of a DTLS
// session and applies it to later requests that omit it, so a client sends each token once.
//
// The tracker mirrors what the gateway holds for the current session. A token is left out only
// when the gateway must hold it: a request that carried it has been answered and no request that
// carries option 256 is still on its way (with several requests in flight the gateway may see
// them in any order). A request without a token, while the gateway may hold one, sends an empty
// option 256, which clears it: an anonymous request must not ride someone's token.
// Not thread-safe: the transport's loop thread owns it.
#include <optional>
#include <string>

namespace mxedge::coap_cli {

class StickyToken {
 public:
  explicit StickyToken(bool enabled = true) : enabled_(enabled) {}

  // The value of option 256 for a request whose access token is `token` (nullopt: none), or
  // nullopt when the option is left out. Records what was sent.
  std::optional<std::string> OptionFor(const std::optional<std::string>& token);

  // The request that carried option 256 = `sent` (nullopt: no option) ended: `answered` when a
  // response arrived (the gateway saw it), false when it failed or timed out (it may not have).
  void OnFinished(const std::optional<std::string>& sent, bool answered);

  // A new session: the gateway holds nothing.
  void Reset();

  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  std::string held_;           // the last value sent ("" = none / cleared)
  bool confirmed_ = true;      // a request carrying held_ was answered
  int options_in_flight_ = 0;  // requests carrying option 256 not yet finished
};

}  // namespace mxedge::coap_cli
