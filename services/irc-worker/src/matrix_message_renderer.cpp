#include "matrix_message_renderer.hpp"

#include <limits>

#include "mxedge/bridge/matrix_to_irc.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/formatter.hpp"
#include "mxedge/irc/formatting.hpp"
#include "mxedge/irc/limits.hpp"
#include "mxedge/irc/split_message.hpp"

namespace mxedge::irc_worker {
namespace {

using nlohmann::json;

// "\x01ACTION " and the closing "\x01" around an action's text.
constexpr std::size_t kActionOverhead = 9;
constexpr std::string_view kUploadName = "message.txt";

const json* ObjectField(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

std::string StringField(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool IsMediaMsgtype(std::string_view msgtype) {
  return msgtype == "m.image" || msgtype == "m.video" || msgtype == "m.audio" ||
         msgtype == "m.file";
}

bool IsEdit(const json& content) {
  const json* relates_to = ObjectField(content, "m.relates_to");
  return relates_to != nullptr && StringField(*relates_to, "rel_type") == "m.replace";
}

}  // namespace

bool IsTransient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ||
         absl::IsResourceExhausted(status) || absl::IsAborted(status);
}

MatrixMessageRenderer::MatrixMessageRenderer(MatrixResources& resources, const ReplyNicks& nicks)
    : resources_(resources), nicks_(nicks) {}

bool MatrixMessageRenderer::IsBridgedMessage(const json& content) {
  if (!content.is_object()) {
    return false;
  }
  if (IsEdit(content)) {
    return true;
  }
  auto msgtype = content.find("msgtype");
  auto body = content.find("body");
  return msgtype != content.end() && msgtype->is_string() && body != content.end() &&
         body->is_string();
}

std::optional<std::string> MatrixMessageRenderer::ReplyNick(std::string_view network,
                                                            const v1::MatrixEvent& event,
                                                            const json& content) {
  const json* relates_to = ObjectField(content, "m.relates_to");
  const json* in_reply_to =
      relates_to != nullptr ? ObjectField(*relates_to, "m.in_reply_to") : nullptr;
  if (in_reply_to == nullptr) {
    return std::nullopt;
  }
  std::optional<std::string> sender = ReplyFallbackSender(StringField(content, "body"));
  if (!sender.has_value()) {
    const std::string replied = StringField(*in_reply_to, "event_id");
    if (replied.empty()) {
      return std::nullopt;
    }
    absl::StatusOr<EarlierEvent> earlier = resources_.GetEvent(event.room_id(), replied);
    if (!earlier.ok()) {
      common::LogDebug("replied-to event unreadable; reply sent without a nick",
                       {{"event_id", event.event_id()}, {"error", earlier.status().ToString()}});
      return std::nullopt;
    }
    sender = earlier->sender;
  }
  return nicks_.NickOf(network, *sender);
}

std::optional<std::string> MatrixMessageRenderer::EditedOriginal(const v1::MatrixEvent& event,
                                                                 const json& content) {
  if (!IsEdit(content)) {
    return std::nullopt;
  }
  const std::string original = StringField(*ObjectField(content, "m.relates_to"), "event_id");
  if (original.empty()) {
    return std::nullopt;
  }
  absl::StatusOr<EarlierEvent> earlier = resources_.GetEvent(event.room_id(), original);
  if (!earlier.ok()) {
    common::LogDebug("edited event unreadable; the new text is sent",
                     {{"event_id", event.event_id()}, {"error", earlier.status().ToString()}});
    return std::nullopt;
  }
  json original_content = json::parse(earlier->content_json, nullptr, false);
  if (original_content.is_discarded() || !original_content.is_object()) {
    return std::nullopt;
  }
  absl::StatusOr<bridge::IrcText> text =
      bridge::RenderMatrixMessage(original_content, bridge::MatrixMessageContext{});
  if (!text.ok()) {
    return std::nullopt;
  }
  return text->text;
}

absl::StatusOr<std::string> MatrixMessageRenderer::MediaUrl(const json& content,
                                                            const MessageRenderSettings& settings) {
  const std::string msgtype = StringField(content, "msgtype");
  const std::string uri = StringField(content, "url");
  if (!IsMediaMsgtype(msgtype) || !uri.starts_with("mxc://")) {
    return std::string();
  }
  std::string filename = StringField(content, "filename");
  if (filename.empty()) {
    filename = StringField(content, "body");
  }
  absl::StatusOr<std::string> url = resources_.MediaLink(uri, filename, settings.media_link_ttl);
  if (!url.ok()) {
    if (IsTransient(url.status())) {
      return url.status();
    }
    // A refused link (a malformed URI): the description still goes out, without a link.
    common::LogWarn("media link refused; the file is described without a link",
                    {{"error", url.status().ToString()}});
    return std::string();
  }
  return *url;
}

absl::StatusOr<std::string> MatrixMessageRenderer::UploadLink(
    std::string_view irc_text, const MessageRenderSettings& settings) {
  absl::StatusOr<std::string> uri =
      resources_.UploadText(kUploadName, irc::StripIrcFormatting(irc_text));
  if (!uri.ok()) {
    return uri.status();
  }
  return resources_.MediaLink(*uri, kUploadName, settings.media_link_ttl);
}

absl::StatusOr<RenderedMessage> MatrixMessageRenderer::Render(
    std::string_view network, const v1::MatrixEvent& event, const json& content,
    std::string_view channel, std::string_view source, const MessageRenderSettings& settings) {
  bridge::MatrixMessageContext context;
  context.reply_to_nick = ReplyNick(network, event, content);
  context.edited_original = EditedOriginal(event, content);
  absl::StatusOr<std::string> media_url = MediaUrl(content, settings);
  if (!media_url.ok()) {
    return media_url.status();
  }
  context.media_url = *media_url;
  absl::StatusOr<bridge::IrcText> text = bridge::RenderMatrixMessage(content, context);
  if (!text.ok()) {
    return text.status();
  }
  const std::size_t budget = irc::TextBudget(irc::kMaxBodyBytes, source, "PRIVMSG", channel);
  if (budget <= kActionOverhead + 4) {
    return absl::InvalidArgumentError("channel name too long for a line");
  }
  absl::StatusOr<bridge::IrcSendPlan> plan =
      bridge::PlanIrcLines(*text, channel, budget - kActionOverhead, settings.line_limit);
  if (!plan.ok()) {
    return plan.status();
  }
  RenderedMessage rendered;
  std::vector<irc::Message> messages = std::move(plan->messages);
  if (plan->upload_text.has_value()) {
    absl::StatusOr<std::string> url = UploadLink(*plan->upload_text, settings);
    if (url.ok()) {
      messages = {bridge::FinishWithUploadLink(*plan, *url)};
      rendered.uploaded = true;
    } else if (IsTransient(url.status())) {
      return url.status();
    } else {
      // Refused for good (no MatrixOut, a size limit): every line rather than nothing.
      common::LogWarn("long message not uploaded; sent as lines",
                      {{"event_id", event.event_id()}, {"error", url.status().ToString()}});
      absl::StatusOr<bridge::IrcSendPlan> all = bridge::PlanIrcLines(
          *text, channel, budget - kActionOverhead, std::numeric_limits<std::size_t>::max());
      if (!all.ok()) {
        return all.status();
      }
      messages = std::move(all->messages);
    }
  }
  for (const irc::Message& message : messages) {
    absl::StatusOr<std::string> wire = irc::FormatMessage(message);
    if (!wire.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("message cannot be written as IRC: ", wire.status().message()));
    }
    // Checked above; written with the text always after " :", as the rest of the worker does.
    rendered.lines.push_back(
        common::Cat(message.command, " ", message.Param(0), " :", message.Param(1)));
  }
  return rendered;
}

}  // namespace mxedge::irc_worker
