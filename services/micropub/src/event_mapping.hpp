#pragma once
// Matrix event → EventAction, pure. The rules (docs/micropub.md, "What becomes what"):
// - m.room.message m.text / m.emote: a command when the body starts with '!' and a letter,
//   else a create: `content` from the body (reply fallback lines stripped), `content_html`
//   from a sanitised `formatted_body` (org.matrix.custom.html), `#tags` → `category`; a
//   reply (m.relates_to.m.in_reply_to) names its parent in `target_event_id`. A body that is
//   only an http(s) URL becomes `bookmark-of` when `url_only_as_bookmark`.
// - m.notice: ignored (bots). m.file, m.location and others: ignored with a reason.
// - m.image / m.video / m.audio: kCreateMedia; the caption (body when a distinct `filename` is
//   given) becomes the alt text and the post's content, with its #tags.
// - an edit (m.relates_to rel_type m.replace + m.new_content): kUpdate with the new content.
// - m.reaction (m.annotation): kLike when `reactions_as_likes`, else ignored.
// - m.room.redaction: kDelete of `redacts` (top level, or content.redacts in room v11).
// - m.room.encrypted: kEncrypted. m.room.member: kMembership.
// Content that is not a JSON object, or a message without a string body, is InvalidArgument.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "event_action.hpp"
#include "mxedge/v1/events.pb.h"

namespace mxedge::micropub {

struct MappingOptions {
  bool reactions_as_likes = true;
  bool url_only_as_bookmark = true;
};

absl::StatusOr<EventAction> MapEvent(const mxedge::v1::MatrixEvent& event,
                                     const MappingOptions& options);

// The distinct #tags of `text` in order of appearance, without '#': a tag starts at the
// beginning or after whitespace and runs over letters, digits, '_', '-' and non-ASCII bytes.
std::vector<std::string> ExtractTags(std::string_view text);

// The body without the reply fallback: leading lines starting with "> " (and the blank line
// after them) are removed.
std::string StripReplyFallback(std::string_view body);

// https://matrix.to/#/<room_id>/<event_id>, percent-encoded, for replies to events that have
// no post.
std::string MatrixToLink(std::string_view room_id, std::string_view event_id);

}  // namespace mxedge::micropub
