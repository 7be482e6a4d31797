#pragma once
// One IRC message: IRCv3 tags, the optional source prefix, the command and its parameters.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mxedge::irc {

// One message tag. IRCv3 treats a missing value and an empty value alike, so an empty `value`
// stands for both and is formatted as the bare key.
struct Tag {
  std::string key;    // as sent: "+example.com/name", "time", "msgid", ...
  std::string value;  // unescaped

  // A client-only tag ("+typing"): servers relay it without interpreting it.
  bool client_only() const { return !key.empty() && key.front() == '+'; }
  // The vendor part of "vendor/name" ("" when the key has none), without the '+'.
  std::string_view vendor() const;
  // The key without the '+' and the vendor.
  std::string_view name() const;

  friend bool operator==(const Tag&, const Tag&) = default;
};

// The source of a message: "nick!user@host", "nick@host", "nick" or a server name (in `nick`).
struct Prefix {
  std::string nick;  // or the server name
  std::string user;  // empty when absent
  std::string host;  // empty when absent

  // The prefix as written on the wire, without the leading ':'.
  std::string ToString() const;

  friend bool operator==(const Prefix&, const Prefix&) = default;
};

struct Message {
  std::vector<Tag> tags;
  std::optional<Prefix> prefix;
  std::string command;  // as received: letters, or a three-digit numeric
  // All parameters; the trailing one (written after " :") is the last. An empty last parameter
  // ("PRIVMSG #a :") is kept, so it stays distinct from a missing one ("PRIVMSG #a").
  std::vector<std::string> params;

  // The value of the tag `key`, or nullopt when the message has no such tag.
  std::optional<std::string_view> FindTag(std::string_view key) const;
  // Whether `command` equals `name`, ignoring ASCII case ("privmsg" is "PRIVMSG").
  bool IsCommand(std::string_view name) const;
  // The command as a number when it is a three-digit numeric reply.
  std::optional<int> Numeric() const;
  // Parameter `index`, or "" when there are fewer parameters.
  std::string_view Param(std::size_t index) const;

  friend bool operator==(const Message&, const Message&) = default;
};

}  // namespace mxedge::irc
