#pragma once
// Matrix user ids of IRC users ("ghosts"): "@irc_libera_alice:example.org" and back.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/bridge/name_template.hpp"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::bridge {

struct GhostId {
  std::string network;
  std::string nick;  // folded by the network's CASEMAPPING
  friend bool operator==(const GhostId&, const GhostId&) = default;
};

class GhostNamer {
 public:
  static constexpr std::string_view kDefaultTemplate = "irc_$NETWORK_$NICK";

  // `localpart_template` uses $NETWORK and $NICK (both required); its literal text must be strict
  // localpart characters ([a-z0-9._=/+-]). `server_name` is the homeserver's.
  static absl::StatusOr<GhostNamer> Create(std::string_view localpart_template,
                                           std::string_view server_name);

  // "@<template with network and escaped folded nick>:<server>". InvalidArgumentError for a bad
  // network id, an empty nick, or an id over 255 bytes.
  absl::StatusOr<std::string> UserIdFor(std::string_view network, std::string_view nick,
                                        const irc::CaseMapping& case_mapping) const;

  // The network and (folded) nick of a ghost user id. NotFoundError when `user_id` is not a
  // ghost of this bridge (another server, or not the template's form); InvalidArgumentError when
  // it has the form but a malformed escape.
  absl::StatusOr<GhostId> Parse(std::string_view user_id) const;

  bool IsGhost(std::string_view user_id) const { return Parse(user_id).ok(); }

 private:
  GhostNamer(NameTemplate localpart, std::string server_name)
      : localpart_(std::move(localpart)), server_name_(std::move(server_name)) {}

  NameTemplate localpart_;
  std::string server_name_;
};

}  // namespace mxedge::bridge
