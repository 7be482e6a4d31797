#include "sink_target.hpp"

#include "dispatch_text.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

SinkTarget SinkTarget::Irc(std::string_view network) {
  return SinkTarget{Cat(kIrcSinkPrefix, network), std::string(network)};
}

SinkTarget SinkTarget::Micropub() { return SinkTarget{std::string(kMicropubSinkName), ""}; }

std::optional<SinkTarget> SinkTarget::FromName(std::string_view name) {
  if (name == kMicropubSinkName) {
    return Micropub();
  }
  if (name.starts_with(kIrcSinkPrefix) && name.size() > kIrcSinkPrefix.size()) {
    return Irc(name.substr(kIrcSinkPrefix.size()));
  }
  return std::nullopt;
}

}  // namespace mxedge::appservice_router
