#include "namespaces.hpp"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace mxedge::appservice_router {
namespace {

absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

absl::StatusOr<Namespaces::Pattern> SplitTemplate(std::string_view key, std::string_view text,
                                                  std::string_view network,
                                                  std::string_view variable) {
  std::string filled = absl::StrReplaceAll(Av(text), {{"$NETWORK", Av(network)}});
  size_t at = filled.find(variable);
  if (at == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(Av(key), ": must contain ", Av(variable)));
  }
  Namespaces::Pattern pattern{filled.substr(0, at), filled.substr(at + variable.size())};
  if (pattern.prefix.find('$') != std::string::npos ||
      pattern.suffix.find('$') != std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(Av(key), ": only $NETWORK and one ", Av(variable), " are allowed"));
  }
  return pattern;
}

// Splits "@local:server" / "#local:server" into the part before ':' and the server name.
bool SplitId(std::string_view id, char sigil, std::string_view& local, std::string_view& server) {
  if (id.size() < 3 || id[0] != sigil) {
    return false;
  }
  size_t colon = id.find(':');
  if (colon == std::string_view::npos || colon < 2) {
    return false;
  }
  local = id.substr(0, colon);
  server = id.substr(colon + 1);
  return !server.empty();
}

}  // namespace

std::string SinkRef::Name() const {
  return kind == SinkKind::kMicropub ? std::string("micropub") : absl::StrCat("irc:", network);
}

std::optional<std::string> Namespaces::Pattern::Match(std::string_view text) const {
  if (text.size() <= prefix.size() + suffix.size() || !absl::StartsWith(Av(text), prefix) ||
      !absl::EndsWith(Av(text), suffix)) {
    return std::nullopt;
  }
  return std::string(text.substr(prefix.size(), text.size() - prefix.size() - suffix.size()));
}

std::string RegexEscape(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(ch) != std::string_view::npos) {
      out += '\\';
    }
    out += ch;
  }
  return out;
}

absl::StatusOr<Namespaces> Namespaces::Create(const Config& config) {
  Namespaces ns;
  ns.server_name_ = config.homeserver.server_name;
  ns.sender_localpart_ = config.appservice.sender_localpart;
  ns.micropub_bot_localpart_ = config.micropub.bot_localpart;
  const std::string server = RegexEscape(config.homeserver.server_name);
  std::vector<std::string> fixed_users = {ns.sender_localpart_};
  for (const IrcNetworkConfig& net : config.irc_networks) {
    std::string key = absl::StrCat("irc.networks[", net.id, "]");
    IrcEntry entry;
    entry.sink = SinkRef{SinkKind::kIrc, net.id};
    absl::StatusOr<Pattern> ghost = SplitTemplate(absl::StrCat(key, ".ghost_localpart_template"),
                                                  net.ghost_localpart_template, net.id, "$NICK");
    if (!ghost.ok()) {
      return ghost.status();
    }
    absl::StatusOr<Pattern> alias = SplitTemplate(absl::StrCat(key, ".portal_alias_template"),
                                                  net.portal_alias_template, net.id, "$CHANNEL");
    if (!alias.ok()) {
      return alias.status();
    }
    entry.ghost = *ghost;
    entry.ghost.prefix.insert(0, "@");
    entry.alias = *alias;
    entry.bot_localpart = absl::StrReplaceAll(net.bot_localpart, {{"$NETWORK", net.id}});
    if (entry.bot_localpart.find('$') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ".bot_localpart: only $NETWORK is allowed"));
    }
    ns.user_regexes_.push_back(absl::StrCat("^", RegexEscape(entry.ghost.prefix), ".+",
                                            RegexEscape(entry.ghost.suffix), ":", server, "$"));
    ns.user_regexes_.push_back(
        absl::StrCat("^@", RegexEscape(entry.bot_localpart), ":", server, "$"));
    ns.alias_regexes_.push_back(absl::StrCat("^", RegexEscape(entry.alias.prefix), ".+",
                                             RegexEscape(entry.alias.suffix), ":", server, "$"));
    fixed_users.push_back(entry.bot_localpart);
    ns.sinks_.push_back(entry.sink);
    if (net.receive_ephemeral) {
      ns.ephemeral_sinks_.push_back(entry.sink);
    }
    ns.irc_.push_back(std::move(entry));
  }
  if (!config.micropub.bot_localpart.empty()) {
    ns.user_regexes_.push_back(
        absl::StrCat("^@", RegexEscape(config.micropub.bot_localpart), ":", server, "$"));
    fixed_users.push_back(config.micropub.bot_localpart);
    ns.sinks_.push_back(SinkRef{SinkKind::kMicropub, ""});
    if (config.micropub.receive_ephemeral) {
      ns.ephemeral_sinks_.push_back(SinkRef{SinkKind::kMicropub, ""});
    }
  }
  // Fixed users must be unambiguous: no two equal, none inside another network's ghost space.
  for (size_t i = 0; i < fixed_users.size(); ++i) {
    for (size_t j = i + 1; j < fixed_users.size(); ++j) {
      if (fixed_users[i] == fixed_users[j]) {
        return absl::InvalidArgumentError(
            absl::StrCat("namespaces: localpart '", fixed_users[i], "' is used twice"));
      }
    }
    for (const IrcEntry& entry : ns.irc_) {
      if (entry.ghost.Match(absl::StrCat("@", fixed_users[i])).has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("namespaces: localpart '", fixed_users[i],
                         "' falls inside the ghost namespace of irc network ", entry.sink.network));
      }
    }
  }
  for (size_t i = 0; i < ns.irc_.size(); ++i) {
    for (size_t j = 0; j < ns.irc_.size(); ++j) {
      if (i != j && absl::StartsWith(ns.irc_[j].ghost.prefix, ns.irc_[i].ghost.prefix) &&
          absl::EndsWith(ns.irc_[j].ghost.suffix, ns.irc_[i].ghost.suffix)) {
        return absl::InvalidArgumentError(
            absl::StrCat("namespaces: ghost namespace of irc network ", ns.irc_[j].sink.network,
                         " overlaps irc network ", ns.irc_[i].sink.network));
      }
      if (i != j && absl::StartsWith(ns.irc_[j].alias.prefix, ns.irc_[i].alias.prefix) &&
          absl::EndsWith(ns.irc_[j].alias.suffix, ns.irc_[i].alias.suffix)) {
        return absl::InvalidArgumentError(
            absl::StrCat("namespaces: alias namespace of irc network ", ns.irc_[j].sink.network,
                         " overlaps irc network ", ns.irc_[i].sink.network));
      }
    }
  }
  return ns;
}

