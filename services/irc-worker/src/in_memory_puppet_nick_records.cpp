#include "in_memory_puppet_nick_records.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<std::optional<std::string>> InMemoryPuppetNickRecords::DisplayName(
    std::string_view mxid) {
  if (absl::Status s = ValidateDisplayNameArgs(mxid, ""); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = display_names_.find(mxid);
  if (it == display_names_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::Status InMemoryPuppetNickRecords::SetDisplayName(std::string_view mxid,
                                                       std::string_view name) {
  if (absl::Status s = ValidateDisplayNameArgs(mxid, name); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  display_names_[std::string(mxid)] = std::string(CutDisplayName(name));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> InMemoryPuppetNickRecords::ChosenNick(
    std::string_view network, std::string_view mxid) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, "x"); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = chosen_nicks_.find(common::Cat(network, ":", mxid));
  if (it == chosen_nicks_.end()) {
    return std::nullopt;
  }
  return it->second;
}

absl::Status InMemoryPuppetNickRecords::SetChosenNick(std::string_view network,
                                                      std::string_view mxid,
                                                      std::string_view nick) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, nick); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  chosen_nicks_[common::Cat(network, ":", mxid)] = std::string(nick);
  return absl::OkStatus();
}

absl::Status InMemoryPuppetNickRecords::ClearChosenNick(std::string_view network,
                                                        std::string_view mxid) {
  if (absl::Status s = ValidateChosenNickArgs(network, mxid, "x"); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  chosen_nicks_.erase(common::Cat(network, ":", mxid));
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
