#pragma once
// MatrixModeration: Matrix moderation in a room bridged to a channel, mirrored on IRC by the
// acting user's puppet (Matrix → IRC). For events of the routing key user in a mapped room:
// - a kick (m.room.member leave or ban of someone else) of a ghost → KICK of its nick with the
//   Matrix reason, when the kicker's puppet is op in the channel; otherwise a notice in the
//   kicker's admin room says the kick stays in Matrix;
// - m.room.topic → TOPIC from the sender's puppet;
// - m.room.power_levels → MODE +o/-o/+v/-v for the users whose level crossed 50 or 1 (against
//   `unsigned.prev_content`), when the sender's puppet is op.
// Whether a puppet is op comes from IrcMembership's rosters. Other events (and kicks of users
// that are not ghosts) are not this class's: Handle answers nullopt and they go on to the rest of
// the delivery. The lines follow the contract of messages (MatrixToIrc): they go through the
// connection's flood control and the event is DONE only once every line of it was written
// (servers echo none of KICK, TOPIC and MODE to echo-message), then recorded in `irc:sent`
// (DeliveryRecords), so a redelivery after a takeover is DONE without writing them again.
// RETRY_LATER (the router delivers the event again) while the puppet connects, when its
// connection is closed or closes before the lines were written, when they are not written within
// `send_timeout`, and when the ownership or record store cannot be asked; NOT_MINE for a
// connection of another worker. Events left to retry because their lines were not written are
// counted in mxedge_irc_worker_moderation_lines_unwritten_total. A retry after some lines of a MODE
// change were written writes them again (setting a mode twice changes nothing on IRC).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bridged_rooms.hpp"
#include "channel_mapping.hpp"
#include "delivery_records.hpp"
#include "irc_membership.hpp"
#include "matrix_rooms.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/v1/sink.pb.h"
#include "puppet_lines.hpp"

namespace mxedge::irc_worker {

struct MatrixModerationOptions {
  // The `irc:sent` records shared with messages; null: none (a redelivery writes the lines again).
  DeliveryRecords* records = nullptr;
  // How long one event's lines may take to be written before RETRY_LATER.
  std::chrono::milliseconds send_timeout{20'000};
  // Where mxedge_irc_worker_moderation_lines_unwritten_total is registered; null: a registry of
  // this object's own.
  common::MetricsRegistry* metrics = nullptr;
};

class MatrixModeration {
 public:
  // Everything passed by reference (and `options.records`) must outlive this. `bots`: network →
  // its bridge bot.
  MatrixModeration(PuppetLines& lines, IrcMembership& membership, BridgedRooms& rooms,
                   MatrixRooms& notices,
                   std::map<std::string, ChannelMapping, std::less<>> channels,
                   std::map<std::string, std::string, std::less<>> bots,
                   MatrixModerationOptions options = {});

  // Whether Handle may answer for `event` (a topic or power levels in a mapped room, or a kick of
  // a ghost there); cheap, no I/O.
  bool Concerns(std::string_view network, std::string_view mxid,
                const v1::MatrixEvent& event) const;

  std::optional<v1::EventOutcome> Handle(std::string_view network, std::string_view mxid,
                                         const v1::MatrixEvent& event);

 private:
  // Writes `lines` from the puppet and waits for them; the outcome of the event.
  v1::EventOutcome Send(std::string_view network, std::string_view mxid,
                        const v1::MatrixEvent& event, const std::vector<irc::Message>& lines);
  void NoticeNotOp(std::string_view network, std::string_view mxid, const v1::MatrixEvent& event,
                   std::string_view channel, std::string_view nick);

  PuppetLines& lines_;
  IrcMembership& membership_;
  BridgedRooms& rooms_;
  MatrixRooms& notices_;
  std::map<std::string, ChannelMapping, std::less<>> channels_;
  std::map<std::string, std::string, std::less<>> bots_;
  MatrixModerationOptions options_;
  std::unique_ptr<common::MetricsRegistry> own_metrics_;
  common::Counter* unwritten_ = nullptr;
};

}  // namespace mxedge::irc_worker