UserClass Namespaces::ClassifyUser(std::string_view user_id) const {
  std::string_view local;
  std::string_view server;
  if (!SplitId(user_id, '@', local, server) || server != server_name_) {
    return {};
  }
  std::string_view localpart = local.substr(1);
  if (localpart == sender_localpart_) {
    return UserClass{UserRole::kSender, std::nullopt, ""};
  }
  if (!micropub_bot_localpart_.empty() && localpart == micropub_bot_localpart_) {
    return UserClass{UserRole::kMicropubBot, SinkRef{SinkKind::kMicropub, ""}, ""};
  }
  for (const IrcEntry& entry : irc_) {
    if (localpart == entry.bot_localpart) {
      return UserClass{UserRole::kIrcBot, entry.sink, ""};
    }
  }
  for (const IrcEntry& entry : irc_) {
    if (std::optional<std::string> nick = entry.ghost.Match(local)) {
      return UserClass{UserRole::kIrcGhost, entry.sink, *nick};
    }
  }
  return {};
}

std::optional<AliasClass> Namespaces::ClassifyAlias(std::string_view alias) const {
  std::string_view local;
  std::string_view server;
  if (!SplitId(alias, '#', local, server) || server != server_name_) {
    return std::nullopt;
  }
  for (const IrcEntry& entry : irc_) {
    if (std::optional<std::string> channel = entry.alias.Match(local)) {
      return AliasClass{entry.sink, *channel};
    }
  }
  return std::nullopt;
}

bool Namespaces::IsOurUser(std::string_view user_id) const {
  return ClassifyUser(user_id).role != UserRole::kForeign;
}

std::optional<SinkRef> Namespaces::FindSink(std::string_view name) const {
  for (const SinkRef& sink : sinks_) {
    if (sink.Name() == name) {
      return sink;
    }
  }
  return std::nullopt;
}

std::optional<SinkRef> Namespaces::SinkForProtocol(std::string_view protocol) const {
  if (protocol != "irc") {
    return std::nullopt;
  }
  for (const SinkRef& sink : sinks_) {
    if (sink.kind == SinkKind::kIrc) {
      return sink;
    }
  }
  return std::nullopt;
}

}  // namespace mxedge::appservice_router
