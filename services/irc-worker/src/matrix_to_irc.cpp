#include "matrix_to_irc.hpp"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/str_cat.h"
#include "irc_keys.hpp"
#include "line_batch.hpp"
#include "mxedge/bridge/stale_event_filter.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::irc_worker {
namespace {

void AddOutcome(v1::DeliverReply& reply, const v1::MatrixEvent& event, v1::DeliveryOutcome outcome,
                std::string_view reason = {}, std::chrono::milliseconds retry_after = {}) {
  v1::EventOutcome* out = reply.add_outcomes();
  out->set_event_id(event.event_id());
  out->set_outcome(outcome);
  if (!reason.empty()) {
    out->set_reason(std::string(reason));
  }
  out->set_retry_after_ms(retry_after.count());
}

// MatrixResources when the worker has no MatrixOut: every request is refused for good.
class NoMatrixResources final : public MatrixResources {
 public:
  absl::StatusOr<std::string> UploadText(std::string_view, std::string_view) override {
    return absl::FailedPreconditionError("no MatrixOut to upload to");
  }
  absl::StatusOr<std::string> MediaLink(std::string_view, std::string_view,
                                        std::chrono::milliseconds) override {
    return absl::FailedPreconditionError("no MatrixOut to link media");
  }
  absl::StatusOr<EarlierEvent> GetEvent(std::string_view, std::string_view) override {
    return absl::FailedPreconditionError("no MatrixOut to read events");
  }
};

}  // namespace

absl::StatusOr<std::pair<std::string, std::string>> SplitRoutingKey(std::string_view routing_key) {
  const std::size_t colon = routing_key.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == routing_key.size()) {
    return absl::InvalidArgumentError("routing key must be <network>:<mxid>");
  }
  return std::make_pair(std::string(routing_key.substr(0, colon)),
                        std::string(routing_key.substr(colon + 1)));
}

MatrixToIrc::MatrixToIrc(PuppetLines& lines, DeliveryRecords& records,
                         std::map<std::string, ChannelMapping, std::less<>> channels,
                         MatrixToIrcOptions options)
    : lines_(lines),
      records_(records),
      channels_(std::move(channels)),
      options_(std::move(options)) {
  MatrixResources* resources = options_.resources;
  if (resources == nullptr) {
    own_resources_ = std::make_unique<NoMatrixResources>();
    resources = own_resources_.get();
  }
  const ReplyNicks* nicks = options_.reply_nicks;
  if (nicks == nullptr) {
    own_reply_nicks_ = std::make_unique<ReplyNicks>(
        std::map<std::string, std::string, std::less<>>{}, std::string(), nullptr);
    nicks = own_reply_nicks_.get();
  }
  common::MetricsRegistry* metrics = options_.metrics;
  if (metrics == nullptr) {
    own_metrics_ = std::make_unique<common::MetricsRegistry>();
    metrics = own_metrics_.get();
  }
  renderer_ = std::make_unique<MatrixMessageRenderer>(*resources, *nicks);
  stale_drops_ = &metrics->AddCounter(
      "mxedge_irc_worker_matrix_stale_drops_total",
      "Matrix messages not sent to IRC because they were older than drop_matrix_messages_after.");
  uploads_ = &metrics->AddCounter(
      "mxedge_irc_worker_matrix_uploads_total",
      "Matrix messages too long for line_limit, sent to IRC as a preview and a link.");
}

MatrixToIrc::~MatrixToIrc() = default;

bool MatrixToIrc::IsStale(std::string_view network, const v1::MatrixEvent& event) const {
  auto limit = options_.drop_after.find(network);
  if (limit == options_.drop_after.end() || limit->second.count() <= 0) {
    return false;
  }
  const common::Clock& clock =
      options_.clock != nullptr ? *options_.clock : common::SystemClock::Instance();
  // Only origin_server_ts: unsigned.age is the age when the homeserver pushed the event to the
  // router, not when it reaches a worker after downtime.
  const nlohmann::json fields = {{"origin_server_ts", event.origin_server_ts()}};
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(limit->second);
  return bridge::IsStaleEvent(fields, clock.NowUnixMs(), seconds);
}

