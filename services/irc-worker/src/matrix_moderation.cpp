#include "matrix_moderation.hpp"

#include <nlohmann/json.hpp>
#include <utility>

#include "admin_room.hpp"
#include "line_batch.hpp"
#include "mxedge/bridge/kick_mapping.hpp"
#include "mxedge/bridge/power_levels.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/formatter.hpp"

namespace mxedge::irc_worker {

using common::Cat;
using nlohmann::json;

namespace {

bool IsModerationType(std::string_view type) {
  return type == "m.room.member" || type == "m.room.topic" || type == "m.room.power_levels";
}

json ObjectOf(std::string_view text) {
  json value = json::parse(text, nullptr, false);
  return value.is_object() ? value : json::object();
}

}  // namespace

MatrixModeration::MatrixModeration(PuppetLines& lines, IrcMembership& membership,
                                   BridgedRooms& rooms, MatrixRooms& notices,
                                   std::map<std::string, ChannelMapping, std::less<>> channels,
                                   std::map<std::string, std::string, std::less<>> bots,
                                   MatrixModerationOptions options)
    : lines_(lines),
      membership_(membership),
      rooms_(rooms),
      notices_(notices),
      channels_(std::move(channels)),
      bots_(std::move(bots)),
      options_(options) {
  common::MetricsRegistry* metrics = options_.metrics;
  if (metrics == nullptr) {
    own_metrics_ = std::make_unique<common::MetricsRegistry>();
    metrics = own_metrics_.get();
  }
  unwritten_ = &metrics->AddCounter(
      "mxedge_irc_worker_moderation_lines_unwritten_total",
      "Matrix kicks, topics and power-level changes whose IRC lines were not written (retried).");
}

bool MatrixModeration::Concerns(std::string_view network, std::string_view mxid,
                                const v1::MatrixEvent& event) const {
  if (!IsModerationType(event.type()) || event.sender() != mxid) {
    return false;
  }
  auto mapping = channels_.find(network);
  if (mapping == channels_.end()) {
    return false;
  }
  std::optional<std::string> channel = mapping->second.ChannelOf(event.room_id());
  if (!channel.has_value()) {
    return false;
  }
  if (event.type() != "m.room.member") {
    return true;
  }
  return event.state_key() != event.sender() &&
         membership_.GhostNick(network, *channel, event.state_key()).has_value();
}

std::optional<v1::EventOutcome> MatrixModeration::Handle(std::string_view network,
                                                         std::string_view mxid,
                                                         const v1::MatrixEvent& event) {
  if (!IsModerationType(event.type()) || event.sender() != mxid) {
    return std::nullopt;
  }
  auto mapping = channels_.find(network);
  if (mapping == channels_.end()) {
    return std::nullopt;
  }
  std::optional<std::string> channel = mapping->second.ChannelOf(event.room_id());
  if (!channel.has_value()) {
    return std::nullopt;
  }
  json content = json::parse(event.content_json(), nullptr, false);
  if (!content.is_object()) {
    return std::nullopt;
  }
  std::optional<std::string> ghost_nick;
  if (event.type() == "m.room.member") {
    const std::string membership = content.value("membership", "");
    if ((membership != "leave" && membership != "ban") || event.state_key() == event.sender()) {
      return std::nullopt;
    }
    ghost_nick = membership_.GhostNick(network, *channel, event.state_key());
    if (!ghost_nick.has_value()) {
      return std::nullopt;  // not a ghost of this channel
    }
  }
  absl::StatusOr<PuppetReadiness> ready = lines_.Prepare(network, mxid);
  if (!ready.ok()) {
    common::LogWarn("ownership store unreachable during moderation",
                    {{"event_id", event.event_id()}, {"error", ready.status().ToString()}});
    return Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER, "ownership store unreachable");
  }
  if (*ready == PuppetReadiness::kNotMine) {
    return Outcome(event, v1::DELIVERY_OUTCOME_NOT_MINE, "connection owned by another worker");
  }
  if (*ready == PuppetReadiness::kConnecting) {
    return Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER, "connection registering");
  }
  if (options_.records != nullptr) {
    absl::StatusOr<bool> sent = options_.records->WasSent(event.event_id());
    if (!sent.ok()) {
      if (absl::IsInvalidArgument(sent.status())) {
        return Outcome(event, v1::DELIVERY_OUTCOME_REJECTED, std::string(sent.status().message()));
      }
      common::LogWarn("delivery record unreadable",
                      {{"event_id", event.event_id()}, {"error", sent.status().ToString()}});
      return Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER, "delivery records unreachable");
    }
    if (*sent) {
      common::LogDebug("moderation event already sent", {{"event_id", event.event_id()}});
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE, "already sent");
    }
  }
  absl::StatusOr<std::string> source = lines_.RelaySource(network, mxid);
  if (!source.ok()) {
    return Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER, "connection closed");
  }
  const std::string nick = source->substr(0, source->find('!'));
  const bool op =
      membership_.ModesOf(network, *channel, nick).value_or("").find('o') != std::string::npos;

  std::vector<irc::Message> lines;
  if (ghost_nick.has_value()) {
    std::optional<irc::Message> kick = bridge::IrcKickForMatrixKick(
        *channel, *ghost_nick, event.sender(), content.value("reason", ""), op);
    if (!kick.has_value()) {
      NoticeNotOp(network, mxid, event, *channel, *ghost_nick);
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
    }
    lines.push_back(*std::move(kick));
  } else if (event.type() == "m.room.topic") {
    const auto topic = content.find("topic");
    if (topic == content.end() || !topic->is_string()) {
      return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
    }
    irc::Message line;
    line.command = "TOPIC";
    line.params = {*channel, topic->get<std::string>()};
    lines.push_back(std::move(line));
  } else {
    const json previous =
        ObjectOf(ObjectOf(event.unsigned_json()).value("prev_content", json()).dump());
    lines = bridge::ModesForPowerLevels(
        previous, content, *channel,
        [&](std::string_view user_id) -> std::optional<std::string> {
          return membership_.NickOf(network, *channel, user_id);
        },
        op);
  }
  return Send(network, mxid, event, lines);
}

