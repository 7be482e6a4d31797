#include "case_mapping_check.hpp"

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

irc::CaseMapping KeyCaseMapping(const NetworkConfig& network) {
  absl::StatusOr<irc::CaseMapping> mapping = irc::CaseMapping::Parse(network.casemapping);
  return mapping.ok() ? *mapping : irc::CaseMapping();
}

irc::ISupport KeyIsupport(const NetworkConfig& network) {
  irc::ISupport isupport;
  // A mapping's own name is always a valid CASEMAPPING token.
  (void)isupport.ApplyToken(common::Cat("CASEMAPPING=", KeyCaseMapping(network).name()));
  return isupport;
}

namespace {

std::map<std::string, irc::CaseMapping, std::less<>> Configured(const Config& config) {
  std::map<std::string, irc::CaseMapping, std::less<>> out;
  for (const NetworkConfig& net : config.networks) {
    out.emplace(net.id, KeyCaseMapping(net));
  }
  return out;
}

}  // namespace

CaseMappingCheck::CaseMappingCheck(const Config& config) : configured_(Configured(config)) {}

CaseMappingCheck::CaseMappingCheck(std::map<std::string, irc::CaseMapping, std::less<>> configured)
    : configured_(std::move(configured)) {}

irc::CaseMapping CaseMappingCheck::KeyMapping(std::string_view network) const {
  auto it = configured_.find(network);
  return it == configured_.end() ? irc::CaseMapping() : it->second;
}

bool CaseMappingCheck::Observe(std::string_view network, irc::CaseMapping announced) {
  const irc::CaseMapping configured = KeyMapping(network);
  if (announced == configured) {
    return false;
  }
  {
    std::lock_guard lock(mu_);
    if (!warned_.emplace(std::string(network), std::string(announced.name())).second) {
      return false;
    }
  }
  common::LogWarn(
      "IRC server announces another CASEMAPPING than the network's casemapping",
      {{"network", network}, {"announced", announced.name()}, {"configured", configured.name()}});
  return true;
}

}  // namespace mxedge::irc_worker
