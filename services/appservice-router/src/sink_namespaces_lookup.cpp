#include "sink_namespaces_lookup.hpp"

namespace mxedge::appservice_router {

SinkTarget SinkTargetOf(const SinkRef& ref) {
  return ref.kind == SinkKind::kIrc ? SinkTarget::Irc(ref.network) : SinkTarget::Micropub();
}

std::optional<SinkTarget> NamespacesUserSinkLookup::SinkOfUser(std::string_view user_id) const {
  UserClass user = namespaces_.ClassifyUser(user_id);
  if (!user.sink) {
    return std::nullopt;
  }
  return SinkTargetOf(*user.sink);
}

}  // namespace mxedge::appservice_router
