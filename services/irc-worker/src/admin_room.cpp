#include "admin_room.hpp"

#include <nlohmann/json.hpp>

#include "absl/strings/str_join.h"
#include "mxedge/bridge/admin_command.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

constexpr std::string_view kEncryptedWarning =
    "This room is encrypted and the bridge cannot read encrypted messages. I am opening a new, "
    "unencrypted room for your commands; please use that one.";

nlohmann::json ParseObject(const std::string& text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  return value.is_object() ? value : nlohmann::json::object();
}

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool InviteStateIsEncrypted(const v1::MatrixEvent& event) {
  const nlohmann::json unsigned_data = ParseObject(event.unsigned_json());
  auto state = unsigned_data.find("invite_room_state");
  if (state == unsigned_data.end() || !state->is_array()) {
    return false;
  }
  for (const nlohmann::json& stripped : *state) {
    if (stripped.is_object() && StringField(stripped, "type") == "m.room.encryption") {
      return true;
    }
  }
  return false;
}

}  // namespace

struct AdminRoom::Context {
  std::string network;
  std::string mxid;
  const AdminNetwork& net;
  const v1::MatrixEvent& event;
  std::string room_id;
  int replies = 0;
};

AdminRoom::AdminRoom(BridgedRooms& rooms, MatrixRooms& matrix, PuppetControl& puppets,
                     PortalCreator& portals,
                     std::map<std::string, AdminNetwork, std::less<>> networks,
                     UserCredentials* credentials)
    : rooms_(rooms),
      matrix_(matrix),
      puppets_(puppets),
      portals_(portals),
      networks_(std::move(networks)),
      credentials_(credentials) {}

bool AdminRoom::IsBotInvite(std::string_view network, const v1::MatrixEvent& event) const {
  auto it = networks_.find(network);
  if (it == networks_.end() || event.type() != "m.room.member" || !event.has_state_key() ||
      event.state_key() != it->second.bot_user_id) {
    return false;
  }
  const nlohmann::json content = ParseObject(event.content_json());
  auto direct = content.find("is_direct");
  return StringField(content, "membership") == "invite" && direct != content.end() &&
         direct->is_boolean() && direct->get<bool>();
}

