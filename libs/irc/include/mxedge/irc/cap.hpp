#pragma once
// IRCv3 capability negotiation (CAP LS 302, REQ, ACK/NAK, NEW/DEL).
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

struct Capability {
  std::string name;
  std::string value;     // "PLAIN,EXTERNAL" in "sasl=PLAIN,EXTERNAL"; empty when none
  bool disable = false;  // "-name" in an ACK: the capability was turned off

  friend bool operator==(const Capability&, const Capability&) = default;
};

enum class CapSubcommand { kLs, kList, kAck, kNak, kNew, kDel };

// One CAP message from the server: ":srv CAP <target> <subcommand> [*] :<caps>".
struct CapReply {
  CapSubcommand subcommand;
  bool more = false;  // "*" before the list: more LS/LIST lines follow (CAP 302)
  std::vector<Capability> capabilities;
};

// Parses a CAP message from the server. InvalidArgumentError for another command, fewer than
// three parameters, an unknown subcommand or an empty capability name ("=x", "-").
absl::StatusOr<CapReply> ParseCapReply(const Message& message);

// The capabilities from `wanted`, in that order, that the server offers in `offered` and that are
// not in `enabled` already: what to put in CAP REQ.
std::vector<std::string> ChooseCapabilities(const std::map<std::string, std::string>& offered,
                                            std::span<const std::string> wanted,
                                            const std::set<std::string>& enabled = {});

// What the server offers and what is enabled, kept up to date by each CAP reply.
class CapabilityState {
 public:
  // Applies one reply: LS lines accumulate (an LS after a completed one starts over), NEW adds,
  // DEL removes from both sets, ACK enables (or disables a "-name"), NAK changes nothing.
  void Apply(const CapReply& reply);

  // Whether the last LS line (the one without "*") has arrived.
  bool ls_complete() const { return ls_complete_; }
  const std::map<std::string, std::string>& offered() const { return offered_; }
  const std::set<std::string>& enabled() const { return enabled_; }
  bool IsEnabled(std::string_view name) const { return enabled_.contains(std::string(name)); }
  // The value the server gave `name` in LS or NEW, or nullopt when it does not offer it.
  std::optional<std::string_view> OfferedValue(std::string_view name) const;

 private:
  std::map<std::string, std::string> offered_;
  std::set<std::string> enabled_;
  bool ls_complete_ = false;
  bool ls_in_progress_ = false;
};

}  // namespace mxedge::irc
