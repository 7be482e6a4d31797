#pragma once
// PuppetNicks: `irc:nick:<network>:<folded nick>` = the mxid of our puppet using that nick, so
// lines from our own puppets are never bridged back and nick mentions can become pills. Nicks are
// folded by the caller with the network's CASEMAPPING. A record is removed only by the puppet that
// holds it, so a late release cannot erase the record of a puppet that took the nick since.
//
// Status conventions: InvalidArgumentError for an invalid network, nick or mxid; anything else when
// the store could not be asked.
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

class PuppetNicks {
 public:
  virtual ~PuppetNicks() = default;

  // Records that `mxid`'s puppet now uses the nick.
  virtual absl::Status Set(std::string_view network, std::string_view folded_nick,
                           std::string_view mxid) = 0;

  // Removes the record if it still names `mxid`; false when it did not.
  virtual absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_nick,
                                       std::string_view mxid) = 0;

  // The mxid of our puppet using the nick, nullopt for anyone else.
  virtual absl::StatusOr<std::optional<std::string>> Lookup(std::string_view network,
                                                            std::string_view folded_nick) = 0;
};

absl::Status ValidateNickArgs(std::string_view network, std::string_view folded_nick);

}  // namespace mxedge::irc_worker
