#include "mxedge/bridge/admin_command.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "mxedge/bridge/puppet_namer.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/validation.hpp"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::bridge {
namespace {

struct CommandSpec {
  std::string_view name;
  AdminCommandKind kind;
  int min_args;
  int max_args;
  bool rest_of_line;  // one argument: everything after the command
  bool admin_only;
  std::string_view usage;
  std::string_view description;
};

constexpr std::array<CommandSpec, 14> kCommands = {{
    {"join", AdminCommandKind::kJoin, 1, 2, false, false, "!join #channel [key]",
     "join a channel (with its key if it has one) and get invited to its room"},
    {"part", AdminCommandKind::kPart, 0, 1, false, false, "!part [#channel]",
     "leave a channel (in a portal room: that room's channel)"},
    {"nick", AdminCommandKind::kNick, 1, 1, false, false, "!nick Nick",
     "change your nick on IRC and keep it; fails if the nick is taken"},
    {"whois", AdminCommandKind::kWhois, 1, 1, false, false, "!whois nick|@user:server",
     "who is behind an IRC nick, or which nick a Matrix user has"},
    {"username", AdminCommandKind::kUsername, 1, 1, false, false, "!username name",
     "set your ident and SASL username (a-z, 0-9, _ and -, at most 10)"},
    {"storepass", AdminCommandKind::kStorePass, 1, 1, true, false, "!storepass [user:]password",
     "store your SASL/PASS password, encrypted; used from the next connection"},
    {"removepass", AdminCommandKind::kRemovePass, 0, 0, false, false, "!removepass",
     "delete your stored password"},
    {"reconnect", AdminCommandKind::kReconnect, 0, 0, false, false, "!reconnect",
     "reconnect to IRC; you stay in your rooms"},
    {"quit", AdminCommandKind::kQuit, 0, 0, false, false, "!quit",
     "disconnect from IRC and leave all bridged rooms"},
    {"listrooms", AdminCommandKind::kListRooms, 0, 0, false, false, "!listrooms",
     "list your channels and their rooms"},
    {"cmd", AdminCommandKind::kCmd, 1, 1, true, true, "!cmd COMMAND args...",
     "send a raw IRC command from your connection (bridge admins)"},
    {"help", AdminCommandKind::kHelp, 0, 1, false, false, "!help [command]",
     "this list, or the details of one command"},
    {"plumb", AdminCommandKind::kPlumb, 1, 1, false, false, "!plumb #channel",
     "bridge this room to a channel (room moderators)"},
    {"unlink", AdminCommandKind::kUnlink, 0, 0, false, false, "!unlink",
     "stop bridging this room (room moderators)"},
}};

constexpr std::array<std::string_view, 6> kReservedRaw = {"PASS",         "USER",     "CAP",
                                                          "AUTHENTICATE", "PROTOCTL", "QUIT"};

const CommandSpec* FindCommand(std::string_view name) {
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) {
      ++i;
    }
    std::size_t end = i;
    while (end < text.size() && !IsSpace(text[end])) {
      ++end;
    }
    if (end > i) {
      words.push_back(text.substr(i, end - i));
    }
    i = end;
  }
  return words;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

absl::Status CheckChannel(std::string_view channel, const irc::ISupport& isupport) {
  if (!irc::IsValidChannelName(channel, isupport)) {
    return absl::InvalidArgumentError(common::Cat(
        "\"", channel, "\" is not a channel name on this network: it must start with one of \"",
        isupport.chan_types(), "\", be at most ", isupport.channel_len(),
        " bytes and have no space, comma or control character"));
  }
  return absl::OkStatus();
}

absl::Status CheckNick(std::string_view nick, const irc::ISupport& isupport) {
  if (!irc::IsValidNick(nick, isupport)) {
    return absl::InvalidArgumentError(
        common::Cat("\"", nick,
                    "\" is not a valid nick on this network: a letter or one of []\\`_^{|} "
                    "first, then letters, digits, those or '-', at most ",
                    isupport.nick_len(), " bytes"));
  }
  return absl::OkStatus();
}

bool IsUsernameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

absl::Status CheckUsername(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdentBytes ||
      !std::all_of(name.begin(), name.end(), IsUsernameChar)) {
    return absl::InvalidArgumentError(common::Cat("\"", name, "\" is not a valid username: 1 to ",
                                                  kMaxIdentBytes, " of a-z, 0-9, _ and -"));
  }
  return absl::OkStatus();
}

absl::Status CheckRaw(std::string_view raw) {
  const std::string_view command = raw.substr(0, raw.find(' '));
  const bool upper = std::all_of(command.begin(), command.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
  if (!upper) {
    return absl::InvalidArgumentError(
        common::Cat("raw command \"", command, "\" must be upper-case letters or a numeric"));
  }
  if (std::find(kReservedRaw.begin(), kReservedRaw.end(), command) != kReservedRaw.end()) {
    return absl::InvalidArgumentError(
        common::Cat("raw command ", command, " is reserved for the bridge's connection handling"));
  }
  return absl::OkStatus();
}

std::string Usage(const CommandSpec& spec) { return common::Cat("usage: ", spec.usage); }

}  // namespace

