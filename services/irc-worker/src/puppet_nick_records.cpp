#include "puppet_nick_records.hpp"

#include "irc_keys.hpp"

namespace mxedge::irc_worker {

absl::Status ValidateDisplayNameArgs(std::string_view mxid, std::string_view name) {
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  if (name.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("display name holds a NUL byte");
  }
  return absl::OkStatus();
}

absl::Status ValidateChosenNickArgs(std::string_view network, std::string_view mxid,
                                    std::string_view nick) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  return ValidateKeyPart("nick", nick);
}

std::string_view CutDisplayName(std::string_view name) {
  if (name.size() <= kMaxStoredDisplayNameBytes) {
    return name;
  }
  std::size_t end = kMaxStoredDisplayNameBytes;
  // Back off continuation bytes (10xxxxxx) so the cut lands before a sequence's first byte.
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) {
    --end;
  }
  return name.substr(0, end);
}

}  // namespace mxedge::irc_worker
