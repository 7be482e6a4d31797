#pragma once
// Matrix m.room.message content → the IRC messages a puppet sends to a channel or nick.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/irc/message.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::bridge {

enum class IrcMessageKind { kPrivmsg, kAction, kNotice };

// One Matrix message as IRC text, before it is cut into lines.
struct IrcText {
  IrcMessageKind kind = IrcMessageKind::kPrivmsg;
  std::string text;  // IRC formatting codes; may hold line breaks
};

// What the caller looked up for the event before rendering it.
struct MatrixMessageContext {
  // For a reply (m.relates_to.m.in_reply_to): the IRC nick of the replied-to sender, or nullopt
  // when the caller could not tell (the reply is then sent without "Nick: ").
  std::optional<std::string> reply_to_nick;
  // For an edit (m.relates_to.rel_type m.replace): the IRC text of the original, or nullopt.
  std::optional<std::string> edited_original;
  // For media (m.image, m.video, m.audio, m.file): the MediaLink URL that works for IRC users.
  std::string media_url;
};

// Renders `content`:
// - msgtype m.text → PRIVMSG, m.emote → ACTION, m.notice → NOTICE; any other msgtype with a
//   string body → PRIVMSG of the body;
// - formatted_body (format org.matrix.custom.html) → irc::HtmlToIrc; when that refuses the HTML,
//   the plain body;
// - a reply: the fallback removed from body and HTML, then "Nick: " in front;
// - an edit (m.new_content): rendered from the new content; with the original known,
//   RenderEdit() decides between a terse correction and the new text;
// - media: an ACTION "uploaded an image: <name> (<size>) <url>", then the caption (a body that
//   differs from `filename`) as its own text line.
// InvalidArgumentError when the content has no string msgtype or body, or an edit's
// m.new_content is not an object.
absl::StatusOr<IrcText> RenderMatrixMessage(const nlohmann::json& content,
                                            const MatrixMessageContext& context);

// "12 B", "3.4 KiB", "5.0 MiB", "1.2 GiB".
std::string HumanSize(std::uint64_t bytes);

// The IRC messages for one IrcText to one target.
struct IrcSendPlan {
  std::vector<irc::Message> messages;  // ready to send when `upload_text` is empty
  // Set when the text needs more than `line_limit` lines: upload it as a text file, then call
  // FinishWithUploadLink() for the preview line with the link.
  std::optional<std::string> upload_text;
  IrcMessageKind kind = IrcMessageKind::kPrivmsg;
  std::string target;
  std::size_t budget = 0;
};

inline constexpr std::size_t kDefaultLineLimit = 3;

// Splits `text` with irc::SplitMessage into lines of `budget` bytes (see irc::TextBudget). Up to
// `line_limit` lines are sent as they are; more (counted after splitting long lines) make an
// upload plan. InvalidArgumentError for a budget under 4 or a line_limit of 0; an empty text
// gives no messages.
absl::StatusOr<IrcSendPlan> PlanIrcLines(const IrcText& text, std::string_view target,
                                         std::size_t budget,
                                         std::size_t line_limit = kDefaultLineLimit);

// One message: the first line of the uploaded text cut to fit, then "… (full message: <url>)".
irc::Message FinishWithUploadLink(const IrcSendPlan& plan, std::string_view url);

}  // namespace mxedge::bridge