v1::EventOutcome MatrixModeration::Send(std::string_view network, std::string_view mxid,
                                        const v1::MatrixEvent& event,
                                        const std::vector<irc::Message>& lines) {
  std::vector<std::string> texts;
  for (const irc::Message& message : lines) {
    absl::StatusOr<std::string> line = irc::FormatMessage(message);
    if (!line.ok()) {
      return Outcome(event, v1::DELIVERY_OUTCOME_REJECTED,
                     Cat(message.command, " not sendable: ", line.status().message()));
    }
    while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) {
      line->pop_back();  // PuppetLines takes the line without CRLF
    }
    texts.push_back(*std::move(line));
  }
  if (texts.empty()) {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE, "nothing to send");
  }
  if (absl::Status written =
          LineBatch::WriteAll(lines_, network, mxid, texts, options_.send_timeout);
      !written.ok()) {
    unwritten_->Increment();
    common::LogWarn("moderation line not written", {{"event_id", event.event_id()},
                                                    {"network", std::string(network)},
                                                    {"command", lines.front().command},
                                                    {"error", written.ToString()}});
    return Outcome(event, v1::DELIVERY_OUTCOME_RETRY_LATER, "line not written");
  }
  if (options_.records != nullptr) {
    if (absl::Status s = options_.records->RecordSent(event.event_id()); !s.ok()) {
      // The lines are out; only a later redelivery could repeat them.
      common::LogWarn("delivery record not written",
                      {{"event_id", event.event_id()}, {"error", s.ToString()}});
    }
  }
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

void MatrixModeration::NoticeNotOp(std::string_view network, std::string_view mxid,
                                   const v1::MatrixEvent& event, std::string_view channel,
                                   std::string_view nick) {
  auto bot = bots_.find(network);
  absl::StatusOr<std::optional<std::string>> admin = rooms_.AdminRoomOf(network, mxid);
  if (bot == bots_.end() || !admin.ok() || !admin->has_value()) {
    return;
  }
  absl::Status sent =
      notices_.SendNotice(bot->second, **admin,
                          Cat("You are not a channel operator in ", channel, ", so ", nick,
                              " was removed from the Matrix room only and is still on IRC."),
                          Cat("kick-not-op:", event.event_id()));
  if (!sent.ok()) {
    common::LogWarn("kick notice not sent",
                    {{"network", std::string(network)}, {"error", sent.ToString()}});
  }
}

}  // namespace mxedge::irc_worker
