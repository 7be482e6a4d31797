#include "mxedge/indieweb/micropub_post.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

using nlohmann::json;

void PutString(json& props, const char* name, const std::string& value) {
  if (!value.empty()) props[name] = json::array({value});
}

void PutList(json& props, const char* name, const std::vector<std::string>& values) {
  if (!values.empty()) props[name] = values;
}

void PutMedia(json& props, const char* name, const std::vector<MediaRef>& media) {
  if (media.empty()) return;
  json list = json::array();
  for (const MediaRef& m : media) {
    if (m.alt.empty()) {
      list.push_back(m.url);
    } else {
      list.push_back({{"value", m.url}, {"alt", m.alt}});
    }
  }
  props[name] = std::move(list);
}

}  // namespace

absl::Status ValidatePost(const Post& p, size_t attached_files) {
  const bool has_something = attached_files > 0 || !p.content.empty() || !p.content_html.empty() ||
                             !p.name.empty() || !p.photo.empty() || !p.video.empty() ||
                             !p.audio.empty() || !p.in_reply_to.empty() || !p.like_of.empty() ||
                             !p.repost_of.empty() || !p.bookmark_of.empty();
  if (!has_something) {
    return absl::InvalidArgumentError(
        "nothing to post: no content, name, media or reply/like/repost/bookmark target");
  }
  if (!p.post_status.empty() && p.post_status != "published" && p.post_status != "draft") {
    return absl::InvalidArgumentError(
        Cat("post-status must be published or draft, not '", p.post_status, "'"));
  }
  if (!p.visibility.empty() && p.visibility != "public" && p.visibility != "unlisted" &&
      p.visibility != "private" && p.visibility != "protected") {
    return absl::InvalidArgumentError(
        Cat("visibility must be public, unlisted, private or protected, not '", p.visibility, "'"));
  }
  for (const auto* list : {&p.photo, &p.video, &p.audio}) {
    for (const MediaRef& m : *list) {
      if (m.url.empty()) return absl::InvalidArgumentError("a media entry has no URL");
    }
  }
  return absl::OkStatus();
}

json PostToJson(const Post& p) {
  json props = json::object();
  if (!p.content_html.empty()) {
    props["content"] = json::array({{{"html", p.content_html}}});
  } else {
    PutString(props, "content", p.content);
  }
  PutString(props, "name", p.name);
  PutList(props, "category", p.category);
  PutMedia(props, "photo", p.photo);
  PutMedia(props, "video", p.video);
  PutMedia(props, "audio", p.audio);
  PutString(props, "in-reply-to", p.in_reply_to);
  PutString(props, "like-of", p.like_of);
  PutString(props, "repost-of", p.repost_of);
  PutString(props, "bookmark-of", p.bookmark_of);
  PutString(props, "published", p.published);
  PutString(props, "post-status", p.post_status);
  PutString(props, "visibility", p.visibility);
  PutString(props, "mp-slug", p.slug);
  PutList(props, "mp-syndicate-to", p.syndicate_to);
  PutString(props, "mp-channel", p.channel);
  return {{"type", json::array({"h-entry"})}, {"properties", std::move(props)}};
}

std::vector<std::pair<std::string, std::string>> PostToFormFields(const Post& p) {
  std::vector<std::pair<std::string, std::string>> out = {{"h", "entry"}};
  auto put = [&out](const char* name, const std::string& value) {
    if (!value.empty()) out.emplace_back(name, value);
  };
  put("content", p.content);
  put("name", p.name);
  for (const std::string& c : p.category) out.emplace_back("category[]", c);
  for (const auto& [name, list] :
       {std::pair{"photo", &p.photo}, std::pair{"video", &p.video}, std::pair{"audio", &p.audio}}) {
    for (const MediaRef& m : *list) {
      out.emplace_back(list->size() > 1 ? Cat(name, "[]") : std::string(name), m.url);
    }
  }
  put("in-reply-to", p.in_reply_to);
  put("like-of", p.like_of);
  put("repost-of", p.repost_of);
  put("bookmark-of", p.bookmark_of);
  put("published", p.published);
  put("post-status", p.post_status);
  put("visibility", p.visibility);
  put("mp-slug", p.slug);
  for (const std::string& s : p.syndicate_to) out.emplace_back("mp-syndicate-to[]", s);
  put("mp-channel", p.channel);
  return out;
}

}  // namespace mxedge::indieweb
