#include "mxedge/irc/parser.hpp"

#include <string>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/tags.hpp"
#include "tag_key_index.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

using common::Cat;

std::string_view StripTerminator(std::string_view line) {
  if (line.ends_with("\r\n")) {
    line.remove_suffix(2);
  } else if (line.ends_with('\n')) {
    line.remove_suffix(1);
  }
  return line;
}

absl::Status CheckBytes(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    switch (line[i]) {
      case '\0':
        return absl::InvalidArgumentError(Cat("line has a NUL byte at offset ", i));
      case '\r':
        return absl::InvalidArgumentError(Cat("line has a CR not followed by LF at offset ", i));
      case '\n':
        return absl::InvalidArgumentError(Cat("line has a LF inside it at offset ", i));
      default:
        break;
    }
  }
  return absl::OkStatus();
}

std::size_t SkipSpaces(std::string_view line, std::size_t pos) {
  while (pos < line.size() && line[pos] == ' ') {
    ++pos;
  }
  return pos;
}

absl::Status ParseTags(std::string_view section, std::vector<Tag>& tags) {
  internal::TagKeyIndex index;  // views into `section`, which outlives it
  std::size_t start = 0;
  while (start <= section.size()) {
    std::size_t end = section.find(';', start);
    if (end == std::string_view::npos) {
      end = section.size();
    }
    const std::string_view item = section.substr(start, end - start);
    start = end + 1;
    if (item.empty()) {
      continue;
    }
    const std::size_t equals = item.find('=');
    const std::string_view key = item.substr(0, equals);
    if (!IsValidTagKey(key)) {
      return absl::InvalidArgumentError(Cat("tag key ", internal::Quote(key), " is not valid"));
    }
    std::string value = equals == std::string_view::npos
                            ? std::string()
                            : UnescapeTagValue(item.substr(equals + 1));
    if (const std::optional<std::size_t> seen = index.FindOrAdd(key); seen.has_value()) {
      tags[*seen].value = std::move(value);  // the last occurrence wins
    } else {
      tags.push_back(Tag{std::string(key), std::move(value)});
    }
  }
  return absl::OkStatus();
}

bool IsValidCommand(std::string_view command) {
  if (command.empty()) {
    return false;
  }
  if (internal::IsAsciiDigit(command.front())) {
    return command.size() == 3 && internal::IsAsciiDigit(command[1]) &&
           internal::IsAsciiDigit(command[2]);
  }
  for (char c : command) {
    if (!internal::IsAsciiLetter(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<Prefix> ParsePrefix(std::string_view text) {
  Prefix prefix;
  const std::size_t nick_end = text.find_first_of("!@");
  prefix.nick = std::string(text.substr(0, nick_end));
  if (prefix.nick.empty()) {
    return absl::InvalidArgumentError("prefix has an empty nick or server name");
  }
  if (nick_end == std::string_view::npos) {
    return prefix;
  }
  std::size_t host_start = std::string_view::npos;
  if (text[nick_end] == '!') {
    const std::size_t at = text.find('@', nick_end + 1);
    prefix.user = std::string(text.substr(nick_end + 1, at - (nick_end + 1)));
    if (prefix.user.empty()) {
      return absl::InvalidArgumentError("prefix has an empty user after '!'");
    }
    host_start = at == std::string_view::npos ? at : at + 1;
  } else {
    host_start = nick_end + 1;
  }
  if (host_start != std::string_view::npos) {
    prefix.host = std::string(text.substr(host_start));
    if (prefix.host.empty()) {
      return absl::InvalidArgumentError("prefix has an empty host after '@'");
    }
  }
  return prefix;
}

absl::StatusOr<Message> ParseMessage(std::string_view line, const LineLimits& limits) {
  line = StripTerminator(line);
  if (line.empty()) {
    return absl::InvalidArgumentError("line is empty");
  }
  if (absl::Status bytes = CheckBytes(line); !bytes.ok()) {
    return bytes;
  }
  Message message;
  std::size_t pos = 0;
  if (line.front() == '@') {
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return absl::InvalidArgumentError("line has a tag section but no command");
    }
    if (space + 1 > limits.max_tag_section_bytes) {
      return absl::InvalidArgumentError(Cat("tag section is ", space + 1,
                                            " bytes, over the limit of ",
                                            limits.max_tag_section_bytes));
    }
    if (absl::Status tags = ParseTags(line.substr(1, space - 1), message.tags); !tags.ok()) {
      return tags;
    }
    pos = SkipSpaces(line, space);
    if (pos == line.size()) {
      return absl::InvalidArgumentError("line has a tag section but no command");
    }
  }
  pos = SkipSpaces(line, pos);
  const std::string_view body = line.substr(pos);
  if (body.size() + 2 > limits.max_body_bytes) {
    return absl::InvalidArgumentError(Cat("message body is ", body.size() + 2,
                                          " bytes with CRLF, over the limit of ",
                                          limits.max_body_bytes));
  }
  if (pos == line.size()) {
    return absl::InvalidArgumentError("line has no command");
  }
  if (line[pos] == ':') {
    const std::size_t space = line.find(' ', pos);
    if (space == std::string_view::npos) {
      return absl::InvalidArgumentError("line has a prefix but no command");
    }
    absl::StatusOr<Prefix> prefix = ParsePrefix(line.substr(pos + 1, space - pos - 1));
    if (!prefix.ok()) {
      return prefix.status();
    }
    message.prefix = *std::move(prefix);
    pos = SkipSpaces(line, space);
    if (pos == line.size()) {
      return absl::InvalidArgumentError("line has a prefix but no command");
    }
  }
  const std::size_t command_end = std::min(line.find(' ', pos), line.size());
  const std::string_view command = line.substr(pos, command_end - pos);
  if (!IsValidCommand(command)) {
    return absl::InvalidArgumentError(
        Cat("command ", internal::Quote(command), " is neither letters nor a three-digit numeric"));
  }
  message.command = std::string(command);
  pos = command_end;
  while (true) {
    pos = SkipSpaces(line, pos);
    if (pos == line.size()) {
      break;
    }
    if (message.params.size() == kMaxParams) {
      return absl::InvalidArgumentError(Cat("line has more than ", kMaxParams, " parameters"));
    }
    if (line[pos] == ':') {
      message.params.emplace_back(line.substr(pos + 1));
      break;
    }
    const std::size_t end = std::min(line.find(' ', pos), line.size());
    message.params.emplace_back(line.substr(pos, end - pos));
    pos = end;
  }
  return message;
}

}  // namespace mxedge::irc
