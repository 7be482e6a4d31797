#pragma once
// MatrixMessageRenderer: one Matrix m.room.message → the IRC lines a puppet sends to a channel,
// with libs/bridge's rules (docs/irc.md §5):
// - m.text → PRIVMSG, m.emote → CTCP ACTION, m.notice → NOTICE; formatted_body → IRC codes;
// - lines split to the server's line length (from the puppet's relayed source); more than
//   `line_limit` lines → the plain text uploaded as message.txt (MatrixResources::UploadText), a
//   MediaLink to it, and one preview line "first line… (full message: <url>)"; when the upload is
//   refused for good (not for now), all the lines;
// - a reply → "Nick: text" without the fallback; the nick from the fallback's quoted sender, else
//   from the replied-to event (GetEvent), else no prefix;
// - an edit → the original read back (GetEvent) and rendered; a terse change as "s/old/new/" or
//   "* added", else the new text (also when the original cannot be read);
// - media (m.image, m.file, …) → one ACTION line with name, size and a MediaLink URL; a caption on
//   its own line.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "matrix_resources.hpp"
#include "mxedge/v1/events.pb.h"
#include "nlohmann/json.hpp"
#include "reply_nicks.hpp"

namespace mxedge::irc_worker {

struct MessageRenderSettings {
  std::size_t line_limit = 3;
  std::chrono::milliseconds media_link_ttl{7LL * 24 * 3'600'000};
};

struct RenderedMessage {
  std::vector<std::string> lines;  // wire lines without CRLF; empty: nothing to send
  bool uploaded = false;           // the text went out as a file with a preview line
};

class MatrixMessageRenderer {
 public:
  // Both must outlive the renderer.
  MatrixMessageRenderer(MatrixResources& resources, const ReplyNicks& nicks);

  // Whether `content` of an m.room.message is something this renderer sends: a string msgtype and
  // body, or an edit (m.relates_to.rel_type m.replace).
  static bool IsBridgedMessage(const nlohmann::json& content);

  // The lines for `event` (whose parsed content is `content`) from the puppet relayed as `source`
  // ("nick!user@host") to `channel` on `network`. InvalidArgumentError for content the rules
  // refuse (an edit without m.new_content, a channel too long for any text); UnavailableError or
  // DeadlineExceededError when an upload or link could not be made now (retry the event).
  absl::StatusOr<RenderedMessage> Render(std::string_view network, const v1::MatrixEvent& event,
                                         const nlohmann::json& content, std::string_view channel,
                                         std::string_view source,
                                         const MessageRenderSettings& settings);

 private:
  std::optional<std::string> ReplyNick(std::string_view network, const v1::MatrixEvent& event,
                                       const nlohmann::json& content);
  std::optional<std::string> EditedOriginal(const v1::MatrixEvent& event,
                                            const nlohmann::json& content);
  absl::StatusOr<std::string> MediaUrl(const nlohmann::json& content,
                                       const MessageRenderSettings& settings);
  // Uploads the text (formatting removed) and links it.
  absl::StatusOr<std::string> UploadLink(std::string_view irc_text,
                                         const MessageRenderSettings& settings);

  MatrixResources& resources_;
  const ReplyNicks& nicks_;
};

// True for errors after which the same event may succeed later (Unavailable, DeadlineExceeded,
// ResourceExhausted, Aborted).
bool IsTransient(const absl::Status& status);

}  // namespace mxedge::irc_worker
