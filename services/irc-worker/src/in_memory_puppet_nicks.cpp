#include "in_memory_puppet_nicks.hpp"

#include "irc_keys.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

absl::Status InMemoryPuppetNicks::Set(std::string_view network, std::string_view folded_nick,
                                      std::string_view mxid) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  nicks_[Cat(network, ":", folded_nick)] = std::string(mxid);
  return absl::OkStatus();
}

absl::StatusOr<bool> InMemoryPuppetNicks::Release(std::string_view network,
                                                  std::string_view folded_nick,
                                                  std::string_view mxid) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("matrix user id", mxid); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = nicks_.find(Cat(network, ":", folded_nick));
  if (it == nicks_.end() || it->second != mxid) {
    return false;
  }
  nicks_.erase(it);
  return true;
}

absl::StatusOr<std::optional<std::string>> InMemoryPuppetNicks::Lookup(
    std::string_view network, std::string_view folded_nick) {
  if (absl::Status s = ValidateNickArgs(network, folded_nick); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  auto it = nicks_.find(Cat(network, ":", folded_nick));
  if (it == nicks_.end()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace mxedge::irc_worker
