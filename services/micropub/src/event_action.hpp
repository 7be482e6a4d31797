#pragma once
// What the bot does with one Matrix event from a DM (MapEvent in event_mapping.hpp).
#include <string>

#include "command.hpp"
#include "mxedge/indieweb/micropub_post.hpp"

namespace mxedge::micropub {

enum class ActionKind {
  kIgnore,       // nothing to do; `reason` says why (for the debug log)
  kCommand,      // run `command`
  kBadCommand,   // a malformed command; `reason` is the message for the user
  kCreate,       // post `post`; `target_event_id` is the parent of a reply (may be empty)
  kCreateMedia,  // download `media`, upload it, then post `post` with it
  kUpdate,       // replace the content of the post made from `target_event_id` with `post`
  kDelete,       // delete the post made from `target_event_id`
  kLike,         // like the post made from `target_event_id`
  kEncrypted,    // an encrypted event: the bot cannot read it
  kMembership,   // an m.room.member event (invites, leaves)
};

enum class MediaKind { kPhoto, kVideo, kAudio };

struct MediaSource {
  MediaKind kind = MediaKind::kPhoto;
  std::string mxc_uri;
  std::string mimetype;
  std::string filename;
};

struct EventAction {
  ActionKind kind = ActionKind::kIgnore;
  std::string reason;
  Command command;
  indieweb::Post post;
  MediaSource media;
  std::string target_event_id;
};

}  // namespace mxedge::micropub