absl::StatusOr<AdminCommand> ParseAdminCommand(std::string_view body, const irc::ISupport& isupport,
                                               bool sender_is_admin) {
  std::string_view line = body.substr(0, body.find_first_of("\r\n"));
  line = Trim(line);
  if (line.empty() || line.front() != '!') {
    return absl::NotFoundError("not a command: commands start with '!'");
  }
  line.remove_prefix(1);
  const std::size_t name_end = std::min(line.size(), line.find_first_of(" \t"));
  const std::string name = absl::AsciiStrToLower(common::Absl(line.substr(0, name_end)));
  const std::string_view rest = Trim(line.substr(name_end));
  if (name.empty()) {
    return absl::InvalidArgumentError("empty command after '!'; try !help");
  }
  const CommandSpec* spec = FindCommand(name);
  if (spec == nullptr) {
    const CommandSpec* closest = nullptr;
    std::size_t best = 3;  // suggest only within two edits
    for (const CommandSpec& candidate : kCommands) {
      if (candidate.admin_only && !sender_is_admin) {
        continue;
      }
      const std::size_t distance = EditDistance(name, candidate.name);
      if (distance < best) {
        best = distance;
        closest = &candidate;
      }
    }
    return absl::InvalidArgumentError(
        common::Cat("unknown command !", name,
                    closest != nullptr ? common::Cat("; did you mean !", closest->name, "?")
                                       : std::string("; try !help")));
  }
  if (spec->admin_only && !sender_is_admin) {
    return absl::PermissionDeniedError(common::Cat("!", spec->name, " is only for bridge admins"));
  }
  std::vector<std::string_view> args;
  if (spec->rest_of_line) {
    if (!rest.empty()) {
      args.push_back(rest);
    }
  } else {
    args = SplitWords(rest);
  }
  if (static_cast<int>(args.size()) < spec->min_args) {
    return absl::InvalidArgumentError(
        common::Cat("!", spec->name, " is missing an argument; ", Usage(*spec)));
  }
  if (static_cast<int>(args.size()) > spec->max_args) {
    return absl::InvalidArgumentError(
        common::Cat("!", spec->name, " takes at most ", spec->max_args, " argument",
                    spec->max_args == 1 ? "" : "s", ", got ", args.size(), "; ", Usage(*spec)));
  }

  AdminCommand command{.kind = spec->kind};
  const auto arg = [&](std::size_t i) { return std::string(args[i]); };
  switch (spec->kind) {
    case AdminCommandKind::kJoin:
      if (absl::Status status = CheckChannel(args[0], isupport); !status.ok()) {
        return status;
      }
      command.channel = arg(0);
      if (args.size() == 2) {
        if (args[1].find(',') != std::string_view::npos) {
          return absl::InvalidArgumentError("a channel key cannot contain a comma");
        }
        command.key = arg(1);
      }
      break;
    case AdminCommandKind::kPart:
    case AdminCommandKind::kPlumb:
      if (!args.empty()) {
        if (absl::Status status = CheckChannel(args[0], isupport); !status.ok()) {
          return status;
        }
        command.channel = arg(0);
      }
      break;
    case AdminCommandKind::kNick:
      if (absl::Status status = CheckNick(args[0], isupport); !status.ok()) {
        return status;
      }
      command.nick = arg(0);
      break;
    case AdminCommandKind::kWhois:
      if (args[0].starts_with('@')) {
        if (absl::StatusOr<matrix::UserId> id = matrix::ParseUserId(args[0]); !id.ok()) {
          return absl::InvalidArgumentError(
              common::Cat("\"", args[0], "\" is not a Matrix user id: ", id.status().message()));
        }
        command.user_id = arg(0);
      } else {
        if (absl::Status status = CheckNick(args[0], isupport); !status.ok()) {
          return status;
        }
        command.nick = arg(0);
      }
      break;
    case AdminCommandKind::kUsername:
      if (absl::Status status = CheckUsername(args[0]); !status.ok()) {
        return status;
      }
      command.username = arg(0);
      break;
    case AdminCommandKind::kStorePass: {
      // "user:pass" when the part before the first ':' is a valid username; otherwise the whole
      // text is the password (passwords may contain ':').
      const std::string_view text = args[0];
      const std::size_t colon = text.find(':');
      if (colon != std::string_view::npos && CheckUsername(text.substr(0, colon)).ok()) {
        command.username = std::string(text.substr(0, colon));
        command.password = std::string(text.substr(colon + 1));
      } else {
        command.password = std::string(text);
      }
      if (command.password.empty()) {
        return absl::InvalidArgumentError(
            common::Cat("!storepass needs a password after the ':'; ", Usage(*spec)));
      }
      break;
    }
    case AdminCommandKind::kCmd:
      if (absl::Status status = CheckRaw(args[0]); !status.ok()) {
        return status;
      }
      command.raw = arg(0);
      break;
    case AdminCommandKind::kHelp:
      if (!args.empty()) {
        std::string topic = absl::AsciiStrToLower(common::Absl(args[0]));
        if (!topic.empty() && topic.front() == '!') {
          topic.erase(0, 1);
        }
        command.help_topic = std::move(topic);
      }
      break;
    case AdminCommandKind::kRemovePass:
    case AdminCommandKind::kReconnect:
    case AdminCommandKind::kQuit:
    case AdminCommandKind::kListRooms:
    case AdminCommandKind::kUnlink:
      break;
  }
  return command;
}

std::string AdminHelpText(bool sender_is_admin) {
  std::string text = "Commands:\n";
  for (const CommandSpec& spec : kCommands) {
    if (spec.admin_only && !sender_is_admin) {
      continue;
    }
    text += common::Cat(spec.usage, " — ", spec.description, "\n");
  }
  return text;
}

absl::StatusOr<std::string> AdminCommandHelp(std::string_view name, bool sender_is_admin) {
  const CommandSpec* spec = FindCommand(name);
  if (spec == nullptr || (spec->admin_only && !sender_is_admin)) {
    return absl::NotFoundError(common::Cat("no command !", name, "; try !help"));
  }
  return common::Cat(spec->usage, " — ", spec->description);
}

}  // namespace mxedge::bridge
