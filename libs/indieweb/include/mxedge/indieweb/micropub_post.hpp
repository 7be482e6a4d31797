#pragma once
// What the bot posts: an h-entry (create) or one update operation, and their Micropub JSON.
#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {

struct MediaRef {
  std::string url;
  std::string alt;  // empty: sent as a plain URL
};

struct Post {
  std::string content;       // plain text
  std::string content_html;  // sanitised HTML; wins over `content` in JSON
  std::string name;          // makes the post an article
  std::vector<std::string> category;
  std::vector<MediaRef> photo;
  std::vector<MediaRef> video;
  std::vector<MediaRef> audio;
  std::string in_reply_to;
  std::string like_of;
  std::string repost_of;
  std::string bookmark_of;
  std::string published;                  // ISO 8601
  std::string post_status;                // "published" or "draft"
  std::string visibility;                 // "public", "unlisted", "private" or "protected"
  std::string slug;                       // mp-slug
  std::vector<std::string> syndicate_to;  // mp-syndicate-to uids
  std::string channel;                    // mp-channel
};

// InvalidArgument when the post has nothing to publish (no content, name, media, attached file
// or reply/like/repost/bookmark target), a post-status or visibility outside the known values,
// or a media entry without a URL. `attached_files` counts files sent with a multipart create.
absl::Status ValidatePost(const Post& post, size_t attached_files = 0);

// {"type":["h-entry"],"properties":{…}} with every value an array; content as
// [{"html": …}] when there is HTML; photo/video/audio with alt as [{"value","alt"}].
nlohmann::json PostToJson(const Post& post);

// The form fields of a post for a multipart create (h=entry, content, category[] …). HTML
// content and alt texts cannot be carried by a form: the plain `content` is sent.
std::vector<std::pair<std::string, std::string>> PostToFormFields(const Post& post);

}  // namespace mxedge::indieweb
