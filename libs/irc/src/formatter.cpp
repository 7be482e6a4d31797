#include "mxedge/irc/formatter.hpp"

#include <string_view>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/tags.hpp"
#include "tag_key_index.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

using common::Cat;

// Offset of the first CR, LF or NUL in `text`, or npos.
std::size_t FindLineBreak(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n' || c == '\0') {
      return i;
    }
  }
  return std::string_view::npos;
}

absl::Status LineBreakError(std::string_view what, std::string_view text, std::size_t bad) {
  return absl::InvalidArgumentError(
      Cat(what, " has a ", text[bad] == '\0' ? "NUL" : (text[bad] == '\r' ? "CR" : "LF"),
          " at offset ", bad));
}

absl::Status CheckNoLineBreaks(std::string_view what, std::string_view text) {
  const std::size_t bad = FindLineBreak(text);
  return bad == std::string_view::npos ? absl::OkStatus() : LineBreakError(what, text, bad);
}

absl::Status AppendTags(const std::vector<Tag>& tags, std::string& out) {
  internal::TagKeyIndex index;  // views into `tags`, which outlives it
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const Tag& tag = tags[i];
    if (!IsValidTagKey(tag.key)) {
      return absl::InvalidArgumentError(Cat("tag key ", internal::Quote(tag.key), " is not valid"));
    }
    if (index.FindOrAdd(tag.key).has_value()) {
      return absl::InvalidArgumentError(Cat("tag key ", internal::Quote(tag.key), " repeats"));
    }
    if (tag.value.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          Cat("value of tag ", internal::Quote(tag.key), " has a NUL"));
    }
    out += i == 0 ? '@' : ';';
    out += tag.key;
    if (!tag.value.empty()) {
      out += '=';
      AppendEscapedTagValue(tag.value, out);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPrefix(const Prefix& prefix) {
  if (prefix.nick.empty()) {
    return absl::InvalidArgumentError("prefix has an empty nick or server name");
  }
  const std::pair<std::string_view, std::string_view> checks[] = {
      {"prefix nick", prefix.nick}, {"prefix user", prefix.user}, {"prefix host", prefix.host}};
  for (const auto& [what, text] : checks) {
    if (absl::Status status = CheckNoLineBreaks(what, text); !status.ok()) {
      return status;
    }
    if (text.find(' ') != std::string_view::npos) {
      return absl::InvalidArgumentError(Cat(what, " has a space"));
    }
  }
  if (prefix.nick.find_first_of("!@") != std::string::npos) {
    return absl::InvalidArgumentError("prefix nick has a '!' or '@'");
  }
  if (prefix.user.find('@') != std::string::npos) {
    return absl::InvalidArgumentError("prefix user has a '@'");
  }
  return absl::OkStatus();
}

bool IsValidCommand(std::string_view command) {
  if (command.size() == 3 && internal::IsAsciiDigit(command[0]) &&
      internal::IsAsciiDigit(command[1]) && internal::IsAsciiDigit(command[2])) {
    return true;
  }
  if (command.empty()) {
    return false;
  }
  for (char c : command) {
    if (!internal::IsAsciiLetter(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> FormatMessage(const Message& message, const LineLimits& limits) {
  std::size_t estimate = 16 + message.command.size();
  for (const Tag& tag : message.tags) {
    estimate += tag.key.size() + tag.value.size() + 2;
  }
  for (const std::string& param : message.params) {
    estimate += param.size() + 2;
  }
  if (message.prefix.has_value()) {
    estimate +=
        message.prefix->nick.size() + message.prefix->user.size() + message.prefix->host.size() + 4;
  }
  std::string out;
  out.reserve(estimate);
  if (absl::Status tags = AppendTags(message.tags, out); !tags.ok()) {
    return tags;
  }
  if (!out.empty()) {
    out += ' ';
    if (out.size() > limits.max_tag_section_bytes) {
      return absl::InvalidArgumentError(Cat("tag section is ", out.size(),
                                            " bytes, over the limit of ",
                                            limits.max_tag_section_bytes));
    }
  }
  const std::size_t body_start = out.size();
  if (message.prefix.has_value()) {
    if (absl::Status prefix = CheckPrefix(*message.prefix); !prefix.ok()) {
      return prefix;
    }
    out += ':';
    out += message.prefix->nick;
    if (!message.prefix->user.empty()) {
      out += '!';
      out += message.prefix->user;
    }
    if (!message.prefix->host.empty()) {
      out += '@';
      out += message.prefix->host;
    }
    out += ' ';
  }
  if (!IsValidCommand(message.command)) {
    return absl::InvalidArgumentError(Cat("command ", internal::Quote(message.command),
                                          " is neither letters nor a three-digit numeric"));
  }
  out += message.command;
  if (message.params.size() > kMaxParams) {
    return absl::InvalidArgumentError(
        Cat("message has ", message.params.size(), " parameters, more than ", kMaxParams));
  }
  for (std::size_t i = 0; i < message.params.size(); ++i) {
    const std::string& param = message.params[i];
    if (const std::size_t bad = FindLineBreak(param); bad != std::string_view::npos) {
      return LineBreakError(Cat("parameter ", i + 1), param, bad);
    }
    out += ' ';
    const bool last = i + 1 == message.params.size();
    const bool needs_colon =
        param.empty() || param.front() == ':' || param.find(' ') != std::string::npos;
    if (!last && needs_colon) {
      return absl::InvalidArgumentError(Cat(
          "parameter ", i + 1, " is not the last one and ",
          param.empty() ? "is empty" : (param.front() == ':' ? "starts with ':'" : "has a space")));
    }
    if (needs_colon) {
      out += ':';
    }
    out += param;
  }
  out += "\r\n";
  const std::size_t body_bytes = out.size() - body_start;
  if (body_bytes > limits.max_body_bytes) {
    return absl::InvalidArgumentError(Cat("message body is ", body_bytes,
                                          " bytes with CRLF, over the limit of ",
                                          limits.max_body_bytes));
  }
  return out;
}

}  // namespace mxedge::irc
