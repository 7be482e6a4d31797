#include "sticky_token.hpp"

namespace mxedge::coap_cli {

std::optional<std::string> StickyToken::OptionFor(const std::optional<std::string>& token) {
  if (!enabled_) {
    return token;
  }
  const std::string wanted = token.value_or("");
  if (wanted == held_ && confirmed_ && options_in_flight_ == 0) {
    return std::nullopt;  // the gateway holds exactly this (or nothing, for "")
  }
  held_ = wanted;
  confirmed_ = false;
  ++options_in_flight_;
  return wanted;
}

void StickyToken::OnFinished(const std::optional<std::string>& sent, bool answered) {
  if (!enabled_ || !sent.has_value()) {
    return;
  }
  if (options_in_flight_ > 0) {
    --options_in_flight_;
  }
  if (answered && *sent == held_) {
    confirmed_ = true;
  }
}

void StickyToken::Reset() {
  held_.clear();
  confirmed_ = true;
  options_in_flight_ = 0;
}

}  // namespace mxedge::coap_cli
