#include "bot.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "mxedge/indieweb/micropub_error.hpp"
#include "mxedge/indieweb/post_update.hpp"
#include "nlohmann/json.hpp"
#include "post_settings.hpp"

namespace mxedge::micropub {
namespace {

constexpr std::string_view kEncryptedNotice =
    "I cannot read encrypted messages, so I cannot post them. I have opened a new, unencrypted "
    "chat with you: write to me there.";

// The create's outcome for the posts metric.
std::string_view PostOutcome(const absl::Status& status) {
  if (status.ok()) {
    return "posted";
  }
  return IsDefiniteRefusal(status) || status.code() == absl::StatusCode::kUnauthenticated
             ? "refused"
             : "failed";
}

// Seconds for the user, rounded up.
int64_t Seconds(std::chrono::milliseconds ms) { return (ms.count() + 999) / 1000; }

std::string MediaProperty(MediaKind kind) {
  switch (kind) {
    case MediaKind::kVideo:
      return "video";
    case MediaKind::kAudio:
      return "audio";
    default:
      return "photo";
  }
}

}  // namespace

bool IsTransient(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kResourceExhausted ||
         status.code() == absl::StatusCode::kAborted;
}

Bot::Bot(MicropubStore& store, MatrixActions& matrix, indieweb::GuardedHttpClient& web,
         indieweb::Discoverer& discoverer, indieweb::IndieAuthClient& auth, BotOptions options,
         const common::Clock& clock, MicropubMetrics& metrics)
    : store_(store),
      matrix_(matrix),
      web_(web),
      discoverer_(discoverer),
      auth_(auth),
      options_(std::move(options)),
      metrics_(metrics),
      publisher_(store, options_.pending_ttl),
      access_(store, web, auth, clock, metrics, options_.site),
      limiter_(clock, options_.post_rate) {}

absl::Status Bot::Say(Turn& turn, std::string_view text) {
  const std::string key = common::Cat("mp:", turn.event.event_id(), ":", ++turn.notices);
  return matrix_.Notice(turn.event.room_id(), text, key);
}

HandleResult Bot::Handle(const mxedge::v1::MatrixEvent& event) {
  if (event.sender() == options_.bot_user_id) {
    return {};
  }
  absl::StatusOr<EventAction> action = MapEvent(event, options_.mapping);
  if (!action.ok()) {
    return {false, common::Cat("unreadable event: ", action.status().message())};
  }
  absl::Status status;
  if (action->kind == ActionKind::kMembership) {
    status = HandleMembership(event);
    return {!status.ok() && IsTransient(status), std::string(status.message())};
  }
  absl::StatusOr<std::optional<std::string>> owner = store_.RoomUser(event.room_id());
  if (!owner.ok()) {
    return {true, std::string(owner.status().message())};
  }
  if (!owner->has_value() || **owner != event.sender()) {
    return {false, "not a DM with this user"};
  }
  Turn turn{event, event.sender()};
  switch (action->kind) {
    case ActionKind::kIgnore:
      return {false, action->reason};
    case ActionKind::kBadCommand:
      status = Say(turn, action->reason);
      break;
    case ActionKind::kCommand:
      status = HandleCommand(turn, action->command);
      break;
    case ActionKind::kEncrypted: {
      absl::StatusOr<std::string> room = matrix_.CreateDirectRoom(turn.user);
      if (!room.ok()) {
        status = room.status();
        break;
      }
      if (status = store_.PutRoom(*room, turn.user); !status.ok()) {
        break;
      }
      status = Say(turn, kEncryptedNotice);
      break;
    }
    case ActionKind::kCreate:
    case ActionKind::kCreateMedia:
      status = HandleCreate(turn, *action, event.event_id(), /*retry=*/false);
      break;
    case ActionKind::kUpdate:
    case ActionKind::kDelete:
    case ActionKind::kLike:
      status = HandleChange(turn, *action);
      break;
    case ActionKind::kMembership:
      break;
  }
  if (!status.ok()) {
    common::LogWarn("micropub event failed",
                    {{"event_id", event.event_id()}, {"error", std::string(status.message())}});
  }
  return {!status.ok() && IsTransient(status), std::string(status.message())};
}

absl::Status Bot::HandleMembership(const mxedge::v1::MatrixEvent& event) {
  if (!event.has_state_key() || event.state_key() != options_.bot_user_id) {
    return absl::OkStatus();
  }
  const nlohmann::json content =
      nlohmann::json::parse(event.content_json(), nullptr, /*allow_exceptions=*/false);
  if (!content.is_object() || !content.contains("membership") ||
      !content["membership"].is_string()) {
    return absl::InvalidArgumentError("m.room.member without a membership");
  }
  const std::string membership = content["membership"].get<std::string>();
  if (membership == "invite") {
    if (absl::Status joined = matrix_.Join(event.room_id()); !joined.ok()) {
      return joined;
    }
    if (absl::Status put = store_.PutRoom(event.room_id(), event.sender()); !put.ok()) {
      return put;
    }
    absl::StatusOr<UserPrefs> prefs = store_.Prefs(event.sender());
    if (!prefs.ok()) {
      return prefs.status();
    }
    prefs->dm_room_id = event.room_id();
    if (absl::Status stored = store_.PutPrefs(event.sender(), *prefs); !stored.ok()) {
      return stored;
    }
    Turn turn{event, event.sender()};
    return Say(turn, HelpText());
  }
  if (membership == "leave" || membership == "ban") {
    return store_.RemoveRoom(event.room_id());
  }
  return absl::OkStatus();
}

absl::Status Bot::Explain(Turn& turn, const absl::Status& status, std::string_view what) {
  if (IsTransient(status) && !indieweb::MicropubErrorFromStatus(status).has_value()) {
    // Our own side (store, MatrixOut) or the site timing out: tell the router to try again.
    return status;
  }
  std::string text;
  if (std::optional<indieweb::MicropubError> error = indieweb::MicropubErrorFromStatus(status)) {
    switch (error->kind) {
      case indieweb::MicropubErrorKind::kUnauthorized:
      case indieweb::MicropubErrorKind::kLoginRedirect:
        text = common::Cat(what,
                           " failed: your site did not accept the bot's login. Link it "
                           "again with !indieauth.");
        break;
      case indieweb::MicropubErrorKind::kInsufficientScope:
        // @benjifs/micropub names no scope, only a message.
        text = error->scope.empty()
                   ? common::Cat(what, " failed: the bot's login lacks a permission your site ",
                                 "wants for this (", error->Summary(),
                                 "). Link your site again with !indieauth.")
                   : common::Cat(what, " failed: the bot needs the permission \"", error->scope,
                                 "\". Link your site again with !indieauth.");
        break;
      case indieweb::MicropubErrorKind::kForbidden:
        // Some servers (@benjifs/micropub) answer 403 for every token their token endpoint no
        // longer vouches for (revoked, or issued for another site), not only for a lack of rights.
        text = common::Cat(what, " failed: your site refused the bot (", error->Summary(),
                           "). If its login was revoked or the site changed, link it again with "
                           "!indieauth.");
        break;
      default:
        text = common::Cat(what, " failed: ", error->Summary());
    }
  } else if (status.code() == absl::StatusCode::kUnauthenticated) {
    text =
        common::Cat(what, " failed: ", status.message(), ". Link your site again with !indieauth.");
  } else {
    text = common::Cat(what, " failed: ", status.message());
  }
  return Say(turn, text);
}

absl::Status Bot::ExplainSite(Turn& turn, const absl::Status& status, std::string_view what,
                              const LinkedSite& site) {
  const std::optional<indieweb::MicropubError> error = indieweb::MicropubErrorFromStatus(status);
  if (!error.has_value() || error->kind != indieweb::MicropubErrorKind::kInsufficientScope ||
      error->scope.empty()) {
    return Explain(turn, status, what);
  }
  std::string scope = options_.scope;
  for (absl::string_view wanted : absl::StrSplit(error->scope, ' ', absl::SkipEmpty())) {
    const std::vector<absl::string_view> have = absl::StrSplit(scope, ' ', absl::SkipEmpty());
    if (std::find(have.begin(), have.end(), wanted) == have.end()) {
      absl::StrAppend(&scope, " ", wanted);
    }
  }
  return StartLink(turn, site.me, scope,
                   common::Cat(what, " failed: your site requires the permission \"", error->scope,
                               "\", which the bot was not given. "));
}

absl::Status Bot::HandleCreate(Turn& turn, const EventAction& action, std::string_view event_id,
                               bool retry) {
  absl::StatusOr<std::vector<LinkedSite>> sites = store_.Sites(turn.user);
  if (!sites.ok()) {
    return sites.status();
  }
  absl::StatusOr<UserPrefs> prefs = store_.Prefs(turn.user);
  if (!prefs.ok()) {
    return prefs.status();
  }
  absl::StatusOr<LinkedSite> site = CurrentSite(*sites, *prefs);
  if (!site.ok()) {
    metrics_.CountPost("no_site");
    return Say(turn, std::string(site.status().message()));
  }
  if (const RateDecision allowed = limiter_.TryTake(turn.user); !allowed.allowed) {
    metrics_.CountPost("rate_limited");
    metrics_.CountRateLimited("user_posts");
    common::LogInfo("post rate limited", {{"event_id", std::string(event_id)}});
    return Say(turn, common::Cat("You are posting faster than the bot allows (",
                                 options_.post_rate.posts_per_hour,
                                 " posts an hour). This message was not posted: send it again "
                                 "in ",
                                 Seconds(allowed.retry_after), " seconds."));
  }
  indieweb::Post post = action.post;
  if (!action.target_event_id.empty()) {
    absl::StatusOr<std::optional<PostRecord>> parent = store_.Post(action.target_event_id);
    if (!parent.ok()) {
      return parent.status();
    }
    post.in_reply_to = parent->has_value()
                           ? (*parent)->url
                           : MatrixToLink(turn.event.room_id(), action.target_event_id);
  }
  if (action.kind == ActionKind::kCreateMedia) {
    absl::StatusOr<indieweb::MediaFile> file =
        matrix_.Download(action.media.mxc_uri, options_.max_media_bytes);
    if (!file.ok()) {
      return Explain(turn, file.status(), "Fetching your file");
    }
    if (file->filename.empty()) {
      file->filename = action.media.filename;
    }
    if (file->content_type.empty()) {
      file->content_type = action.media.mimetype;
    }
    absl::StatusOr<std::string> url = access_.Call<std::string>(
        turn.user, *site, "media",
        [&](indieweb::MicropubClient& client) { return client.UploadMedia(*file); });
    if (!url.ok()) {
      metrics_.CountPost(PostOutcome(url.status()));
      return ExplainSite(turn, url.status(), "Uploading your file", *site);
    }
    indieweb::MediaRef ref{*url, action.post.content};
    std::vector<indieweb::MediaRef>& list = action.media.kind == MediaKind::kVideo   ? post.video
                                            : action.media.kind == MediaKind::kAudio ? post.audio
                                                                                     : post.photo;
    list.push_back(std::move(ref));
    common::LogDebug("media uploaded", {{"property", MediaProperty(action.media.kind)}});
  }
  const std::string fallback_slug = DeterministicSlug(event_id);
  ApplySettingsToPost(*prefs, fallback_slug, post);
  const PendingPost pending{turn.user, site->me, post.slug, ""};
  absl::StatusOr<CreateReport> report =
      access_.Call<CreateReport>(turn.user, *site, "create", [&](indieweb::MicropubClient& client) {
        return publisher_.Publish(client, event_id, pending, post, retry);
      });
  if (!report.ok()) {
    metrics_.CountPost(PostOutcome(report.status()));
    return ExplainSite(turn, report.status(), "Posting", *site);
  }
  metrics_.CountPost(report->outcome == CreateOutcome::kNeedsUser       ? "needs_user"
                     : report->outcome == CreateOutcome::kAlreadyPosted ? "already_posted"
                     : report->http_status == 202                       ? "accepted"
                                                                        : "posted");
  if (report->outcome == CreateOutcome::kNeedsUser) {
    prefs->retry_event_id = std::string(event_id);
    prefs->retry_event_type = turn.event.type();
    prefs->retry_content_json = turn.event.content_json();
    if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
      return stored;
    }
    return Say(turn,
               "I am not sure whether this message was already posted (the connection to your "
               "site broke). Check your site, and send !retry to post it.");
  }
  prefs->last_event_id = std::string(event_id);
  if (prefs->retry_event_id == event_id) {
    prefs->retry_event_id.clear();
    prefs->retry_event_type.clear();
    prefs->retry_content_json.clear();
  }
  if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
    return stored;
  }
  return Say(turn, report->outcome == CreateOutcome::kPosted && report->http_status == 202
                       ? common::Cat("Accepted, it will appear at ", report->url)
                       : common::Cat("Posted: ", report->url));
}

