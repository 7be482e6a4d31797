#pragma once
// The records the micropub service keeps in Redis (ARCHITECTURE "Redis", mp:* keys), as plain
// values. Secrets (access and refresh tokens, the PKCE verifier) are plaintext here: only the
// Redis store seals them at rest (common::SecretBox), so nothing above the store handles
// ciphertext.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mxedge/indieweb/authorization_request.hpp"

namespace mxedge::micropub {

// One IndieWeb site a Matrix user has linked (a field of mp:user:<mxid>).
struct LinkedSite {
  std::string me;  // canonical profile URL, the site's key
  std::string issuer;
  std::string token_endpoint;
  std::string revocation_endpoint;
  std::string micropub_endpoint;
  std::string media_endpoint;
  std::string scope;                      // the scopes granted
  std::string access_token;               // secret
  std::string refresh_token;              // secret; empty when the server gave none
  int64_t expires_at_ms = 0;              // unix ms; 0 = no expiry given
  std::vector<std::string> syndicate_to;  // uids from q=config
  std::vector<std::string> categories;    // from q=config / q=category
  // False from the redirect until the Matrix user confirms in the DM (!confirm): the site is
  // not used before.
  bool confirmed = true;
  friend bool operator==(const LinkedSite&, const LinkedSite&) = default;
};

// Properties the next post gets (`!draft`, `!unlisted`, `!slug x` …) or every post by default.
struct PostSettings {
  bool draft = false;
  std::string visibility;  // "", "public", "unlisted" or "private"
  std::string slug;
  std::vector<std::string> syndicate_to;
  std::string channel;
  bool Empty() const {
    return !draft && visibility.empty() && slug.empty() && syndicate_to.empty() && channel.empty();
  }
  friend bool operator==(const PostSettings&, const PostSettings&) = default;
};

// Per-user state besides the sites (one field of mp:user:<mxid>).
struct UserPrefs {
  std::string current_site;   // `me` of the site posts go to; empty = the only one linked
  std::string dm_room_id;     // the user's unencrypted DM with the bot
  PostSettings next;          // consumed by the next post
  PostSettings defaults;      // applied to every post
  std::string last_event_id;  // the event of the last post made (for !undo)
  // The create the bot asked about (for !retry): its event id, type and content JSON.
  std::string retry_event_id;
  std::string retry_event_type;
  std::string retry_content_json;
  friend bool operator==(const UserPrefs&, const UserPrefs&) = default;
};

// A pending IndieAuth request under mp:auth:<state>, bound to the Matrix user and DM.
struct PendingLink {
  indieweb::PendingAuthorization authorization;  // holds `state` and the PKCE verifier
  std::string mxid;
  std::string room_id;
};

// A create in flight under mp:pending:<event_id>: written before the POST.
struct PendingPost {
  std::string mxid;
  std::string me;    // the site posted to
  std::string slug;  // the deterministic mp-slug sent
  std::string url;   // the post's URL once known (e.g. a 202 with Location), else empty
  friend bool operator==(const PendingPost&, const PendingPost&) = default;
};

// The post made from an event, under mp:post:<event_id>.
struct PostRecord {
  std::string mxid;
  std::string me;
  std::string url;
  friend bool operator==(const PostRecord&, const PostRecord&) = default;
};

}  // namespace mxedge::micropub
