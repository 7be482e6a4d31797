#include "mxedge/bridge/matrix_to_irc.hpp"

#include <array>

#include "mxedge/bridge/edit_correction.hpp"
#include "mxedge/bridge/reply_fallback.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/commands.hpp"
#include "mxedge/irc/formatting.hpp"
#include "mxedge/irc/split_message.hpp"

namespace mxedge::bridge {
namespace {

using nlohmann::json;

std::string StringField(const json& object, std::string_view key) {
  if (!object.is_object()) {
    return {};
  }
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* ObjectField(const json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

std::string_view MediaNoun(std::string_view msgtype) {
  if (msgtype == "m.image") {
    return "an image";
  }
  if (msgtype == "m.video") {
    return "a video";
  }
  if (msgtype == "m.audio") {
    return "an audio file";
  }
  return "a file";
}

bool IsMedia(std::string_view msgtype) {
  return msgtype == "m.image" || msgtype == "m.video" || msgtype == "m.audio" ||
         msgtype == "m.file";
}

// The IRC text of body/formatted_body, with a reply fallback removed when `is_reply`.
std::string TextOf(const json& content, bool is_reply) {
  std::string body = StringField(content, "body");
  if (is_reply) {
    body = StripReplyFallbackBody(body);
  }
  if (StringField(content, "format") == "org.matrix.custom.html") {
    std::string html = StringField(content, "formatted_body");
    if (is_reply) {
      html = StripReplyFallbackHtml(html);
    }
    if (absl::StatusOr<std::string> irc = irc::HtmlToIrc(html); irc.ok()) {
      return *std::move(irc);
    }
  }
  return body;
}

irc::Message MakeMessage(IrcMessageKind kind, std::string_view target, std::string_view text) {
  switch (kind) {
    case IrcMessageKind::kAction:
      return irc::Action(target, text);
    case IrcMessageKind::kNotice:
      return irc::Notice(target, text);
    case IrcMessageKind::kPrivmsg:
      break;
  }
  return irc::Privmsg(target, text);
}

}  // namespace

std::string HumanSize(std::uint64_t bytes) {
  constexpr std::array<std::string_view, 4> kUnits = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) {
    return common::Cat(bytes, " B");
  }
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  const auto tenths = static_cast<std::uint64_t>(value * 10.0 + 0.5);
  return common::Cat(tenths / 10, ".", tenths % 10, " ", kUnits[unit]);
}

absl::StatusOr<IrcText> RenderMatrixMessage(const json& content,
                                            const MatrixMessageContext& context) {
  if (!content.is_object()) {
    return absl::InvalidArgumentError("message content is not an object");
  }
  const json* relates_to = ObjectField(content, "m.relates_to");
  if (relates_to != nullptr && StringField(*relates_to, "rel_type") == "m.replace") {
    const auto it = content.find("m.new_content");
    if (it == content.end() || !it->is_object()) {
      return absl::InvalidArgumentError("edit without an m.new_content object");
    }
    absl::StatusOr<IrcText> edited = RenderMatrixMessage(*it, MatrixMessageContext{});
    if (!edited.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("edit's m.new_content: ", edited.status().message()));
    }
    if (context.edited_original.has_value()) {
      edited->text = RenderEdit(*context.edited_original, edited->text);
    }
    return edited;
  }
  const auto msgtype_it = content.find("msgtype");
  const auto body_it = content.find("body");
  if (msgtype_it == content.end() || !msgtype_it->is_string()) {
    return absl::InvalidArgumentError("message content has no string msgtype");
  }
  if (body_it == content.end() || !body_it->is_string()) {
    return absl::InvalidArgumentError("message content has no string body");
  }
  const std::string msgtype = msgtype_it->get<std::string>();
  if (IsMedia(msgtype)) {
    const std::string body = body_it->get<std::string>();
    const std::string filename = StringField(content, "filename");
    const std::string name = filename.empty() ? body : filename;
    std::string line = common::Cat("uploaded ", MediaNoun(msgtype), ": ", name);
    if (const json* info = ObjectField(content, "info"); info != nullptr) {
      if (auto size = info->find("size");
          size != info->end() && size->is_number_integer() && size->get<std::int64_t>() >= 0) {
        line += common::Cat(" (", HumanSize(size->get<std::uint64_t>()), ")");
      }
    }
    if (!context.media_url.empty()) {
      line += common::Cat(" ", context.media_url);
    }
    // A caption is a body that differs from the file name (spec v1.10 media captions).
    if (!filename.empty() && body != filename) {
      line += common::Cat("\n", TextOf(content, false));
    }
    return IrcText{.kind = IrcMessageKind::kAction, .text = std::move(line)};
  }
  const bool is_reply = relates_to != nullptr && ObjectField(*relates_to, "m.in_reply_to");
  IrcText result;
  result.kind = msgtype == "m.emote"    ? IrcMessageKind::kAction
                : msgtype == "m.notice" ? IrcMessageKind::kNotice
                                        : IrcMessageKind::kPrivmsg;
  result.text = TextOf(content, is_reply);
  if (is_reply && context.reply_to_nick.has_value()) {
    result.text = common::Cat(*context.reply_to_nick, ": ", result.text);
  }
  return result;
}

absl::StatusOr<IrcSendPlan> PlanIrcLines(const IrcText& text, std::string_view target,
                                         std::size_t budget, std::size_t line_limit) {
  if (line_limit == 0) {
    return absl::InvalidArgumentError("line_limit must be at least 1");
  }
  absl::StatusOr<std::vector<std::string>> lines = irc::SplitMessage(text.text, budget);
  if (!lines.ok()) {
    return lines.status();
  }
  IrcSendPlan plan{.kind = text.kind, .target = std::string(target), .budget = budget};
  if (text.kind == IrcMessageKind::kAction && lines->size() > 1 && lines->size() <= line_limit) {
    // Only the first line is the action; the rest (e.g. a media caption) is said plainly.
    plan.messages.push_back(irc::Action(target, lines->front()));
    for (std::size_t i = 1; i < lines->size(); ++i) {
      plan.messages.push_back(irc::Privmsg(target, (*lines)[i]));
    }
    return plan;
  }
  if (lines->size() <= line_limit) {
    for (const std::string& line : *lines) {
      plan.messages.push_back(MakeMessage(text.kind, target, line));
    }
    return plan;
  }
  plan.upload_text = text.text;
  return plan;
}

irc::Message FinishWithUploadLink(const IrcSendPlan& plan, std::string_view url) {
  const std::string link = common::Cat("(full message: ", url, ")");
  const std::string text = plan.upload_text.value_or(std::string());
  // The first non-empty line, as the preview.
  std::string_view first = text;
  while (!first.empty() && (first.front() == '\n' || first.front() == '\r')) {
    first.remove_prefix(1);
  }
  first = first.substr(0, first.find_first_of("\r\n"));
  std::string preview;
  constexpr std::string_view kEllipsis = "… ";
  if (plan.budget > link.size() + kEllipsis.size() + 4) {
    absl::StatusOr<std::vector<std::string>> cut =
        irc::SplitMessage(first, plan.budget - link.size() - kEllipsis.size());
    if (cut.ok() && !cut->empty()) {
      preview = common::Cat(cut->front(), kEllipsis);
    }
  }
  return MakeMessage(plan.kind, plan.target, common::Cat(preview, link));
}

}  // namespace mxedge::bridge
