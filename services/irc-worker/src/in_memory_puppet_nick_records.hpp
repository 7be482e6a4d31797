#pragma once
// InMemoryPuppetNickRecords: PuppetNickRecords in process memory, for tests and one-process runs.
// Thread-safe.
#include <map>
#include <mutex>
#include <string>

#include "puppet_nick_records.hpp"

namespace mxedge::irc_worker {

class InMemoryPuppetNickRecords final : public PuppetNickRecords {
 public:
  absl::StatusOr<std::optional<std::string>> DisplayName(std::string_view mxid) override;
  absl::Status SetDisplayName(std::string_view mxid, std::string_view name) override;
  absl::StatusOr<std::optional<std::string>> ChosenNick(std::string_view network,
                                                        std::string_view mxid) override;
  absl::Status SetChosenNick(std::string_view network, std::string_view mxid,
                             std::string_view nick) override;
  absl::Status ClearChosenNick(std::string_view network, std::string_view mxid) override;

 private:
  std::mutex mu_;
  std::map<std::string, std::string, std::less<>> display_names_;  // mxid → name
  std::map<std::string, std::string, std::less<>> chosen_nicks_;   // "<network>:<mxid>" → nick
};

}  // namespace mxedge::irc_worker
