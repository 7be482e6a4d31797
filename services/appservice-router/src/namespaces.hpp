#pragma once
// The exclusive user and alias namespaces the router registers, and the classification of user
// ids and aliases: which sink (an IRC network or micropub) owns them, and which users are ours.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "config.hpp"

namespace mxedge::appservice_router {

enum class SinkKind { kIrc, kMicropub };

// A destination of events and queries. Name(): "irc:<network>" or "micropub".
struct SinkRef {
  SinkKind kind = SinkKind::kIrc;
  std::string network;  // kIrc only

  std::string Name() const;
  friend bool operator==(const SinkRef&, const SinkRef&) = default;
};

enum class UserRole { kForeign, kSender, kIrcGhost, kIrcBot, kMicropubBot };

struct UserClass {
  UserRole role = UserRole::kForeign;
  std::optional<SinkRef> sink;  // owner of the user; empty for kForeign and kSender
  std::string variable;         // the ghost's $NICK part (kIrcGhost)
};

struct AliasClass {
  SinkRef sink;
  std::string channel;  // the $CHANNEL part
};

class Namespaces {
 public:
  // Fails with kInvalidArgument naming the key when a template has variables other than
  // $NETWORK and its one variable ($NICK / $CHANNEL), or when two namespaces overlap.
  static absl::StatusOr<Namespaces> Create(const Config& config);

  // Anchored regexes over full ids, as the registration's exclusive namespaces.
  const std::vector<std::string>& user_regexes() const { return user_regexes_; }
  const std::vector<std::string>& alias_regexes() const { return alias_regexes_; }

  UserClass ClassifyUser(std::string_view user_id) const;
  std::optional<AliasClass> ClassifyAlias(std::string_view alias) const;
  // A ghost, a bridge bot, the micropub bot or the AS sender.
  bool IsOurUser(std::string_view user_id) const;

  // Every configured sink, and those that subscribe to ephemeral events.
  const std::vector<SinkRef>& sinks() const { return sinks_; }
  const std::vector<SinkRef>& ephemeral_sinks() const { return ephemeral_sinks_; }
  // The sink with Name() == name.
  std::optional<SinkRef> FindSink(std::string_view name) const;
  // "irc" for every IRC sink (third-party protocol name).
  std::optional<SinkRef> SinkForProtocol(std::string_view protocol) const;

  // A template split around its variable, with $NETWORK already substituted.
  struct Pattern {
    std::string prefix;
    std::string suffix;
    std::optional<std::string> Match(std::string_view text) const;
  };

 private:
  struct IrcEntry {
    SinkRef sink;
    Pattern ghost;
    Pattern alias;  // over the alias without ':server', including '#'
    std::string bot_localpart;
  };

  std::string server_name_;
  std::string sender_localpart_;
  std::string micropub_bot_localpart_;
  std::vector<IrcEntry> irc_;
  std::vector<std::string> user_regexes_;
  std::vector<std::string> alias_regexes_;
  std::vector<SinkRef> sinks_;
  std::vector<SinkRef> ephemeral_sinks_;
};

// Escapes regex metacharacters (POSIX ERE / Python re compatible).
std::string RegexEscape(std::string_view text);

}  // namespace mxedge::appservice_router
