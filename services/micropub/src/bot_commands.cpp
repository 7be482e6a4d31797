// Bot: the commands (docs/micropub.md).
#include "bot.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/micropub_client.hpp"
#include "post_settings.hpp"

namespace mxedge::micropub {

absl::Status Bot::HandleCommand(Turn& turn, const Command& command) {
  switch (command.kind) {
    case CommandKind::kHelp:
      return Say(turn, HelpText());
    case CommandKind::kIndieAuth:
      return HandleIndieAuth(turn, command);
    case CommandKind::kLogout:
      return HandleLogout(turn, command);
    case CommandKind::kUndo:
      return HandleUndo(turn);
    case CommandKind::kRetry:
      return HandleRetry(turn);
    case CommandKind::kReply:
    case CommandKind::kLike:
    case CommandKind::kRepost:
    case CommandKind::kBookmark: {
      EventAction action;
      action.kind = ActionKind::kCreate;
      if (command.kind == CommandKind::kReply) {
        action.post.in_reply_to = command.url;
        action.post.content = command.text;
        action.post.category = ExtractTags(command.text);
      } else if (command.kind == CommandKind::kLike) {
        action.post.like_of = command.url;
      } else if (command.kind == CommandKind::kRepost) {
        action.post.repost_of = command.url;
      } else {
        action.post.bookmark_of = command.url;
        action.post.content = command.text;
      }
      return HandleCreate(turn, action, turn.event.event_id(), /*retry=*/false);
    }
    default:
      break;
  }
  absl::StatusOr<std::vector<LinkedSite>> sites = store_.Sites(turn.user);
  if (!sites.ok()) {
    return sites.status();
  }
  absl::StatusOr<UserPrefs> prefs = store_.Prefs(turn.user);
  if (!prefs.ok()) {
    return prefs.status();
  }
  absl::StatusOr<LinkedSite> current = CurrentSite(*sites, *prefs);
  switch (command.kind) {
    case CommandKind::kConfirm: {
      for (LinkedSite& site : *sites) {
        if (site.confirmed) {
          continue;
        }
        site.confirmed = true;
        if (absl::Status stored = store_.PutSite(turn.user, site); !stored.ok()) {
          return stored;
        }
        prefs->current_site = site.me;
        if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
          return stored;
        }
        metrics_.CountLink("confirmed");
        common::LogInfo("site linked", {{"me", site.me}});
        return Say(turn, common::Cat("Linked ", site.me,
                                     ". Every message you send here is now posted there."));
      }
      return Say(turn, "There is no site waiting for confirmation.");
    }
    case CommandKind::kSites:
      return Say(turn, SitesText(*sites, *prefs));
    case CommandKind::kConfig:
      return Say(turn, ConfigText(*prefs, current.ok() ? &*current : nullptr));
    case CommandKind::kUse: {
      absl::StatusOr<LinkedSite> chosen = FindSite(*sites, command.argument);
      if (!chosen.ok()) {
        return Say(turn, std::string(chosen.status().message()));
      }
      prefs->current_site = chosen->me;
      if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
        return stored;
      }
      return Say(turn, common::Cat("Posting to ", chosen->me, " from now on."));
    }
    default: {
      absl::StatusOr<std::string> answer =
          ApplySettingCommand(command, current.ok() ? &*current : nullptr, *prefs);
      if (!answer.ok()) {
        return Say(turn, std::string(answer.status().message()));
      }
      if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
        return stored;
      }
      return Say(turn, *answer);
    }
  }
}

absl::Status Bot::HandleIndieAuth(Turn& turn, const Command& command) {
  absl::StatusOr<std::string> me = indieweb::CanonicalProfileUrl(command.url, options_.profile);
  if (!me.ok()) {
    return Say(turn, common::Cat("That is not a site address I can use: ", me.status().message()));
  }
  return StartLink(turn, *me, options_.scope, "");
}