absl::Status Bot::HandleChange(Turn& turn, const EventAction& action) {
  absl::StatusOr<std::optional<PostRecord>> target = store_.Post(action.target_event_id);
  if (!target.ok()) {
    return target.status();
  }
  if (!target->has_value()) {
    return absl::OkStatus();  // no post was made from that event: nothing to change
  }
  absl::StatusOr<std::vector<LinkedSite>> sites = store_.Sites(turn.user);
  if (!sites.ok()) {
    return sites.status();
  }
  absl::StatusOr<LinkedSite> site = FindSite(*sites, (*target)->me);
  if (!site.ok()) {
    return Say(turn, std::string(site.status().message()));
  }
  const std::string url = (*target)->url;
  if (action.kind == ActionKind::kUpdate) {
    absl::StatusOr<indieweb::ChangeResult> changed = access_.Call<indieweb::ChangeResult>(
        turn.user, *site, "update", [&](indieweb::MicropubClient& client) {
          return client.Update(indieweb::PostUpdate::ReplaceContent(url, action.post.content));
        });
    if (!changed.ok()) {
      return ExplainSite(turn, changed.status(), "Updating", *site);
    }
    return Say(turn, common::Cat("Updated: ", url));
  }
  if (action.kind == ActionKind::kDelete) {
    absl::StatusOr<indieweb::ChangeResult> deleted = access_.Call<indieweb::ChangeResult>(
        turn.user, *site, "delete",
        [&](indieweb::MicropubClient& client) { return client.Delete(url); });
    if (!deleted.ok()) {
      return ExplainSite(turn, deleted.status(), "Deleting", *site);
    }
    if (absl::Status removed = store_.RemovePost(action.target_event_id); !removed.ok()) {
      return removed;
    }
    return Say(turn, common::Cat("Deleted: ", url));
  }
  EventAction like;
  like.kind = ActionKind::kCreate;
  like.post.like_of = url;
  return HandleCreate(turn, like, turn.event.event_id(), /*retry=*/false);
}

}  // namespace mxedge::micropub
