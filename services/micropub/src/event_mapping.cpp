#include "event_mapping.hpp"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "html_sanitizer.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/url.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

using nlohmann::json;

std::string StringField(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json* ObjectField(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

EventAction Ignore(std::string reason) {
  EventAction action;
  action.kind = ActionKind::kIgnore;
  action.reason = std::move(reason);
  return action;
}

bool IsTagChar(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '_' || c == '-' || c >= 0x80;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && absl::ascii_isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsSingleWebUrl(std::string_view text) {
  if (text.empty() || std::any_of(text.begin(), text.end(), [](char c) {
        return absl::ascii_isspace(static_cast<unsigned char>(c));
      })) {
    return false;
  }
  absl::StatusOr<indieweb::Url> url = indieweb::ParseUrl(text);
  return url.ok() && (url->scheme == "http" || url->scheme == "https");
}

// Fills content/html/category of `post` from a message body and optional formatted body.
void FillText(const json& content, bool is_reply, indieweb::Post& post) {
  std::string body = StringField(content, "body");
  if (is_reply) {
    body = StripReplyFallback(body);
  }
  post.content = body;
  if (StringField(content, "format") == "org.matrix.custom.html") {
    const std::string html = SanitizeHtml(StringField(content, "formatted_body"));
    if (!Trim(html).empty()) {
      post.content_html = html;
    }
  }
  post.category = ExtractTags(body);
}

absl::StatusOr<EventAction> MapMessage(const json& content, const MappingOptions& options) {
  auto body_it = content.find("body");
  if (body_it == content.end() || !body_it->is_string()) {
    return absl::InvalidArgumentError("m.room.message without a string \"body\"");
  }
  const std::string msgtype = StringField(content, "msgtype");
  const json* relates = ObjectField(content, "m.relates_to");
  EventAction action;

  if (relates != nullptr && StringField(*relates, "rel_type") == "m.replace") {
    const json* new_content = ObjectField(content, "m.new_content");
    const std::string target = StringField(*relates, "event_id");
    if (new_content == nullptr || target.empty()) {
      return absl::InvalidArgumentError("an edit without m.new_content or a target event_id");
    }
    if (!new_content->contains("body") || !(*new_content)["body"].is_string()) {
      return absl::InvalidArgumentError("an edit whose m.new_content has no string \"body\"");
    }
    action.kind = ActionKind::kUpdate;
    action.target_event_id = target;
    FillText(*new_content, /*is_reply=*/false, action.post);
    return action;
  }

  std::string parent;
  if (relates != nullptr) {
    if (const json* in_reply_to = ObjectField(*relates, "m.in_reply_to")) {
      parent = StringField(*in_reply_to, "event_id");
    }
  }

  if (msgtype == "m.notice") {
    return Ignore("m.notice is not posted");
  }
  if (msgtype == "m.text" || msgtype == "m.emote") {
    const std::string& body = body_it->get_ref<const std::string&>();
    absl::StatusOr<std::optional<Command>> command = ParseCommand(body);
    if (!command.ok()) {
      action.kind = ActionKind::kBadCommand;
      action.reason = std::string(command.status().message());
      return action;
    }
    if (command->has_value()) {
      action.kind = ActionKind::kCommand;
      action.command = **command;
      return action;
    }
    action.kind = ActionKind::kCreate;
    action.target_event_id = parent;
    FillText(content, !parent.empty(), action.post);
    const std::string_view trimmed = Trim(action.post.content);
    if (parent.empty() && options.url_only_as_bookmark && IsSingleWebUrl(trimmed)) {
      action.post = indieweb::Post{};
      action.post.bookmark_of = std::string(trimmed);
    }
    if (Trim(action.post.content).empty() && action.post.bookmark_of.empty()) {
      return Ignore("empty message");
    }
    return action;
  }
  if (msgtype == "m.image" || msgtype == "m.video" || msgtype == "m.audio") {
    const std::string url = StringField(content, "url");
    if (url.empty()) {
      // Encrypted media carry `file` instead of `url`; the bot cannot read them.
      return Ignore(common::Cat(msgtype, " without a plain mxc url"));
    }
    if (!url.starts_with("mxc://")) {
      return absl::InvalidArgumentError(common::Cat(msgtype, " url is not an mxc:// URI"));
    }
    action.kind = ActionKind::kCreateMedia;
    action.target_event_id = parent;
    action.media.kind = msgtype == "m.image"   ? MediaKind::kPhoto
                        : msgtype == "m.video" ? MediaKind::kVideo
                                               : MediaKind::kAudio;
    action.media.mxc_uri = url;
    action.media.filename = StringField(content, "filename");
    if (const json* info = ObjectField(content, "info")) {
      action.media.mimetype = StringField(*info, "mimetype");
    }
    const std::string& body = body_it->get_ref<const std::string&>();
    // A caption exists only when the file name is given separately (Matrix 1.10 media captions).
    if (!action.media.filename.empty() && body != action.media.filename && !Trim(body).empty()) {
      action.post.content = body;
      action.post.category = ExtractTags(body);
    }
    return action;
  }
  return Ignore(common::Cat("msgtype ", msgtype.substr(0, 64), " is not posted"));
}

}  // namespace

absl::StatusOr<EventAction> MapEvent(const mxedge::v1::MatrixEvent& event,
                                     const MappingOptions& options) {
  const std::string& type = event.type();
  if (type == "m.room.encrypted") {
    EventAction action;
    action.kind = ActionKind::kEncrypted;
    return action;
  }
  if (type == "m.room.member") {
    EventAction action;
    action.kind = ActionKind::kMembership;
    return action;
  }
  if (type != "m.room.message" && type != "m.reaction" && type != "m.room.redaction") {
    return Ignore(common::Cat("event type ", type.substr(0, 64), " is not handled"));
  }
  const json content = json::parse(event.content_json(), nullptr, /*allow_exceptions=*/false);
  if (content.is_discarded() || !content.is_object()) {
    return absl::InvalidArgumentError(
        common::Cat(type, " content of ", event.event_id(), " is not a JSON object"));
  }
  if (type == "m.room.redaction") {
    EventAction action;
    action.kind = ActionKind::kDelete;
    action.target_event_id =
        event.redacts().empty() ? StringField(content, "redacts") : event.redacts();
    if (action.target_event_id.empty()) {
      return absl::InvalidArgumentError("m.room.redaction without redacts");
    }
    return action;
  }
  if (type == "m.reaction") {
    if (!options.reactions_as_likes) {
      return Ignore("reactions are not posted (reactions_as_likes is off)");
    }
    const json* relates = ObjectField(content, "m.relates_to");
    if (relates == nullptr || StringField(*relates, "rel_type") != "m.annotation" ||
        StringField(*relates, "event_id").empty()) {
      return absl::InvalidArgumentError("m.reaction without an m.annotation target");
    }
    EventAction action;
    action.kind = ActionKind::kLike;
    action.target_event_id = StringField(*relates, "event_id");
    return action;
  }
  return MapMessage(content, options);
}

std::vector<std::string> ExtractTags(std::string_view text) {
  std::vector<std::string> tags;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#' ||
        (i > 0 && !absl::ascii_isspace(static_cast<unsigned char>(text[i - 1])))) {
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && IsTagChar(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    if (end > i + 1) {
      std::string tag(text.substr(i + 1, end - i - 1));
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) {
        tags.push_back(std::move(tag));
      }
    }
    i = end - 1;
  }
  return tags;
}

std::string StripReplyFallback(std::string_view body) {
  size_t pos = 0;
  bool stripped = false;
  while (pos < body.size() && body.substr(pos).starts_with("> ")) {
    const size_t newline = body.find('\n', pos);
    pos = newline == std::string_view::npos ? body.size() : newline + 1;
    stripped = true;
  }
  if (stripped && pos < body.size() && body[pos] == '\n') {
    ++pos;
  }
  return std::string(body.substr(pos));
}

std::string MatrixToLink(std::string_view room_id, std::string_view event_id) {
  return common::Cat("https://matrix.to/#/", http::PercentEncode(room_id), "/",
                     http::PercentEncode(event_id));
}

}  // namespace mxedge::micropub
