#pragma once
// MatrixToIrc: the worker's side of EventSink.Deliver. A request names the worker the router chose
// and a routing key "<network>:<mxid>"; every event of it is from that user, in one room, in room
// order. Outcomes:
// - addressed to another worker, or the connection is owned by another worker → NOT_MINE (all);
// - connection claimed but not registered yet, a send that failed or timed out, or the ownership or
//   record store unreachable → RETRY_LATER for that event; the later events are left out of the
//   reply (the router retries them after it, in order);
// - `m.room.message` (m.text, m.emote, m.notice, media, replies, edits) in a room mapped to a
//   channel → the lines MatrixMessageRenderer makes of it (formatting, splitting to the server's
//   line length, an upload with a preview line beyond `line_limit`), from the user's puppet,
//   through the flood queue; DONE once every line of the event was written (or echoed where the
//   server offers echo-message), then recorded in `irc:sent:<event_id>`. An upload or link that
//   fails for now → RETRY_LATER; without MatrixOut (no `resources`) a long message goes out as
//   all its lines rather than not at all;
// - an event older than the network's `drop_matrix_messages_after` (origin_server_ts against the
//   worker's clock) → DONE without a line, counted in mxedge_irc_worker_matrix_stale_drops_total;
// - an event already recorded in `irc:sent` (a redelivery after a takeover) → DONE without a line;
// - anything else this minimal bridge does not translate (other event types and msgtypes, rooms
//   without a channel, empty bodies) → DONE without effect, so the room does not stall;
// - malformed events (a sender other than the routing key's user, content that is not a JSON
//   object, an invalid event id) → REJECTED with a reason (never the content).
// The one window in which a line can repeat: a crash between writing it and recording the event;
// the router then redelivers it to the new owner, which writes it again.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "channel_mapping.hpp"
#include "delivery_records.hpp"
#include "matrix_message_renderer.hpp"
#include "matrix_resources.hpp"
#include "mxedge/common/clock.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/v1/sink.pb.h"
#include "puppet_lines.hpp"
#include "reply_nicks.hpp"

namespace mxedge::irc_worker {

struct MatrixToIrcOptions {
  std::string worker_id;
  // How long one event's lines may take to be written (or echoed) before RETRY_LATER.
  std::chrono::milliseconds send_timeout{20'000};
  // retry_after_ms suggested while a connection is still registering.
  std::chrono::milliseconds connecting_retry{1'000};
  // Per network: rendering settings; networks without an entry use the defaults.
  std::map<std::string, MessageRenderSettings, std::less<>> rendering;
  // Per network: events older than this are dropped (absent or zero: never).
  std::map<std::string, std::chrono::milliseconds, std::less<>> drop_after;
  // Uploads, media links and earlier events; null: none (long messages go out as lines, media
  // without a link, edits as the new text).
  MatrixResources* resources = nullptr;
  // Nicks for "Nick: " in replies; null: replies go out without it.
  const ReplyNicks* reply_nicks = nullptr;
  // The clock stale events are judged by; null: the system clock.
  const common::Clock* clock = nullptr;
  // Where the message counters are registered; null: a registry of this object's own.
  common::MetricsRegistry* metrics = nullptr;
};

class MatrixToIrc {
 public:
  // `lines` and `records` must outlive this object; `channels` maps network id → its mapping.
  MatrixToIrc(PuppetLines& lines, DeliveryRecords& records,
              std::map<std::string, ChannelMapping, std::less<>> channels,
              MatrixToIrcOptions options);
  ~MatrixToIrc();

  // Never fails as a whole: every problem is an outcome (see above). Blocks until the lines are
  // written or send_timeout passes.
  v1::DeliverReply Deliver(const v1::DeliverRequest& request);

 private:
  // Appends the event's outcome; false when the rest of the request must wait (RETRY_LATER).
  bool DeliverEvent(std::string_view network, std::string_view mxid, const ChannelMapping& mapping,
                    const v1::MatrixEvent& event, v1::DeliverReply& reply);
  absl::Status SendLines(std::string_view network, std::string_view mxid,
                         const std::vector<std::string>& lines);
  bool IsStale(std::string_view network, const v1::MatrixEvent& event) const;

  PuppetLines& lines_;
  DeliveryRecords& records_;
  std::map<std::string, ChannelMapping, std::less<>> channels_;
  MatrixToIrcOptions options_;
  std::unique_ptr<MatrixResources> own_resources_;
  std::unique_ptr<ReplyNicks> own_reply_nicks_;
  std::unique_ptr<common::MetricsRegistry> own_metrics_;
  std::unique_ptr<MatrixMessageRenderer> renderer_;
  common::Counter* stale_drops_ = nullptr;
  common::Counter* uploads_ = nullptr;
};

// Splits "<network>:<mxid>" at the first ':'. InvalidArgumentError when either part is missing.
absl::StatusOr<std::pair<std::string, std::string>> SplitRoutingKey(std::string_view routing_key);

}  // namespace mxedge::irc_worker
