#include "mxedge/irc/cap.hpp"

#include <algorithm>

#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

using common::Cat;

std::optional<CapSubcommand> SubcommandFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, CapSubcommand> kNames[] = {
      {"LS", CapSubcommand::kLs},   {"LIST", CapSubcommand::kList}, {"ACK", CapSubcommand::kAck},
      {"NAK", CapSubcommand::kNak}, {"NEW", CapSubcommand::kNew},   {"DEL", CapSubcommand::kDel},
  };
  for (const auto& [text, subcommand] : kNames) {
    if (internal::AsciiEqualFold(name, text)) {
      return subcommand;
    }
  }
  return std::nullopt;
}

absl::StatusOr<std::vector<Capability>> ParseCapabilityList(std::string_view list) {
  std::vector<Capability> capabilities;
  std::size_t pos = 0;
  while (pos < list.size()) {
    if (list[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(list.find(' ', pos), list.size());
    std::string_view token = list.substr(pos, end - pos);
    pos = end;
    Capability capability;
    if (token.front() == '-') {
      capability.disable = true;
      token.remove_prefix(1);
    }
    const std::size_t equals = token.find('=');
    capability.name = std::string(token.substr(0, equals));
    if (equals != std::string_view::npos) {
      capability.value = std::string(token.substr(equals + 1));
    }
    if (capability.name.empty()) {
      return absl::InvalidArgumentError(
          Cat("CAP list has a capability without a name in ", internal::Quote(list)));
    }
    capabilities.push_back(std::move(capability));
  }
  return capabilities;
}

}  // namespace

absl::StatusOr<CapReply> ParseCapReply(const Message& message) {
  if (!message.IsCommand("CAP")) {
    return absl::InvalidArgumentError(
        Cat("expected a CAP message, not ", internal::Quote(message.command)));
  }
  if (message.params.size() < 3) {
    return absl::InvalidArgumentError(
        Cat("CAP message has ", message.params.size(), " parameters, fewer than 3"));
  }
  const std::optional<CapSubcommand> subcommand = SubcommandFromName(message.params[1]);
  if (!subcommand.has_value()) {
    return absl::InvalidArgumentError(
        Cat("CAP subcommand ", internal::Quote(message.params[1]), " is not known"));
  }
  CapReply reply{.subcommand = *subcommand};
  std::size_t list_index = 2;
  if (message.params.size() >= 4 && message.params[2] == "*") {
    reply.more = true;
    list_index = 3;
  }
  absl::StatusOr<std::vector<Capability>> capabilities =
      ParseCapabilityList(message.params[list_index]);
  if (!capabilities.ok()) {
    return capabilities.status();
  }
  reply.capabilities = *std::move(capabilities);
  return reply;
}

std::vector<std::string> ChooseCapabilities(const std::map<std::string, std::string>& offered,
                                            std::span<const std::string> wanted,
                                            const std::set<std::string>& enabled) {
  std::vector<std::string> chosen;
  for (const std::string& name : wanted) {
    if (offered.contains(name) && !enabled.contains(name) &&
        std::find(chosen.begin(), chosen.end(), name) == chosen.end()) {
      chosen.push_back(name);
    }
  }
  return chosen;
}

void CapabilityState::Apply(const CapReply& reply) {
  switch (reply.subcommand) {
    case CapSubcommand::kLs:
      if (!ls_in_progress_) {
        offered_.clear();
        ls_in_progress_ = true;
      }
      for (const Capability& capability : reply.capabilities) {
        offered_[capability.name] = capability.value;
      }
      if (!reply.more) {
        ls_in_progress_ = false;
        ls_complete_ = true;
      }
      break;
    case CapSubcommand::kNew:
      for (const Capability& capability : reply.capabilities) {
        offered_[capability.name] = capability.value;
      }
      break;
    case CapSubcommand::kDel:
      for (const Capability& capability : reply.capabilities) {
        offered_.erase(capability.name);
        enabled_.erase(capability.name);
      }
      break;
    case CapSubcommand::kAck:
      for (const Capability& capability : reply.capabilities) {
        if (capability.disable) {
          enabled_.erase(capability.name);
        } else {
          enabled_.insert(capability.name);
        }
      }
      break;
    case CapSubcommand::kList:
    case CapSubcommand::kNak:
      break;
  }
}

std::optional<std::string_view> CapabilityState::OfferedValue(std::string_view name) const {
  const auto it = offered_.find(std::string(name));
  if (it == offered_.end()) {
    return std::nullopt;
  }
  return std::string_view(it->second);
}

}  // namespace mxedge::irc