absl::Status Bot::StartLink(Turn& turn, const std::string& me, const std::string& scope,
                            std::string_view intro) {
  absl::StatusOr<indieweb::Discovery> found = discoverer_.Discover(me);
  if (!found.ok()) {
    return Explain(turn, found.status(), common::Cat(intro, "Looking up ", me));
  }
  if (found->micropub_endpoint.empty()) {
    return Say(turn, common::Cat(intro, me,
                                 " declares no Micropub endpoint, so the bot cannot post "
                                 "to it."));
  }
  absl::StatusOr<indieweb::AuthorizationRequest> request =
      indieweb::BuildAuthorizationRequest(*found, options_.client, me, scope);
  if (!request.ok()) {
    return Say(turn, common::Cat("Your site's login cannot be used: ", request.status().message()));
  }
  PendingLink link{request->pending, turn.user, turn.event.room_id()};
  if (absl::Status stored = store_.PutAuth(link, options_.auth_ttl); !stored.ok()) {
    return stored;
  }
  metrics_.CountLink("started");
  common::LogInfo("indieauth started", {{"me", me}});
  return Say(turn, common::Cat(intro, "Open this link to let the bot post to ", me,
                               " (valid for 10 minutes):\n", request->url));
}

absl::Status Bot::HandleLogout(Turn& turn, const Command& command) {
  absl::StatusOr<std::vector<LinkedSite>> sites = store_.Sites(turn.user);
  if (!sites.ok()) {
    return sites.status();
  }
  absl::StatusOr<UserPrefs> prefs = store_.Prefs(turn.user);
  if (!prefs.ok()) {
    return prefs.status();
  }
  absl::StatusOr<LinkedSite> site =
      command.argument.empty() ? CurrentSite(*sites, *prefs) : FindSite(*sites, command.argument);
  if (!site.ok()) {
    return Say(turn, std::string(site.status().message()));
  }
  const absl::Status revoked =
      auth_.Revoke(site->revocation_endpoint, site->token_endpoint, site->access_token);
  if (absl::StatusOr<bool> removed = store_.RemoveSite(turn.user, site->me); !removed.ok()) {
    return removed.status();
  }
  if (prefs->current_site == site->me) {
    prefs->current_site.clear();
    if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
      return stored;
    }
  }
  common::LogInfo("site unlinked", {{"me", site->me}, {"revoked", revoked.ok()}});
  return Say(turn, revoked.ok() ? common::Cat("Unlinked ", site->me, "; its token is revoked.")
                                : common::Cat("Unlinked ", site->me,
                                              ", but the site did not confirm "
                                              "revoking the token: ",
                                              revoked.message()));
}

absl::Status Bot::HandleUndo(Turn& turn) {
  absl::StatusOr<UserPrefs> prefs = store_.Prefs(turn.user);
  if (!prefs.ok()) {
    return prefs.status();
  }
  if (prefs->last_event_id.empty()) {
    return Say(turn, "There is no post to undo.");
  }
  EventAction action;
  action.kind = ActionKind::kDelete;
  action.target_event_id = prefs->last_event_id;
  absl::StatusOr<std::optional<PostRecord>> post = store_.Post(prefs->last_event_id);
  if (!post.ok()) {
    return post.status();
  }
  if (!post->has_value()) {
    return Say(turn, "Your last post is already deleted.");
  }
  prefs->last_event_id.clear();
  if (absl::Status stored = store_.PutPrefs(turn.user, *prefs); !stored.ok()) {
    return stored;
  }
  return HandleChange(turn, action);
}

absl::Status Bot::HandleRetry(Turn& turn) {
  absl::StatusOr<UserPrefs> prefs = store_.Prefs(turn.user);
  if (!prefs.ok()) {
    return prefs.status();
  }
  if (prefs->retry_event_id.empty()) {
    return Say(turn, "There is nothing to retry.");
  }
  mxedge::v1::MatrixEvent original;
  original.set_event_id(prefs->retry_event_id);
  original.set_room_id(turn.event.room_id());
  original.set_sender(turn.user);
  original.set_type(prefs->retry_event_type);
  original.set_content_json(prefs->retry_content_json);
  absl::StatusOr<EventAction> action = MapEvent(original, options_.mapping);
  if (!action.ok() ||
      (action->kind != ActionKind::kCreate && action->kind != ActionKind::kCreateMedia)) {
    return Say(turn, "The message to retry can no longer be read.");
  }
  return HandleCreate(turn, *action, prefs->retry_event_id, /*retry=*/true);
}

}  // namespace mxedge::micropub
