#pragma once
// NamespacesUserSinkLookup: UserSinkLookup over the router's configured namespaces (an IRC ghost
// or bridge bot belongs to its network's sink, the micropub bot to micropub).
#include "namespaces.hpp"
#include "sink_target.hpp"

namespace mxedge::appservice_router {

// The SinkTarget named like `ref` ("irc:<network>" or "micropub").
SinkTarget SinkTargetOf(const SinkRef& ref);

class NamespacesUserSinkLookup final : public UserSinkLookup {
 public:
  // `namespaces` must outlive the lookup.
  explicit NamespacesUserSinkLookup(const Namespaces& namespaces) : namespaces_(namespaces) {}

  std::optional<SinkTarget> SinkOfUser(std::string_view user_id) const override;

 private:
  const Namespaces& namespaces_;
};

}  // namespace mxedge::appservice_router
