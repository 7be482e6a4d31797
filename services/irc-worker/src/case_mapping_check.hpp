#pragma once
// CaseMappingCheck: channel names and nicks in the keys every worker shares (irc:nick, irc:recv,
// irc:portal, irc:user-channels) fold by the network's configured `casemapping`, because they
// must agree across workers before any connection has heard the server. The connections' own
// state (rosters, joined channels) folds by what the server announces. When a server announces
// (ISUPPORT CASEMAPPING) another mapping than the configured one, Observe logs one WARN per
// network and announced mapping on this worker, so the operator can set the key. Thread-safe.
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "config.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::irc_worker {

// The configured mapping of `network` (`casemapping`); rfc1459 when the value is not a mapping
// (LoadConfig refuses that).
irc::CaseMapping KeyCaseMapping(const NetworkConfig& network);
// ISUPPORT defaults with CASEMAPPING set to KeyCaseMapping(network): what the portal and
// directory code folds channel names with before (and whatever) the server answers.
irc::ISupport KeyIsupport(const NetworkConfig& network);

class CaseMappingCheck {
 public:
  explicit CaseMappingCheck(const Config& config);
  // For tests and tools: network id → configured mapping.
  explicit CaseMappingCheck(std::map<std::string, irc::CaseMapping, std::less<>> configured);

  // The configured mapping of `network`; rfc1459 for a network not configured.
  irc::CaseMapping KeyMapping(std::string_view network) const;

  // A server of `network` announced `announced`. True (and a WARN log) the first time this
  // worker sees that network announce a mapping other than the configured one; false otherwise.
  bool Observe(std::string_view network, irc::CaseMapping announced);

 private:
  std::map<std::string, irc::CaseMapping, std::less<>> configured_;
  mutable std::mutex mu_;
  std::set<std::pair<std::string, std::string>> warned_;  // (network, announced name)
};

}  // namespace mxedge::irc_worker
