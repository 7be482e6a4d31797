#pragma once
// InMemoryPuppetNicks: PuppetNicks in process memory. Thread-safe.
#include <map>
#include <mutex>
#include <string>

#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

class InMemoryPuppetNicks final : public PuppetNicks {
 public:
  absl::Status Set(std::string_view network, std::string_view folded_nick,
                   std::string_view mxid) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_nick,
                               std::string_view mxid) override;
  absl::StatusOr<std::optional<std::string>> Lookup(std::string_view network,
                                                    std::string_view folded_nick) override;

 private:
  std::mutex mu_;
  std::map<std::string, std::string> nicks_;  // "<network>:<folded nick>" → mxid
};

}  // namespace mxedge::irc_worker
