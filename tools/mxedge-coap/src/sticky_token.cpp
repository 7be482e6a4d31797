#include "sticky_token.hpp"

namespace mxedge::coap_cli {

std::optional<std::string> StickyToken::OptionFor(const std::optional<std::string>& token) {
  if (!enabled_) {
    return token;
  }
  const std::string wanted = token.value_or("");
  if (wanted == held_ && confirmed_) {
    return std::nullopt;
  }
  if (wanted.empty() && held_.empty()) {
    // Nothing held and nothing wanted: an empty option would only cost bytes.
    return std::nullopt;
  }
  held_ = wanted;
  confirmed_ = false;
  return wanted;
}

void StickyToken::OnResponse(const std::optional<std::string>& sent) {
  if (enabled_ && sent.has_value() && *sent == held_) {
    confirmed_ = true;
  }
}

void StickyToken::Reset() {
  held_.clear();
  confirmed_ = true;
}

}  // namespace mxedge::coap_cli
