#include "command.hpp"

#include <array>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/url.hpp"

namespace mxedge::micropub {
namespace {

struct CommandSpec {
  std::string_view name;
  CommandKind kind;
  std::string_view usage;
  std::string_view help;
};

constexpr std::array kCommands = {
    CommandSpec{"indieauth", CommandKind::kIndieAuth, "!indieauth URL", "link your site"},
    CommandSpec{"confirm", CommandKind::kConfirm, "!confirm",
                "finish linking the site you just logged in to"},
    CommandSpec{"logout", CommandKind::kLogout, "!logout [site]", "unlink a site"},
    CommandSpec{"sites", CommandKind::kSites, "!sites", "list your linked sites"},
    CommandSpec{"use", CommandKind::kUse, "!use site", "post to this site from now on"},
    CommandSpec{"config", CommandKind::kConfig, "!config",
                "show your settings, syndication targets and categories"},
    CommandSpec{"draft", CommandKind::kDraft, "!draft [always|off]", "post as a draft"},
    CommandSpec{"public", CommandKind::kVisibility, "!public [always]", "visibility public"},
    CommandSpec{"unlisted", CommandKind::kVisibility, "!unlisted [always]", "visibility unlisted"},
    CommandSpec{"private", CommandKind::kVisibility, "!private [always]", "visibility private"},
    CommandSpec{"slug", CommandKind::kSlug, "!slug x", "the URL slug of the next post"},
    CommandSpec{"syndicate", CommandKind::kSyndicate, "!syndicate uid|off [always]",
                "syndicate to a target from !config"},
    CommandSpec{"channel", CommandKind::kChannel, "!channel x|off [always]", "post to a channel"},
    CommandSpec{"reply", CommandKind::kReply, "!reply URL text", "reply to a post on the web"},
    CommandSpec{"like", CommandKind::kLike, "!like URL", "like a post on the web"},
    CommandSpec{"repost", CommandKind::kRepost, "!repost URL", "repost a post on the web"},
    CommandSpec{"bookmark", CommandKind::kBookmark, "!bookmark URL [note]", "bookmark a page"},
    CommandSpec{"undo", CommandKind::kUndo, "!undo", "delete your last post"},
    CommandSpec{"retry", CommandKind::kRetry, "!retry",
                "post the message that is waiting for an answer"},
    CommandSpec{"help", CommandKind::kHelp, "!help", "this list"},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits off the first whitespace-separated word; `rest` keeps the remainder, trimmed.
std::string_view NextWord(std::string_view& rest) {
  size_t start = 0;
  while (start < rest.size() && IsSpace(rest[start])) {
    ++start;
  }
  size_t end = start;
  while (end < rest.size() && !IsSpace(rest[end])) {
    ++end;
  }
  std::string_view word = rest.substr(start, end - start);
  rest.remove_prefix(end);
  while (!rest.empty() && IsSpace(rest.front())) {
    rest.remove_prefix(1);
  }
  while (!rest.empty() && IsSpace(rest.back())) {
    rest.remove_suffix(1);
  }
  return word;
}

absl::Status Usage(const CommandSpec& spec, std::string_view problem) {
  return absl::InvalidArgumentError(common::Cat(problem, "; usage: ", spec.usage));
}

absl::StatusOr<std::string> WebUrl(const CommandSpec& spec, std::string_view word) {
  if (word.empty()) {
    return Usage(spec, common::Cat("!", spec.name, " needs a URL"));
  }
  absl::StatusOr<indieweb::Url> url = indieweb::ParseUrl(word);
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https")) {
    return Usage(spec, common::Cat("not an absolute http(s) URL: ", word.substr(0, 200)));
  }
  return std::string(word);
}

absl::Status NoMoreWords(const CommandSpec& spec, std::string_view rest) {
  if (!rest.empty()) {
    return Usage(spec, common::Cat("!", spec.name, " takes no more than that"));
  }
  return absl::OkStatus();
}

// An optional trailing "always" (or "off" where `allow_off`).
absl::StatusOr<SettingScope> ScopeWord(const CommandSpec& spec, std::string_view& rest,
                                       bool allow_off) {
  std::string_view word = NextWord(rest);
  if (absl::Status done = NoMoreWords(spec, rest); !done.ok()) {
    return done;
  }
  const std::string lower = absl::AsciiStrToLower(std::string(word));
  if (lower.empty()) {
    return SettingScope::kNextPost;
  }
  if (lower == "always") {
    return SettingScope::kAlways;
  }
  if (allow_off && lower == "off") {
    return SettingScope::kOff;
  }
  return Usage(spec, common::Cat("unexpected \"", word.substr(0, 100), "\""));
}

bool IsSlugChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

absl::StatusOr<Command> ParseArguments(const CommandSpec& spec, std::string_view rest) {
  Command command;
  command.kind = spec.kind;
  switch (spec.kind) {
    case CommandKind::kConfirm:
    case CommandKind::kSites:
    case CommandKind::kConfig:
    case CommandKind::kUndo:
    case CommandKind::kRetry:
    case CommandKind::kHelp:
      if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
        return none;
      }
      return command;
    case CommandKind::kIndieAuth: {
      command.url = std::string(NextWord(rest));
      if (command.url.empty()) {
        return Usage(spec, "!indieauth needs the address of your site");
      }
      if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
        return none;
      }
      return command;
    }
    case CommandKind::kLogout:
    case CommandKind::kUse: {
      command.argument = std::string(NextWord(rest));
      if (spec.kind == CommandKind::kUse && command.argument.empty()) {
        return Usage(spec, "!use needs a site from !sites");
      }
      if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
        return none;
      }
      return command;
    }
    case CommandKind::kDraft: {
      absl::StatusOr<SettingScope> scope = ScopeWord(spec, rest, /*allow_off=*/true);
      if (!scope.ok()) {
        return scope.status();
      }
      command.scope = *scope;
      return command;
    }
    case CommandKind::kVisibility: {
      command.argument = std::string(spec.name);
      absl::StatusOr<SettingScope> scope = ScopeWord(spec, rest, /*allow_off=*/false);
      if (!scope.ok()) {
        return scope.status();
      }
      command.scope = *scope;
      return command;
    }
    case CommandKind::kSlug: {
      command.argument = std::string(NextWord(rest));
      if (command.argument.empty()) {
        return Usage(spec, "!slug needs a slug");
      }
      if (command.argument.size() > kMaxSlugBytes) {
        return Usage(spec, common::Cat("a slug has at most ", kMaxSlugBytes, " characters"));
      }
      for (char c : command.argument) {
        if (!IsSlugChar(c)) {
          return Usage(spec, "a slug has only letters, digits, '-', '_' and '.'");
        }
      }
      if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
        return none;
      }
      return command;
    }
    case CommandKind::kSyndicate:
    case CommandKind::kChannel: {
      std::string_view value = NextWord(rest);
      if (value.empty()) {
        return Usage(spec, common::Cat("!", spec.name, " needs a value or off"));
      }
      if (value.size() > kMaxArgumentBytes) {
        return Usage(spec, "value too long");
      }
      if (absl::AsciiStrToLower(std::string(value)) == "off") {
        if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
          return none;
        }
        command.scope = SettingScope::kOff;
        return command;
      }
      command.argument = std::string(value);
      absl::StatusOr<SettingScope> scope = ScopeWord(spec, rest, /*allow_off=*/false);
      if (!scope.ok()) {
        return scope.status();
      }
      command.scope = *scope;
      return command;
    }
    case CommandKind::kReply:
    case CommandKind::kLike:
    case CommandKind::kRepost:
    case CommandKind::kBookmark: {
      absl::StatusOr<std::string> url = WebUrl(spec, NextWord(rest));
      if (!url.ok()) {
        return url.status();
      }
      command.url = *std::move(url);
      if (spec.kind == CommandKind::kReply) {
        if (rest.empty()) {
          return Usage(spec, "!reply needs the text of the reply after the URL");
        }
        command.text = std::string(rest);
      } else if (spec.kind == CommandKind::kBookmark) {
        command.text = std::string(rest);
      } else if (absl::Status none = NoMoreWords(spec, rest); !none.ok()) {
        return none;
      }
      return command;
    }
  }
  return absl::InternalError("unhandled command kind");
}

}  // namespace

