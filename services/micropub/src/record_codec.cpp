#include "record_codec.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

using nlohmann::json;

// Reads typed fields of one JSON object; the first problem is kept and reported by status().
class FieldReader {
 public:
  FieldReader(const json& object, std::string_view record) : object_(object), record_(record) {}

  std::string String(std::string_view key, bool required = true) {
    const json* value = Find(key, required);
    if (value == nullptr) {
      return {};
    }
    if (!value->is_string()) {
      Fail(key, "is not a string");
      return {};
    }
    return value->get<std::string>();
  }

  int64_t Integer(std::string_view key) {
    const json* value = Find(key, false);
    if (value == nullptr) {
      return 0;
    }
    if (!value->is_number_integer()) {
      Fail(key, "is not an integer");
      return 0;
    }
    return value->get<int64_t>();
  }

  bool Bool(std::string_view key, bool missing = false) {
    const json* value = Find(key, false);
    if (value == nullptr) {
      return missing;
    }
    if (!value->is_boolean()) {
      Fail(key, "is not a boolean");
      return false;
    }
    return value->get<bool>();
  }

  std::vector<std::string> Strings(std::string_view key) {
    std::vector<std::string> out;
    const json* value = Find(key, false);
    if (value == nullptr) {
      return out;
    }
    if (!value->is_array()) {
      Fail(key, "is not an array");
      return out;
    }
    for (const json& item : *value) {
      if (!item.is_string()) {
        Fail(key, "has an element that is not a string");
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  const json* Object(std::string_view key) {
    const json* value = Find(key, false);
    if (value != nullptr && !value->is_object()) {
      Fail(key, "is not an object");
      return nullptr;
    }
    return value;
  }

  void Merge(const absl::Status& status) {
    if (status_.ok() && !status.ok()) {
      status_ = status;
    }
  }
  const absl::Status& status() const { return status_; }

 private:
  const json* Find(std::string_view key, bool required) {
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (required) {
        Fail(key, "is missing");
      }
      return nullptr;
    }
    return &*it;
  }
  void Fail(std::string_view key, std::string_view problem) {
    if (status_.ok()) {
      status_ = absl::InvalidArgumentError(
          common::Cat("micropub ", record_, " record: \"", key, "\" ", problem));
    }
  }

  const json& object_;
  std::string_view record_;
  absl::Status status_;
};

absl::StatusOr<json> ParseObject(std::string_view text, std::string_view record) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return absl::InvalidArgumentError(common::Cat("micropub ", record, " record is not JSON"));
  }
  if (!parsed.is_object()) {
    return absl::InvalidArgumentError(
        common::Cat("micropub ", record, " record is not a JSON object"));
  }
  return parsed;
}

// Strings from Redis may hold invalid UTF-8 only if someone wrote them by hand; dump replaces
// such bytes instead of throwing.
std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

json SettingsToJson(const PostSettings& s) {
  return json{{"draft", s.draft},
              {"visibility", s.visibility},
              {"slug", s.slug},
              {"syndicate_to", s.syndicate_to},
              {"channel", s.channel}};
}

PostSettings SettingsFromJson(const json* object, std::string_view record, FieldReader& outer) {
  PostSettings s;
  if (object == nullptr) {
    return s;
  }
  FieldReader r(*object, record);
  s.draft = r.Bool("draft");
  s.visibility = r.String("visibility", false);
  s.slug = r.String("slug", false);
  s.syndicate_to = r.Strings("syndicate_to");
  s.channel = r.String("channel", false);
  if (!s.visibility.empty() && s.visibility != "public" && s.visibility != "unlisted" &&
      s.visibility != "private") {
    outer.Merge(absl::InvalidArgumentError(
        common::Cat("micropub ", record, " record: unknown visibility \"", s.visibility, "\"")));
  }
  outer.Merge(r.status());
  return s;
}

}  // namespace

std::string EncodeLinkedSite(const LinkedSite& site) {
  return Dump(json{{"me", site.me},
                   {"issuer", site.issuer},
                   {"token_endpoint", site.token_endpoint},
                   {"revocation_endpoint", site.revocation_endpoint},
                   {"micropub_endpoint", site.micropub_endpoint},
                   {"media_endpoint", site.media_endpoint},
                   {"scope", site.scope},
                   {"access_token", site.access_token},
                   {"refresh_token", site.refresh_token},
                   {"expires_at_ms", site.expires_at_ms},
                   {"syndicate_to", site.syndicate_to},
                   {"categories", site.categories},
                   {"confirmed", site.confirmed}});
}

absl::StatusOr<LinkedSite> DecodeLinkedSite(std::string_view text) {
  absl::StatusOr<json> parsed = ParseObject(text, "site");
  if (!parsed.ok()) {
    return parsed.status();
  }
  FieldReader r(*parsed, "site");
  LinkedSite site;
  site.me = r.String("me");
  site.issuer = r.String("issuer", false);
  site.token_endpoint = r.String("token_endpoint", false);
  site.revocation_endpoint = r.String("revocation_endpoint", false);
  site.micropub_endpoint = r.String("micropub_endpoint");
  site.media_endpoint = r.String("media_endpoint", false);
  site.scope = r.String("scope", false);
  site.access_token = r.String("access_token");
  site.refresh_token = r.String("refresh_token", false);
  site.expires_at_ms = r.Integer("expires_at_ms");
  site.syndicate_to = r.Strings("syndicate_to");
  site.categories = r.Strings("categories");
  site.confirmed = r.Bool("confirmed", /*missing=*/true);
  if (!r.status().ok()) {
    return r.status();
  }
  if (site.me.empty() || site.micropub_endpoint.empty()) {
    return absl::InvalidArgumentError(
        "micropub site record: empty \"me\" or \"micropub_endpoint\"");
  }
  return site;
}

