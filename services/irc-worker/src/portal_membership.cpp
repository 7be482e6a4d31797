#include "portal_membership.hpp"

#include <nlohmann/json.hpp>

#include "admin_room.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

std::string Membership(const v1::MatrixEvent& event) {
  nlohmann::json content = nlohmann::json::parse(event.content_json(), nullptr, false);
  if (!content.is_object()) {
    return "";
  }
  auto it = content.find("membership");
  return it != content.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

bool PortalMembership::IsOwnMembership(std::string_view mxid, const v1::MatrixEvent& event) {
  return event.type() == "m.room.member" && event.has_state_key() && event.state_key() == mxid &&
         event.sender() == mxid;
}

v1::EventOutcome PortalMembership::Handle(std::string_view network, std::string_view mxid,
                                          std::string_view channel,
                                          const irc::CaseMapping& case_mapping,
                                          const v1::MatrixEvent& event) {
  const std::string membership = Membership(event);
  const bool join = membership == "join";
  if (!join && membership != "leave") {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  absl::StatusOr<PuppetReadiness> ready = puppets_.Prepare(network, mxid);
  if (!ready.ok()) {
    return FailureOutcome(event, ready.status(), "portal membership");
  }
  if (*ready == PuppetReadiness::kNotMine) {
    return Outcome(event, v1::DELIVERY_OUTCOME_NOT_MINE);
  }
  if (*ready == PuppetReadiness::kConnecting) {
    v1::EventOutcome wait = Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER,
                                    "portal membership: connection registering");
    wait.set_retry_after_ms(1000);
    return wait;
  }
  const std::string folded = case_mapping.Fold(channel);
  absl::Status recorded = join ? rooms_.AddUserChannel(network, mxid, folded)
                               : rooms_.RemoveUserChannel(network, mxid, folded);
  if (!recorded.ok()) {
    return FailureOutcome(event, recorded, "portal membership");
  }
  if (absl::Status s = puppets_.SendLine(network, mxid, Cat(join ? "JOIN " : "PART ", channel));
      !s.ok()) {
    return FailureOutcome(event, absl::UnavailableError(s.message()), "portal membership");
  }
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

}  // namespace mxedge::irc_worker
