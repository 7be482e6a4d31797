#include "mxedge/irc/mode_changes.hpp"

#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/numerics.hpp"
#include "text.hpp"

namespace mxedge::irc {

absl::StatusOr<std::vector<ModeChange>> ParseModeChanges(const Message& message,
                                                         const ISupport& isupport) {
  std::size_t channel_index = 0;
  if (message.Numeric() == numerics::kRplChannelModeIs) {
    channel_index = 1;
  } else if (!message.IsCommand("MODE")) {
    return absl::InvalidArgumentError(
        common::Cat("expected MODE or 324, not ", internal::Quote(message.command)));
  }
  if (message.params.size() < channel_index + 2) {
    return absl::InvalidArgumentError("MODE message has no channel or no mode string");
  }
  const std::string& modes = message.params[channel_index + 1];
  if (modes.empty() || (modes.front() != '+' && modes.front() != '-')) {
    return absl::InvalidArgumentError(
        common::Cat("MODE string ", internal::Quote(modes), " does not start with '+' or '-'"));
  }
  std::size_t next_argument = channel_index + 2;
  std::vector<ModeChange> changes;
  bool add = true;
  for (char c : modes) {
    if (c == '+' || c == '-') {
      add = c == '+';
      continue;
    }
    bool takes_argument = false;
    switch (isupport.ModeType(c)) {
      case ChannelModeType::kMembership:
      case ChannelModeType::kList:
      case ChannelModeType::kAlwaysParam:
        takes_argument = true;
        break;
      case ChannelModeType::kParamWhenSet:
        takes_argument = add;
        break;
      case ChannelModeType::kNoParam:
      case ChannelModeType::kUnknown:
        break;
    }
    ModeChange change{add, c, std::nullopt};
    if (takes_argument) {
      if (next_argument >= message.params.size()) {
        return absl::InvalidArgumentError(
            common::Cat("MODE ", add ? "+" : "-", std::string(1, c), " has no argument"));
      }
      change.argument = message.params[next_argument++];
    }
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace mxedge::irc
