#include "mxedge/irc/message.hpp"

#include "text.hpp"

namespace mxedge::irc {

std::string_view Tag::vendor() const {
  std::string_view key = this->key;
  if (!key.empty() && key.front() == '+') {
    key.remove_prefix(1);
  }
  const std::size_t slash = key.find('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

std::string_view Tag::name() const {
  std::string_view key = this->key;
  if (!key.empty() && key.front() == '+') {
    key.remove_prefix(1);
  }
  const std::size_t slash = key.find('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

std::string Prefix::ToString() const {
  std::string out = nick;
  if (!user.empty()) {
    out += '!';
    out += user;
  }
  if (!host.empty()) {
    out += '@';
    out += host;
  }
  return out;
}

std::optional<std::string_view> Message::FindTag(std::string_view key) const {
  for (const Tag& tag : tags) {
    if (tag.key == key) {
      return std::string_view(tag.value);
    }
  }
  return std::nullopt;
}

bool Message::IsCommand(std::string_view name) const {
  return internal::AsciiEqualFold(command, name);
}

std::optional<int> Message::Numeric() const {
  if (command.size() != 3 || !internal::IsAsciiDigit(command[0]) ||
      !internal::IsAsciiDigit(command[1]) || !internal::IsAsciiDigit(command[2])) {
    return std::nullopt;
  }
  return (command[0] - '0') * 100 + (command[1] - '0') * 10 + (command[2] - '0');
}

std::string_view Message::Param(std::size_t index) const {
  return index < params.size() ? std::string_view(params[index]) : std::string_view();
}

}  // namespace mxedge::irc