absl::StatusOr<std::optional<Command>> ParseCommand(std::string_view body) {
  size_t start = 0;
  while (start < body.size() && IsSpace(body[start])) {
    ++start;
  }
  // A command name follows '!' at once: "!!!" or "! wow" are posts.
  if (start + 1 >= body.size() || body[start] != '!' ||
      !absl::ascii_isalpha(static_cast<unsigned char>(body[start + 1]))) {
    return std::nullopt;
  }
  std::string_view rest = body.substr(start + 1);
  const std::string_view word = NextWord(rest);
  const std::string name = absl::AsciiStrToLower(std::string(word));
  for (const CommandSpec& spec : kCommands) {
    if (spec.name == name) {
      absl::StatusOr<Command> command = ParseArguments(spec, rest);
      if (!command.ok()) {
        return command.status();
      }
      return std::optional<Command>(*std::move(command));
    }
  }
  return absl::InvalidArgumentError(
      common::Cat("unknown command !", word.substr(0, 40), "; !help lists them"));
}

std::string HelpText() {
  std::vector<std::string> lines;
  lines.reserve(kCommands.size() + 1);
  lines.emplace_back(
      "Every message you send here becomes a post on your site; #tags become categories. "
      "Commands:");
  for (const CommandSpec& spec : kCommands) {
    lines.push_back(common::Cat(spec.usage, " — ", spec.help));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace mxedge::micropub
