#pragma once
// ConnectionKey: one user's IRC connection on one network, as the Reconciler plans it and the
// ConnectionManager holds it (one definition for both).
#include <compare>
#include <string>

namespace mxedge::irc_worker {

struct ConnectionKey {
  std::string network;
  std::string mxid;

  friend auto operator<=>(const ConnectionKey&, const ConnectionKey&) = default;
  friend bool operator==(const ConnectionKey&, const ConnectionKey&) = default;
};

}  // namespace mxedge::irc_worker
