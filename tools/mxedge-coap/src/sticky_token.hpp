#pragma once
// Client side of MSC3079's sticky access token: the gateway keeps the last option 256 of a DTLS
// session and applies it to later requests that omit it, so a client sends each token once.
//
// The tracker mirrors what the gateway holds for the current session. A token is left out only
// once a response has arrived to a request that carried it (the gateway has then seen it) and no
// other value was sent since. A request without a token, while the gateway holds one, sends an
// empty option 256, which clears it: an anonymous request must not ride someone's token.
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

  // A response arrived to a request that carried option 256 with `sent` (nullopt: no option).
  void OnResponse(const std::optional<std::string>& sent);

  // A new session: the gateway holds nothing.
  void Reset();

  bool enabled() const { return enabled_; }

 private:
  bool enabled_;
  std::string held_;  // what the gateway holds (or will, once the request carrying it arrives)
  bool confirmed_ = true;
};

}  // namespace mxedge::coap_cli