std::string EncodeUserPrefs(const UserPrefs& prefs) {
  return Dump(json{{"current_site", prefs.current_site},
                   {"dm_room_id", prefs.dm_room_id},
                   {"next", SettingsToJson(prefs.next)},
                   {"defaults", SettingsToJson(prefs.defaults)},
                   {"last_event_id", prefs.last_event_id},
                   {"retry_event_id", prefs.retry_event_id},
                   {"retry_event_type", prefs.retry_event_type},
                   {"retry_content_json", prefs.retry_content_json}});
}

absl::StatusOr<UserPrefs> DecodeUserPrefs(std::string_view text) {
  absl::StatusOr<json> parsed = ParseObject(text, "prefs");
  if (!parsed.ok()) {
    return parsed.status();
  }
  FieldReader r(*parsed, "prefs");
  UserPrefs prefs;
  prefs.current_site = r.String("current_site", false);
  prefs.dm_room_id = r.String("dm_room_id", false);
  prefs.next = SettingsFromJson(r.Object("next"), "prefs.next", r);
  prefs.defaults = SettingsFromJson(r.Object("defaults"), "prefs.defaults", r);
  prefs.last_event_id = r.String("last_event_id", false);
  prefs.retry_event_id = r.String("retry_event_id", false);
  prefs.retry_event_type = r.String("retry_event_type", false);
  prefs.retry_content_json = r.String("retry_content_json", false);
  if (!r.status().ok()) {
    return r.status();
  }
  return prefs;
}

std::string EncodePendingLink(const PendingLink& link) {
  const indieweb::PendingAuthorization& a = link.authorization;
  return Dump(json{{"state", a.state},
                   {"code_verifier", a.code_verifier},
                   {"me", a.me},
                   {"scope", a.scope},
                   {"issuer", a.issuer},
                   {"authorization_endpoint", a.authorization_endpoint},
                   {"token_endpoint", a.token_endpoint},
                   {"revocation_endpoint", a.revocation_endpoint},
                   {"micropub_endpoint", a.micropub_endpoint},
                   {"media_endpoint", a.media_endpoint},
                   {"discovery_urls", a.discovery_urls},
                   {"mxid", link.mxid},
                   {"room_id", link.room_id}});
}

absl::StatusOr<PendingLink> DecodePendingLink(std::string_view text) {
  absl::StatusOr<json> parsed = ParseObject(text, "auth");
  if (!parsed.ok()) {
    return parsed.status();
  }
  FieldReader r(*parsed, "auth");
  PendingLink link;
  indieweb::PendingAuthorization& a = link.authorization;
  a.state = r.String("state");
  a.code_verifier = r.String("code_verifier");
  a.me = r.String("me");
  a.scope = r.String("scope", false);
  a.issuer = r.String("issuer", false);
  a.authorization_endpoint = r.String("authorization_endpoint");
  a.token_endpoint = r.String("token_endpoint");
  a.revocation_endpoint = r.String("revocation_endpoint", false);
  a.micropub_endpoint = r.String("micropub_endpoint", false);
  a.media_endpoint = r.String("media_endpoint", false);
  a.discovery_urls = r.Strings("discovery_urls");
  link.mxid = r.String("mxid");
  link.room_id = r.String("room_id");
  if (!r.status().ok()) {
    return r.status();
  }
  return link;
}

std::string EncodePendingPost(const PendingPost& post) {
  return Dump(json{{"mxid", post.mxid}, {"me", post.me}, {"slug", post.slug}, {"url", post.url}});
}

absl::StatusOr<PendingPost> DecodePendingPost(std::string_view text) {
  absl::StatusOr<json> parsed = ParseObject(text, "pending");
  if (!parsed.ok()) {
    return parsed.status();
  }
  FieldReader r(*parsed, "pending");
  PendingPost post;
  post.mxid = r.String("mxid");
  post.me = r.String("me");
  post.slug = r.String("slug");
  post.url = r.String("url", false);
  if (!r.status().ok()) {
    return r.status();
  }
  return post;
}

std::string EncodePostRecord(const PostRecord& post) {
  return Dump(json{{"mxid", post.mxid}, {"me", post.me}, {"url", post.url}});
}

absl::StatusOr<PostRecord> DecodePostRecord(std::string_view text) {
  absl::StatusOr<json> parsed = ParseObject(text, "post");
  if (!parsed.ok()) {
    return parsed.status();
  }
  FieldReader r(*parsed, "post");
  PostRecord post;
  post.mxid = r.String("mxid");
  post.me = r.String("me");
  post.url = r.String("url");
  if (!r.status().ok()) {
    return r.status();
  }
  if (post.url.empty()) {
    return absl::InvalidArgumentError("micropub post record: empty \"url\"");
  }
  return post;
}

}  // namespace mxedge::micropub