v1::DeliverReply MatrixToIrc::Deliver(const v1::DeliverRequest& request) {
  v1::DeliverReply reply;
  reply.set_request_id(request.request_id());
  auto all = [&](v1::DeliveryOutcome outcome, std::string_view reason,
                 std::chrono::milliseconds retry_after = {}) {
    for (const v1::MatrixEvent& event : request.events()) {
      AddOutcome(reply, event, outcome, reason, retry_after);
    }
    return reply;
  };
  if (request.worker_id() != options_.worker_id) {
    return all(v1::DELIVERY_OUTCOME_NOT_MINE, "addressed to another worker");
  }
  absl::StatusOr<std::pair<std::string, std::string>> key = SplitRoutingKey(request.routing_key());
  if (!key.ok()) {
    return all(v1::DELIVERY_OUTCOME_REJECTED, std::string(key.status().message()));
  }
  const auto& [network, mxid] = *key;
  auto mapping = channels_.find(network);
  if (mapping == channels_.end()) {
    return all(v1::DELIVERY_OUTCOME_REJECTED, "network not served by this worker");
  }
  if (request.events().empty()) {
    return reply;
  }
  absl::StatusOr<PuppetReadiness> ready = lines_.Prepare(network, mxid);
  if (!ready.ok()) {
    common::LogWarn("ownership store unreachable during delivery",
                    {{"request_id", request.request_id()}, {"error", ready.status().ToString()}});
    AddOutcome(reply, request.events(0), v1::DELIVERY_OUTCOME_RETRY_LATER,
               "ownership store unreachable");
    return reply;
  }
  switch (*ready) {
    case PuppetReadiness::kNotMine:
      return all(v1::DELIVERY_OUTCOME_NOT_MINE, "connection owned by another worker");
    case PuppetReadiness::kConnecting:
      AddOutcome(reply, request.events(0), v1::DELIVERY_OUTCOME_RETRY_LATER,
                 "connection registering", options_.connecting_retry);
      return reply;
    case PuppetReadiness::kReady:
      break;
  }
  for (const v1::MatrixEvent& event : request.events()) {
    if (!DeliverEvent(network, mxid, mapping->second, event, reply)) {
      break;
    }
  }
  return reply;
}

bool MatrixToIrc::DeliverEvent(std::string_view network, std::string_view mxid,
                               const ChannelMapping& mapping, const v1::MatrixEvent& event,
                               v1::DeliverReply& reply) {
  if (absl::Status s = ValidateKeyPart("event id", event.event_id()); !s.ok()) {
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_REJECTED, std::string(s.message()));
    return true;
  }
  if (event.sender() != mxid) {
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_REJECTED,
               "sender is not the user of the routing key");
    return true;
  }
  std::optional<nlohmann::json> content;
  if (event.type() == "m.room.message" && !event.has_state_key()) {
    content = nlohmann::json::parse(event.content_json(), nullptr, false);
    if (content->is_discarded() || !content->is_object()) {
      AddOutcome(reply, event, v1::DELIVERY_OUTCOME_REJECTED, "content is not a JSON object");
      return true;
    }
  }
  std::optional<std::string> channel = mapping.ChannelOf(event.room_id());
  if (!content.has_value() || !MatrixMessageRenderer::IsBridgedMessage(*content) ||
      !channel.has_value()) {
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_DONE, "not bridged");
    return true;
  }
  if (IsStale(network, event)) {
    stale_drops_->Increment();
    common::LogInfo("stale Matrix event not sent to IRC",
                    {{"event_id", event.event_id()}, {"network", std::string(network)}});
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_DONE, "stale");
    return true;
  }
  absl::StatusOr<bool> sent = records_.WasSent(event.event_id());
  if (!sent.ok()) {
    common::LogWarn("delivery record unreadable",
                    {{"event_id", event.event_id()}, {"error", sent.status().ToString()}});
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_RETRY_LATER, "delivery records unreachable");
    return false;
  }
  if (*sent) {
    common::LogDebug("event already sent", {{"event_id", event.event_id()}});
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_DONE, "already sent");
    return true;
  }
  absl::StatusOr<std::string> source = lines_.RelaySource(network, mxid);
  if (!source.ok()) {
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_RETRY_LATER, "connection closed",
               options_.connecting_retry);
    return false;
  }
  auto settings = options_.rendering.find(network);
  absl::StatusOr<RenderedMessage> rendered = renderer_->Render(
      network, event, *content, *channel, *source,
      settings != options_.rendering.end() ? settings->second : MessageRenderSettings{});
  if (!rendered.ok()) {
    if (IsTransient(rendered.status())) {
      common::LogWarn("message not rendered for now",
                      {{"event_id", event.event_id()}, {"error", rendered.status().ToString()}});
      AddOutcome(reply, event, v1::DELIVERY_OUTCOME_RETRY_LATER, "upload or link unavailable");
      return false;
    }
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_REJECTED,
               std::string(rendered.status().message()));
    return true;
  }
  const std::vector<std::string>& lines = rendered->lines;
  if (absl::Status s = SendLines(network, mxid, lines); !s.ok()) {
    common::LogWarn("line not delivered to IRC", {{"event_id", event.event_id()},
                                                  {"network", std::string(network)},
                                                  {"error", s.ToString()}});
    AddOutcome(reply, event, v1::DELIVERY_OUTCOME_RETRY_LATER, "line not written");
    return false;
  }
  if (absl::Status s = records_.RecordSent(event.event_id()); !s.ok()) {
    // The line is out; the router acknowledges on DONE, so only a later redelivery could repeat it.
    common::LogWarn("delivery record not written",
                    {{"event_id", event.event_id()}, {"error", s.ToString()}});
  }
  if (rendered->uploaded) {
    uploads_->Increment();
  }
  AddOutcome(reply, event, v1::DELIVERY_OUTCOME_DONE);
  return true;
}

absl::Status MatrixToIrc::SendLines(std::string_view network, std::string_view mxid,
                                    const std::vector<std::string>& lines) {
  return LineBatch::WriteAll(lines_, network, mxid, lines, options_.send_timeout);
}

}  // namespace mxedge::irc_worker
