#include "redis_micropub_store.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "record_codec.hpp"

namespace mxedge::micropub {
namespace {

constexpr std::string_view kSiteField = "site:";
constexpr std::string_view kPrefsField = "prefs";

std::string TokenAad(std::string_view mxid, std::string_view me) {
  return common::Cat("mp:token:", mxid, ":", me);
}
std::string RefreshAad(std::string_view mxid, std::string_view me) {
  return common::Cat("mp:refresh:", mxid, ":", me);
}
std::string AuthAad(std::string_view state) { return common::Cat("mp:auth:", state); }

absl::Status Corrupt(std::string_view key, const absl::Status& why) {
  return absl::DataLossError(common::Cat("unreadable ", key, ": ", why.message()));
}

// Decodes a stored JSON record or reports DataLoss naming the key.
template <typename T, typename Decode>
absl::StatusOr<std::optional<T>> DecodeStored(const std::optional<std::string>& stored,
                                              std::string_view key, Decode decode) {
  if (!stored.has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<T> value = decode(*stored);
  if (!value.ok()) {
    return Corrupt(key, value.status());
  }
  return *std::move(value);
}

}  // namespace

std::string RedisMicropubStore::Key(std::string_view name) const {
  return common::Cat(prefix_, name);
}

absl::Status RedisMicropubStore::PutSite(std::string_view mxid, const LinkedSite& site) {
  LinkedSite sealed = site;
  absl::StatusOr<std::string> token = box_.Seal(site.access_token, TokenAad(mxid, site.me));
  if (!token.ok()) {
    return token.status();
  }
  sealed.access_token = *std::move(token);
  if (!site.refresh_token.empty()) {
    absl::StatusOr<std::string> refresh = box_.Seal(site.refresh_token, RefreshAad(mxid, site.me));
    if (!refresh.ok()) {
      return refresh.status();
    }
    sealed.refresh_token = *std::move(refresh);
  }
  absl::StatusOr<int64_t> set =
      redis::HSet(redis_, Key(common::Cat("mp:user:", mxid)), common::Cat(kSiteField, site.me),
                  EncodeLinkedSite(sealed));
  return set.status();
}

absl::StatusOr<LinkedSite> RedisMicropubStore::OpenSite(std::string_view mxid,
                                                        std::string_view stored) const {
  absl::StatusOr<LinkedSite> site = DecodeLinkedSite(stored);
  if (!site.ok()) {
    return site.status();
  }
  absl::StatusOr<std::string> token = box_.Open(site->access_token, TokenAad(mxid, site->me));
  if (!token.ok()) {
    return absl::InvalidArgumentError(
        common::Cat("access token of ", site->me, " does not open: ", token.status().message()));
  }
  site->access_token = *std::move(token);
  if (!site->refresh_token.empty()) {
    absl::StatusOr<std::string> refresh =
        box_.Open(site->refresh_token, RefreshAad(mxid, site->me));
    if (!refresh.ok()) {
      return absl::InvalidArgumentError(common::Cat(
          "refresh token of ", site->me, " does not open: ", refresh.status().message()));
    }
    site->refresh_token = *std::move(refresh);
  }
  return site;
}

absl::StatusOr<std::vector<LinkedSite>> RedisMicropubStore::Sites(std::string_view mxid) {
  const std::string key = Key(common::Cat("mp:user:", mxid));
  absl::StatusOr<std::map<std::string, std::string>> fields = redis::HGetAll(redis_, key);
  if (!fields.ok()) {
    return fields.status();
  }
  std::vector<LinkedSite> sites;
  for (const auto& [field, value] : *fields) {
    if (!field.starts_with(kSiteField)) {
      continue;
    }
    absl::StatusOr<LinkedSite> site = OpenSite(mxid, value);
    if (!site.ok()) {
      return Corrupt(common::Cat(key, " ", field), site.status());
    }
    sites.push_back(*std::move(site));
  }
  std::sort(sites.begin(), sites.end(),
            [](const LinkedSite& a, const LinkedSite& b) { return a.me < b.me; });
  return sites;
}

absl::StatusOr<bool> RedisMicropubStore::RemoveSite(std::string_view mxid, std::string_view me) {
  const std::vector<std::string> fields = {common::Cat(kSiteField, me)};
  absl::StatusOr<int64_t> removed = redis::HDel(redis_, Key(common::Cat("mp:user:", mxid)), fields);
  if (!removed.ok()) {
    return removed.status();
  }
  return *removed > 0;
}

absl::StatusOr<UserPrefs> RedisMicropubStore::Prefs(std::string_view mxid) {
  const std::string key = Key(common::Cat("mp:user:", mxid));
  absl::StatusOr<std::optional<std::string>> stored = redis::HGet(redis_, key, kPrefsField);
  if (!stored.ok()) {
    return stored.status();
  }
  absl::StatusOr<std::optional<UserPrefs>> prefs =
      DecodeStored<UserPrefs>(*stored, common::Cat(key, " prefs"), DecodeUserPrefs);
  if (!prefs.ok()) {
    return prefs.status();
  }
  return prefs->value_or(UserPrefs{});
}

absl::Status RedisMicropubStore::PutPrefs(std::string_view mxid, const UserPrefs& prefs) {
  return redis::HSet(redis_, Key(common::Cat("mp:user:", mxid)), kPrefsField,
                     EncodeUserPrefs(prefs))
      .status();
}

absl::Status RedisMicropubStore::PutAuth(const PendingLink& link, std::chrono::milliseconds ttl) {
  const std::string& state = link.authorization.state;
  absl::StatusOr<std::string> sealed = box_.Seal(EncodePendingLink(link), AuthAad(state));
  if (!sealed.ok()) {
    return sealed.status();
  }
  return redis::Set(redis_, Key(common::Cat("mp:auth:", state)), *sealed, {.ttl = ttl}).status();
}

absl::StatusOr<std::optional<PendingLink>> RedisMicropubStore::TakeAuth(std::string_view state) {
  const std::string key = Key(common::Cat("mp:auth:", state));
  absl::StatusOr<std::optional<std::string>> stored = redis::GetDel(redis_, key);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<std::string> opened = box_.Open(**stored, AuthAad(state));
  if (!opened.ok()) {
    return Corrupt(key, opened.status());
  }
  return DecodeStored<PendingLink>(*opened, key, DecodePendingLink);
}

absl::StatusOr<bool> RedisMicropubStore::TryBeginPending(std::string_view event_id,
                                                         const PendingPost& post,
                                                         std::chrono::milliseconds ttl) {
  return redis::Set(redis_, Key(common::Cat("mp:pending:", event_id)), EncodePendingPost(post),
                    {.condition = redis::SetCondition::kIfNotExists, .ttl = ttl});
}

absl::StatusOr<std::optional<PendingPost>> RedisMicropubStore::Pending(std::string_view event_id) {
  const std::string key = Key(common::Cat("mp:pending:", event_id));
  absl::StatusOr<std::optional<std::string>> stored = redis::Get(redis_, key);
  if (!stored.ok()) {
    return stored.status();
  }
  return DecodeStored<PendingPost>(*stored, key, DecodePendingPost);
}

absl::Status RedisMicropubStore::ClearPending(std::string_view event_id) {
  return redis::Del(redis_, Key(common::Cat("mp:pending:", event_id))).status();
}

absl::Status RedisMicropubStore::PutPost(std::string_view event_id, const PostRecord& post) {
  return redis::Set(redis_, Key(common::Cat("mp:post:", event_id)), EncodePostRecord(post))
      .status();
}

absl::StatusOr<std::optional<PostRecord>> RedisMicropubStore::Post(std::string_view event_id) {
  const std::string key = Key(common::Cat("mp:post:", event_id));
  absl::StatusOr<std::optional<std::string>> stored = redis::Get(redis_, key);
  if (!stored.ok()) {
    return stored.status();
  }
  return DecodeStored<PostRecord>(*stored, key, DecodePostRecord);
}

absl::Status RedisMicropubStore::RemovePost(std::string_view event_id) {
  return redis::Del(redis_, Key(common::Cat("mp:post:", event_id))).status();
}

absl::Status RedisMicropubStore::PutRoom(std::string_view room_id, std::string_view mxid) {
  return redis::Set(redis_, Key(common::Cat("mp:room:", room_id)), mxid).status();
}

absl::StatusOr<std::optional<std::string>> RedisMicropubStore::RoomUser(std::string_view room_id) {
  return redis::Get(redis_, Key(common::Cat("mp:room:", room_id)));
}

absl::Status RedisMicropubStore::RemoveRoom(std::string_view room_id) {
  return redis::Del(redis_, Key(common::Cat("mp:room:", room_id))).status();
}

}  // namespace mxedge::micropub
