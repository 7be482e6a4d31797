#pragma once
// PuppetNickRecords: what a puppet's nick is made from, shared by every worker.
//   irc:display:<mxid>                   str  the user's Matrix display name, as last seen in an
//                                             m.room.member join that reached a worker
//   irc:chosen-nick:<network>:<mxid>     str  the nick the user took with !nick (or !cmd NICK);
//                                             while set, it wins over the nick template
// The display name is per user (one for every network); the chosen nick per network.
//
// Status conventions: InvalidArgumentError for an invalid network, mxid, name or nick; anything
// else when the store could not be asked.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// Longer display names are cut (at a UTF-8 boundary) before they are stored; a nick uses far less.
inline constexpr std::size_t kMaxStoredDisplayNameBytes = 256;

class PuppetNickRecords {
 public:
  virtual ~PuppetNickRecords() = default;

  // The stored display name of `mxid`; nullopt when none was seen.
  virtual absl::StatusOr<std::optional<std::string>> DisplayName(std::string_view mxid) = 0;
  // Stores `name` (cut to kMaxStoredDisplayNameBytes) as `mxid`'s display name.
  virtual absl::Status SetDisplayName(std::string_view mxid, std::string_view name) = 0;

  // The nick `mxid` chose on `network`; nullopt when the template applies.
  virtual absl::StatusOr<std::optional<std::string>> ChosenNick(std::string_view network,
                                                                std::string_view mxid) = 0;
  virtual absl::Status SetChosenNick(std::string_view network, std::string_view mxid,
                                     std::string_view nick) = 0;
  // Forgets the choice: the template applies again. OK when there was none.
  virtual absl::Status ClearChosenNick(std::string_view network, std::string_view mxid) = 0;
};

// The checks every implementation makes. `name` may be empty (a user without a display name).
absl::Status ValidateDisplayNameArgs(std::string_view mxid, std::string_view name);
absl::Status ValidateChosenNickArgs(std::string_view network, std::string_view mxid,
                                    std::string_view nick);

// `name` cut to at most kMaxStoredDisplayNameBytes without splitting a UTF-8 sequence.
std::string_view CutDisplayName(std::string_view name);

}  // namespace mxedge::irc_worker
