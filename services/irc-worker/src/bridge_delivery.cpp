#include "bridge_delivery.hpp"

namespace mxedge::irc_worker {

BridgeDelivery::BridgeDelivery(MatrixToIrc& messages, AdminRoom& admin,
                               PortalMembership& membership, PortalCreator& portals,
                               BridgedRooms& rooms, std::string worker_id, PmFromMatrix* pms)
    : messages_(messages),
      admin_(admin),
      membership_(membership),
      portals_(portals),
      rooms_(rooms),
      worker_id_(std::move(worker_id)),
      pms_(pms) {}

bool BridgeDelivery::Flush(const v1::DeliverRequest& request, v1::DeliverRequest& pending,
                           v1::DeliverReply& reply) {
  if (pending.events().empty()) {
    return true;
  }
  pending.set_request_id(request.request_id());
  pending.set_room_id(request.room_id());
  pending.set_routing_key(request.routing_key());
  pending.set_worker_id(request.worker_id());
  pending.set_attempt(request.attempt());
  v1::DeliverReply sub = messages_.Deliver(pending);
  const int sent = pending.events_size();
  pending.clear_events();
  bool complete = sub.outcomes_size() == sent;
  for (const v1::EventOutcome& outcome : sub.outcomes()) {
    *reply.add_outcomes() = outcome;
    complete = complete && outcome.outcome() == v1::DELIVERY_OUTCOME_DONE;
  }
  return complete;
}

bool BridgeDelivery::IsChannelRoom(std::string_view room_id) {
  // A ghost invited into a statically mapped channel room does not make it a private chat.
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> channel =
      portals_.ChannelOf(room_id);
  return !channel.ok() || channel->has_value();
}

v1::DeliverReply BridgeDelivery::Deliver(const v1::DeliverRequest& request) {
  absl::StatusOr<std::pair<std::string, std::string>> key = SplitRoutingKey(request.routing_key());
  if (!key.ok() || request.worker_id() != worker_id_ || request.events().empty()) {
    // MatrixToIrc answers these (REJECTED, NOT_MINE) as its contract says.
    return messages_.Deliver(request);
  }
  const auto& [network, mxid] = *key;
  v1::DeliverReply reply;
  reply.set_request_id(request.request_id());
  absl::StatusOr<std::optional<BridgedRoom>> room = rooms_.Find(request.room_id());
  if (!room.ok() && !absl::IsInvalidArgument(room.status())) {
    *reply.add_outcomes() = FailureOutcome(request.events(0), room.status(), "delivery");
    return reply;
  }
  const std::optional<BridgedRoom> known = room.ok() ? *room : std::nullopt;
  const bool admin_room = known.has_value() && known->kind == RoomKind::kAdmin;
  std::optional<std::optional<std::pair<std::string, std::string>>> channel;  // looked up once
  v1::DeliverRequest pending;
  for (const v1::MatrixEvent& event : request.events()) {
    if (member_listener_ != nullptr && event.type() == "m.room.member") {
      member_listener_->OnMemberEvent(network, mxid, event);
    }
    std::optional<v1::EventOutcome> outcome;
    if (upgrades_ != nullptr && RoomUpgrades::IsTombstone(event)) {
      if (!Flush(request, pending, reply)) {
        return reply;
      }
      outcome = upgrades_->Handle(network, event);
    } else if (plumbing_ != nullptr && plumbing_->Concerns(network, known, event)) {
      if (!Flush(request, pending, reply)) {
        return reply;
      }
      outcome = plumbing_->Handle(network, mxid, known, event);
    } else if (moderation_ != nullptr && moderation_->Concerns(network, mxid, event)) {
      if (!Flush(request, pending, reply)) {
        return reply;
      }
      outcome = moderation_->Handle(network, mxid, event);
    } else if (admin_room || admin_.IsBotInvite(network, event)) {
      if (!Flush(request, pending, reply)) {
        return reply;
      }
      outcome = admin_.Handle(network, mxid, known, event);
    } else if (pms_ != nullptr && pms_->Concerns(network, known, event) &&
               (known.has_value() || !IsChannelRoom(request.room_id()))) {
      if (!Flush(request, pending, reply)) {
        return reply;
      }
      outcome = pms_->Handle(network, mxid, event);  // nullopt: the owner's message, below
    } else if (PortalMembership::IsOwnMembership(mxid, event)) {
      if (!channel.has_value()) {
        absl::StatusOr<std::optional<std::pair<std::string, std::string>>> found =
            portals_.ChannelOf(request.room_id());
        if (!found.ok()) {
          if (Flush(request, pending, reply)) {
            *reply.add_outcomes() = FailureOutcome(event, found.status(), "delivery");
          }
          return reply;
        }
        channel = *found;
      }
      const PortalNetwork* net = portals_.FindNetwork(network);
      if (channel->has_value() && (*channel)->first == network && net != nullptr) {
        if (!Flush(request, pending, reply)) {
          return reply;
        }
        outcome = membership_.Handle(network, mxid, (*channel)->second,
                                     net->isupport.case_mapping(), event);
      }
    }
    if (!outcome.has_value()) {
      *pending.add_events() = event;
      continue;
    }
    const bool done = outcome->outcome() == v1::DELIVERY_OUTCOME_DONE;
    *reply.add_outcomes() = *std::move(outcome);
    if (!done) {
      return reply;
    }
  }
  Flush(request, pending, reply);
  return reply;
}

}  // namespace mxedge::irc_worker