v1::EventOutcome AdminRoom::Handle(std::string_view network, std::string_view mxid,
                                   const std::optional<BridgedRoom>& room,
                                   const v1::MatrixEvent& event) {
  auto net = networks_.find(network);
  if (net == networks_.end()) {
    return Outcome(event, v1::DELIVERY_OUTCOME_REJECTED, "admin room: unknown network");
  }
  Context ctx{std::string(network), std::string(mxid), net->second, event, event.room_id()};
  if (event.sender() != mxid) {
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  if (IsBotInvite(network, event)) {
    return OnInvite(ctx);
  }
  if (!room.has_value() || room->kind != RoomKind::kAdmin || room->user_id != mxid) {
    // Someone else's admin room, or a room that is not one: nothing to do.
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  const nlohmann::json content = ParseObject(event.content_json());
  if (event.type() == "m.room.encryption" || event.type() == "m.room.encrypted") {
    return ReplaceEncryptedRoom(ctx);
  }
  if (event.type() == "m.room.member" && event.has_state_key() && event.state_key() == mxid) {
    const std::string membership = StringField(content, "membership");
    if (membership == "leave" || membership == "ban") {
      if (absl::StatusOr<bool> removed = rooms_.Remove(ctx.room_id); !removed.ok()) {
        return FailureOutcome(event, removed.status(), "admin room");
      }
      if (absl::Status s = matrix_.Leave(net->second.bot_user_id, ctx.room_id); !s.ok()) {
        common::LogWarn("bridge bot did not leave the admin room", {{"error", s.ToString()}});
      }
      common::LogInfo("admin room left", {{"network", ctx.network}, {"room_id", ctx.room_id}});
    }
    return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
  }
  if (event.type() == "m.room.message" && StringField(content, "msgtype") == "m.text") {
    return OnCommandText(ctx, StringField(content, "body"));
  }
  return Outcome(event, v1::DELIVERY_OUTCOME_DONE);
}

absl::Status AdminRoom::Notify(std::string_view network, std::string_view mxid,
                               std::string_view body, std::string_view idempotency_key) {
  auto net = networks_.find(network);
  if (net == networks_.end()) {
    return absl::InvalidArgumentError(Cat("unknown network ", network));
  }
  absl::StatusOr<std::optional<std::string>> room = rooms_.AdminRoomOf(network, mxid);
  if (!room.ok()) {
    return room.status();
  }
  if (!room->has_value()) {
    return absl::OkStatus();
  }
  return matrix_.SendNotice(net->second.bot_user_id, **room, body, idempotency_key);
}

v1::EventOutcome AdminRoom::OnInvite(Context& ctx) {
  if (absl::Status s = matrix_.Join(ctx.net.bot_user_id, ctx.room_id); !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  if (InviteStateIsEncrypted(ctx.event)) {
    return ReplaceEncryptedRoom(ctx);
  }
  if (absl::Status s = rooms_.SetAdminRoom(ctx.network, ctx.mxid, ctx.room_id); !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  common::LogInfo("admin room opened", {{"network", ctx.network}, {"room_id", ctx.room_id}});
  return Reply(ctx,
               Cat("This is your admin room for ", ctx.network, ". Send !help for the commands."));
}

v1::EventOutcome AdminRoom::ReplaceEncryptedRoom(Context& ctx) {
  const std::string key = Cat("admin:", ctx.event.event_id(), ":");
  if (absl::Status s =
          matrix_.SendNotice(ctx.net.bot_user_id, ctx.room_id, kEncryptedWarning, key + "warn");
      !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  RoomCreation creation;
  creation.as_user = ctx.net.bot_user_id;
  creation.name = Cat("IRC (", ctx.network, ")");
  creation.is_direct = true;
  creation.invite = {ctx.mxid};
  absl::StatusOr<std::string> fresh = matrix_.CreateRoom(creation);
  if (!fresh.ok()) {
    return FailureOutcome(ctx.event, fresh.status(), "admin room");
  }
  if (absl::Status s = rooms_.SetAdminRoom(ctx.network, ctx.mxid, *fresh); !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  if (absl::Status s = matrix_.Leave(ctx.net.bot_user_id, ctx.room_id); !s.ok()) {
    common::LogWarn("bridge bot did not leave the encrypted room", {{"error", s.ToString()}});
  }
  common::LogInfo("encrypted admin room replaced",
                  {{"network", ctx.network}, {"old_room_id", ctx.room_id}, {"room_id", *fresh}});
  if (absl::Status s = matrix_.SendNotice(
          ctx.net.bot_user_id, *fresh,
          Cat("This is your admin room for ", ctx.network, ". Send !help for the commands."),
          key + "welcome");
      !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
}

v1::EventOutcome AdminRoom::Reply(Context& ctx, std::string_view text) {
  const std::string key = Cat("admin:", ctx.event.event_id(), ":", ctx.replies++);
  if (absl::Status s = matrix_.SendNotice(ctx.net.bot_user_id, ctx.room_id, text, key); !s.ok()) {
    return FailureOutcome(ctx.event, s, "admin room");
  }
  return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
}

v1::EventOutcome AdminRoom::OnLoginCommand(Context& ctx, const bridge::AdminCommand& cmd) {
  using Kind = bridge::AdminCommandKind;
  constexpr std::string_view kNext =
      "; it is used from your next connection (!reconnect to use it now).";
  if (credentials_ == nullptr ||
      (cmd.kind == Kind::kStorePass && !credentials_->stores_passwords())) {
    return Reply(ctx, cmd.kind == Kind::kUsername
                          ? std::string("Setting a username is disabled on this bridge.")
                          : std::string("Storing passwords is disabled on this bridge. Please "
                                        "delete your message with the password."));
  }
  switch (cmd.kind) {
    case Kind::kUsername:
      if (absl::Status s = credentials_->SetUsername(ctx.network, ctx.mxid, cmd.username);
          !s.ok()) {
        return FailureOutcome(ctx.event, s, "admin room");
      }
      return Reply(ctx, Cat("Your username on ", ctx.network, " is now ", cmd.username, kNext));
    case Kind::kStorePass:
      if (absl::Status s =
              credentials_->SetPassword(ctx.network, ctx.mxid, cmd.username, cmd.password);
          !s.ok()) {
        return FailureOutcome(ctx.event, s, "admin room");
      }
      common::LogInfo("IRC password stored", {{"network", ctx.network}});
      return Reply(ctx,
                   Cat("Your password for ", ctx.network, " is stored, encrypted",
                       cmd.username.empty() ? "" : Cat(", for the account ", cmd.username), kNext,
                       " The bridge cannot delete your message: please delete (redact) the "
                       "message with your password yourself."));
    case Kind::kRemovePass: {
      absl::StatusOr<bool> removed = credentials_->RemovePassword(ctx.network, ctx.mxid);
      if (!removed.ok()) {
        return FailureOutcome(ctx.event, removed.status(), "admin room");
      }
      return Reply(ctx, *removed ? Cat("Your stored password for ", ctx.network,
                                       " is deleted; your next connection logs in without it.")
                                 : Cat("You have no stored password for ", ctx.network, "."));
    }
    default:
      return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
}

v1::EventOutcome AdminRoom::OnCommandText(Context& ctx, std::string_view body) {
  const bool is_admin = ctx.net.bridge_admins.Contains(ctx.mxid);
  absl::StatusOr<bridge::AdminCommand> parsed =
      bridge::ParseAdminCommand(body, ctx.net.isupport, is_admin);
  if (absl::IsNotFound(parsed.status())) {
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);  // chat, not a command
  }
  if (!parsed.ok()) {
    return Reply(ctx, std::string(parsed.status().message()));
  }
  const bridge::AdminCommand& cmd = *parsed;
  using Kind = bridge::AdminCommandKind;
  switch (cmd.kind) {
    case Kind::kHelp: {
      if (!cmd.help_topic.has_value()) {
        return Reply(ctx, bridge::AdminHelpText(is_admin));
      }
      absl::StatusOr<std::string> help = bridge::AdminCommandHelp(*cmd.help_topic, is_admin);
      return Reply(ctx, help.ok() ? *help : std::string(help.status().message()));
    }
    case Kind::kListRooms: {
      absl::StatusOr<std::vector<std::string>> channels =
          rooms_.UserChannels(ctx.network, ctx.mxid);
      if (!channels.ok()) {
        return FailureOutcome(ctx.event, channels.status(), "admin room");
      }
      std::optional<PuppetStatus> status = puppets_.Status(ctx.network, ctx.mxid);
      std::vector<std::string> lines;
      for (const std::string& channel : *channels) {
        absl::StatusOr<std::optional<std::string>> room = portals_.RoomOf(ctx.network, channel);
        lines.push_back(Cat(channel, " → ",
                            room.ok() && room->has_value() ? **room : std::string("(no room)")));
      }
      std::string text =
          lines.empty() ? Cat("You are in no channels on ", ctx.network, ".")
                        : Cat("Your channels on ", ctx.network, ":\n", absl::StrJoin(lines, "\n"));
      if (status.has_value()) {
        text += Cat("\nConnected as ", status->nick, status->registered ? "" : " (registering)",
                    "; joined now: ",
                    status->channels.empty() ? "none" : absl::StrJoin(status->channels, " "));
      } else {
        text += "\nNot connected.";
      }
      return Reply(ctx, text);
    }
    case Kind::kWhois:
      if (!cmd.user_id.empty()) {
        std::optional<PuppetStatus> status = puppets_.Status(ctx.network, cmd.user_id);
        return Reply(ctx, status.has_value()
                              ? Cat(cmd.user_id, " is ", status->nick, " on ", ctx.network, ".")
                              : Cat(cmd.user_id, " has no IRC connection known here."));
      }
      break;
    case Kind::kUsername:
    case Kind::kStorePass:
    case Kind::kRemovePass:
      return OnLoginCommand(ctx, cmd);
    case Kind::kPlumb:
    case Kind::kUnlink:
      return Reply(
          ctx, Cat("Send ", cmd.kind == Kind::kPlumb ? "!plumb #channel" : "!unlink",
                   " in the room to bridge, after inviting ", ctx.net.bot_user_id,
                   " there (not as a direct chat); it needs a moderator's power level in that room "
                   "(its state_default, usually 50)."));
    default:
      break;
  }
  // The rest acts on the user's connection.
  absl::StatusOr<PuppetReadiness> ready = puppets_.Prepare(ctx.network, ctx.mxid);
  if (!ready.ok()) {
    return FailureOutcome(ctx.event, ready.status(), "admin room");
  }
  if (*ready == PuppetReadiness::kNotMine) {
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_NOT_MINE);
  }
  if (cmd.kind == Kind::kQuit) {
    if (absl::Status s = puppets_.Quit(ctx.network, ctx.mxid); !s.ok()) {
      return FailureOutcome(ctx.event, s, "admin room");
    }
    return Reply(ctx, Cat("Disconnected from ", ctx.network,
                          ". Talking in a bridged room connects you again."));
  }
  if (cmd.kind == Kind::kReconnect) {
    if (absl::Status s = puppets_.Reconnect(ctx.network, ctx.mxid); !s.ok()) {
      return FailureOutcome(ctx.event, s, "admin room");
    }
    return Reply(ctx, Cat("Reconnecting to ", ctx.network, "."));
  }
  if (*ready == PuppetReadiness::kConnecting) {
    v1::EventOutcome wait =
        Outcome(ctx.event, v1::DELIVERY_OUTCOME_RETRY_LATER, "admin room: connection registering");
    wait.set_retry_after_ms(1000);
    return wait;
  }
  std::string line;
  std::string answer;
  switch (cmd.kind) {
    case Kind::kJoin: {
      absl::StatusOr<std::string> room = portals_.EnsurePortal(ctx.network, cmd.channel);
      if (!room.ok()) {
        return absl::IsInvalidArgument(room.status())
                   ? Reply(ctx, std::string(room.status().message()))
                   : FailureOutcome(ctx.event, room.status(), "admin room");
      }
      const std::string folded = ctx.net.isupport.case_mapping().Fold(cmd.channel);
      if (absl::Status s = rooms_.AddUserChannel(ctx.network, ctx.mxid, folded); !s.ok()) {
        return FailureOutcome(ctx.event, s, "admin room");
      }
      line = cmd.key.empty() ? Cat("JOIN ", cmd.channel) : Cat("JOIN ", cmd.channel, " ", cmd.key);
      if (absl::Status s = matrix_.Invite(ctx.net.bot_user_id, *room, ctx.mxid); !s.ok()) {
        common::LogDebug("invite to the channel's room failed", {{"error", s.ToString()}});
      }
      answer = Cat("Joining ", cmd.channel, "; its room is ", *room,
                   " (you are invited unless you are in it already).");
      break;
    }
    case Kind::kPart: {
      if (cmd.channel.empty()) {
        return Reply(ctx, "Name the channel here: !part #channel");
      }
      const std::string folded = ctx.net.isupport.case_mapping().Fold(cmd.channel);
      if (absl::Status s = rooms_.RemoveUserChannel(ctx.network, ctx.mxid, folded); !s.ok()) {
        return FailureOutcome(ctx.event, s, "admin room");
      }
      line = Cat("PART ", cmd.channel);
      answer = Cat("Leaving ", cmd.channel, ".");
      break;
    }
    case Kind::kNick:
      line = Cat("NICK ", cmd.nick);
      answer = Cat("Asked ", ctx.network, " for the nick ", cmd.nick,
                   "; if it is taken you will be told here.");
      break;
    case Kind::kWhois:
      line = Cat("WHOIS ", cmd.nick);
      break;
    case Kind::kCmd:
      line = cmd.raw;
      answer = "Sent.";
      break;
    default:
      return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
  if (absl::Status s = puppets_.SendLine(ctx.network, ctx.mxid, line); !s.ok()) {
    // The connection went away since Prepare: try again once it is back.
    return FailureOutcome(ctx.event, absl::UnavailableError(s.message()), "admin room");
  }
  if (answer.empty()) {
    return Outcome(ctx.event, v1::DELIVERY_OUTCOME_DONE);
  }
  return Reply(ctx, answer);
}

}  // namespace mxedge::irc_worker
