#include "irc_keys.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

constexpr size_t kMaxNetworkBytes = 64;
constexpr size_t kMaxKeyPartBytes = 512;

bool IsNetworkChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

}  // namespace

IrcKeys::IrcKeys(std::string prefix) : prefix_(std::move(prefix)) {}

std::string IrcKeys::Workers() const { return Cat(prefix_, "irc:workers"); }
std::string IrcKeys::Worker(std::string_view worker_id) const {
  return Cat(prefix_, "irc:worker:", worker_id);
}
std::string IrcKeys::WorkerEpoch() const { return Cat(prefix_, "irc:worker-epoch"); }
std::string IrcKeys::Want(std::string_view network) const {
  return Cat(prefix_, "irc:want:", network);
}
std::string IrcKeys::Conn(std::string_view network, std::string_view mxid) const {
  return Cat(prefix_, "irc:conn:", network, ":", mxid);
}
std::string IrcKeys::Owned(std::string_view network, std::string_view worker_id) const {
  return Cat(prefix_, "irc:owned:", network, ":", worker_id);
}
std::string IrcKeys::ConnectRate(std::string_view network) const {
  return Cat(prefix_, "irc:connect-rate:", network);
}
std::string IrcKeys::Sent(std::string_view event_id) const {
  return Cat(prefix_, "irc:sent:", event_id);
}
std::string IrcKeys::Line(std::string_view network, std::string_view line_key) const {
  return Cat(prefix_, "irc:line:", network, ":", line_key);
}
std::string IrcKeys::LinePending(std::string_view network, std::string_view worker_id) const {
  return Cat(prefix_, "irc:line-pending:", network, ":", worker_id);
}
std::string IrcKeys::Nick(std::string_view network, std::string_view folded_nick) const {
  return Cat(prefix_, "irc:nick:", network, ":", folded_nick);
}
std::string IrcKeys::Receiver(std::string_view network, std::string_view folded_channel) const {
  return Cat(prefix_, "irc:recv:", network, ":", folded_channel);
}

std::string RoutingKey(std::string_view network, std::string_view mxid) {
  return Cat(network, ":", mxid);
}

absl::Status ValidateNetwork(std::string_view network) {
  if (network.empty() || network.size() > kMaxNetworkBytes) {
    return absl::InvalidArgumentError(
        Cat("irc network name must have 1..", kMaxNetworkBytes, " bytes, got ", network.size()));
  }
  for (char c : network) {
    if (!IsNetworkChar(c)) {
      return absl::InvalidArgumentError(
          Cat("irc network name \"", network, "\" may hold only letters, digits, '-', '_', '.'"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateKeyPart(std::string_view what, std::string_view value) {
  if (value.empty() || value.size() > kMaxKeyPartBytes) {
    return absl::InvalidArgumentError(
        Cat(what, " must have 1..", kMaxKeyPartBytes, " bytes, got ", value.size()));
  }
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      return absl::InvalidArgumentError(
          Cat(what, " holds a space or control character at byte ", &c - value.data()));
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
