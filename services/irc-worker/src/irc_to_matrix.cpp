#include "irc_to_matrix.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ghost_message_render.hpp"
#include "line_key.hpp"
#include "mxedge/bridge/ghost_namer.hpp"
#include "mxedge/bridge/irc_to_matrix.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/case_mapping.hpp"

namespace mxedge::irc_worker {
namespace {

std::string_view NickOf(std::string_view source) { return source.substr(0, source.find('!')); }

std::string BufferKey(std::string_view network, std::string_view mxid,
                      std::string_view folded_channel) {
  return common::Cat(network, "\n", mxid, "\n", folded_channel);
}

bool IsLocalpartChar(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
         ch == '=' || ch == '-' || ch == '/' || ch == '+';
}

}  // namespace

std::string EncodePendingPayload(const GhostMessage& message) {
  nlohmann::json json = {{"room", message.room_id},
                         {"ghost", message.ghost_mxid},
                         {"msgtype", message.msgtype},
                         {"body", message.body}};
  if (!message.formatted_body.empty()) {
    json["formatted_body"] = message.formatted_body;
  }
  if (!message.mentions.empty()) {
    json["mentions"] = message.mentions;
  }
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::StatusOr<GhostMessage> DecodePendingPayload(std::string_view payload) {
  nlohmann::json json = nlohmann::json::parse(payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return absl::DataLossError("pending line payload is not a JSON object");
  }
  GhostMessage message;
  for (auto [field, target] : {std::pair<const char*, std::string*>{"room", &message.room_id},
                               {"ghost", &message.ghost_mxid},
                               {"msgtype", &message.msgtype},
                               {"body", &message.body}}) {
    auto it = json.find(field);
    if (it == json.end() || !it->is_string()) {
      return absl::DataLossError(absl::StrCat("pending line payload lacks string \"", field, "\""));
    }
    *target = it->get<std::string>();
  }
  if (message.msgtype != "m.text" && message.msgtype != "m.emote" &&
      message.msgtype != "m.notice") {
    return absl::DataLossError("pending line payload has an unknown msgtype");
  }
  if (auto html = json.find("formatted_body"); html != json.end()) {
    if (!html->is_string()) {
      return absl::DataLossError("pending line payload has a non-string \"formatted_body\"");
    }
    message.formatted_body = html->get<std::string>();
  }
  if (auto mentions = json.find("mentions"); mentions != json.end()) {
    if (!mentions->is_array()) {
      return absl::DataLossError("pending line payload has non-array \"mentions\"");
    }
    for (const nlohmann::json& id : *mentions) {
      if (!id.is_string()) {
        return absl::DataLossError("pending line payload has a non-string mention");
      }
      message.mentions.push_back(id.get<std::string>());
    }
  }
  return message;
}

std::string GhostUserId(std::string_view ghost_template, std::string_view network,
                        std::string_view nick, std::string_view server_name) {
  // The same ids as bridge::GhostNamer gives private chats and the third-party directory (the
  // nick folded by rfc1459 and escaped, so it reads back); one namer per template and server.
  thread_local std::map<std::string, std::optional<bridge::GhostNamer>, std::less<>> namers;
  const std::string namer_key = common::Cat(ghost_template, "\n", server_name);
  auto it = namers.find(namer_key);
  if (it == namers.end()) {
    absl::StatusOr<bridge::GhostNamer> created =
        bridge::GhostNamer::Create(ghost_template, server_name);
    it = namers
             .emplace(namer_key, created.ok()
                                     ? std::optional<bridge::GhostNamer>(std::move(*created))
                                     : std::nullopt)
             .first;
  }
  if (it->second.has_value()) {
    absl::StatusOr<std::string> id = it->second->UserIdFor(network, nick, irc::CaseMapping());
    if (id.ok()) {
      return *std::move(id);
    }
  }
  // A template or nick the namer refuses (config validation keeps templates valid): the nick
  // lower-cased with the characters a localpart refuses as '_'.
  std::string localpart;
  for (std::size_t i = 0; i < ghost_template.size(); ++i) {
    if (ghost_template.substr(i).starts_with("$NETWORK")) {
      localpart += network;
      i += std::string_view("$NETWORK").size() - 1;
    } else if (ghost_template.substr(i).starts_with("$NICK")) {
      for (char ch : nick) {
        const char lower = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        localpart += IsLocalpartChar(lower) ? lower : '_';
      }
      i += std::string_view("$NICK").size() - 1;
    } else {
      localpart += ghost_template[i];
    }
  }
  return common::Cat("@", localpart, ":", server_name);
}

IrcToMatrix::IrcToMatrix(LineRecords& records, PuppetNicks& nicks, ChannelReceivers& receivers,
                         MatrixSender& sender,
                         std::map<std::string, ChannelMapping, std::less<>> channels,
                         IrcToMatrixOptions options)
    : records_(records),
      nicks_(nicks),
      receivers_(receivers),
      sender_(sender),
      channels_(std::move(channels)),
      options_(std::move(options)),
      coalescer_(options_.coalesce_windows, options_.coalesce_max_bytes) {}

irc::CaseMapping IrcToMatrix::KeyMapping(std::string_view network) const {
  auto it = options_.key_mappings.find(network);
  return it == options_.key_mappings.end() ? irc::CaseMapping() : it->second;
}

absl::StatusOr<LineFate> IrcToMatrix::OnChannelLine(const ChannelLine& line,
                                                    std::chrono::steady_clock::time_point now) {
  auto mapping = channels_.find(line.network);
  if (mapping == channels_.end() || !mapping->second.RoomOf(line.channel).has_value()) {
    return LineFate::kNotMapped;
  }
  const irc::CaseMapping folding = KeyMapping(line.network);
  const std::string_view nick = NickOf(line.source);
  if (nick.empty()) {
    return absl::InvalidArgumentError("channel line without a source nick");
  }
  absl::StatusOr<std::optional<std::string>> puppet =
      nicks_.Lookup(line.network, folding.Fold(nick));
  if (!puppet.ok()) {
    return puppet.status();
  }
  if (puppet->has_value()) {
    return LineFate::kOwnPuppet;
  }
  absl::StatusOr<std::optional<Prepared>> prepared = Prepare(line, now);
  if (!prepared.ok()) {
    return prepared.status();
  }
  if (!prepared->has_value()) {
    return LineFate::kNotMapped;
  }
  const std::string folded_channel = folding.Fold(line.channel);
  const std::string buffer_key = BufferKey(line.network, line.receiver_mxid, folded_channel);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto refused = not_receiver_until_.find(buffer_key);
    if (refused != not_receiver_until_.end()) {
      if (now < refused->second) {
        return LineFate::kNotReceiver;
      }
      not_receiver_until_.erase(refused);
    }
  }
  absl::StatusOr<ReceiverClaim> claim = receivers_.TryAcquire(
      line.network, folded_channel, Receiver{options_.worker_id, line.receiver_mxid},
      options_.receiver_lease);
  if (!claim.ok()) {
    return claim.status();
  }
  bool took_over = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!claim->acquired) {
      receiving_.erase(buffer_key);
      not_receiver_until_[buffer_key] = now + options_.receiver_lease / 3;
      return LineFate::kNotReceiver;
    }
    took_over = receiving_.insert(buffer_key).second;
  }
  if (took_over) {
    // Lines this connection buffered before the current one (the buffer's last), in order.
    absl::StatusOr<int64_t> replayed = Replay(line.network, buffer_key, now, true);
    if (!replayed.ok()) {
      return replayed.status();
    }
    if (*replayed > 0) {
      common::LogInfo("receiver takeover replayed lines",
                      {{"network", line.network}, {"lines", *replayed}});
    }
  }
  absl::StatusOr<bool> bridged = Bridge(line.network, (*prepared)->key, (*prepared)->message, now);
  if (!bridged.ok()) {
    return bridged.status();
  }
  return *bridged ? LineFate::kBridged : LineFate::kAlreadyHandled;
}

absl::StatusOr<std::optional<IrcToMatrix::Prepared>> IrcToMatrix::Prepare(
    const ChannelLine& line, std::chrono::steady_clock::time_point now) {
  const irc::CaseMapping folding = KeyMapping(line.network);
  const ChannelMapping& mapping = channels_.find(line.network)->second;
  GhostMessage message;
  message.room_id = *mapping.RoomOf(line.channel);
  auto ghost_template = options_.ghost_templates.find(line.network);
  if (ghost_template == options_.ghost_templates.end()) {
    return absl::FailedPreconditionError("no ghost template for the network");
  }
  message.ghost_mxid =
      GhostUserId(ghost_template->second, line.network, NickOf(line.source), options_.server_name);
  absl::StatusOr<GhostMessage> content = RenderLine(line);
  if (!content.ok()) {
    if (absl::IsNotFound(content.status())) {
      return std::optional<Prepared>();  // other CTCP requests and replies are not messages
    }
    return content.status();
  }
  message.msgtype = std::move(content->msgtype);
  message.body = std::move(content->body);
  message.formatted_body = std::move(content->formatted_body);
  message.mentions = std::move(content->mentions);
  if (message.body.empty()) {
    return std::optional<Prepared>();
  }

  const std::vector<std::string> params = {line.channel, line.text};
  const LineIdentity identity{.msgid = line.msgid,
                              .server_time = line.server_time,
                              .source = line.source,
                              .command = line.command,
                              .params = params};
  const std::string buffer_key =
      BufferKey(line.network, line.receiver_mxid, folding.Fold(line.channel));
  int64_t occurrence = 0;
  if (NeedsOccurrence(identity)) {
    std::lock_guard<std::mutex> lock(mu_);
    auto [it, inserted] = occurrences_.try_emplace(buffer_key, options_.replay_window * 2);
    occurrence = it->second.Next(LineKey(identity, 0), now);
  }
  Prepared prepared{LineKey(identity, occurrence), std::move(message)};
  prepared.message.idempotency_key = absl::StrCat("irc:", line.network, ":", prepared.key);
  Buffer(buffer_key, now, prepared);
  return std::optional<Prepared>(std::move(prepared));
}

absl::StatusOr<GhostMessage> IrcToMatrix::RenderLine(const ChannelLine& line) {
  auto charset = options_.charsets.find(line.network);
  return RenderGhostMessage(
      {.network = line.network,
       .source = line.source,
       .command = line.command,
       .target = line.channel,
       .text = line.text},
      charset != options_.charsets.end() ? charset->second : bridge::FallbackCharset::kLatin1,
      nicks_, KeyMapping(line.network));
}

void IrcToMatrix::Buffer(std::string buffer_key, std::chrono::steady_clock::time_point now,
                         Prepared prepared) {
  std::lock_guard<std::mutex> lock(mu_);
  std::deque<Buffered>& buffer = buffers_[std::move(buffer_key)];
  while (!buffer.empty() && now - buffer.front().at > options_.replay_window) {
    buffer.pop_front();
  }
  buffer.push_back(Buffered{now, std::move(prepared.key), std::move(prepared.message)});
}

absl::StatusOr<bool> IrcToMatrix::Bridge(std::string_view network, const std::string& key,
                                         const GhostMessage& message,
                                         std::chrono::steady_clock::time_point now) {
  absl::StatusOr<LineBegin> begin =
      records_.TryBegin(network, key, options_.worker_id, EncodePendingPayload(message));
  if (!begin.ok()) {
    return begin.status();
  }
  if (begin->outcome != LineBegin::Outcome::kStarted) {
    return false;
  }
  std::vector<CoalescedMessage> complete;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (coalescer_.Enabled(network)) {
      complete = coalescer_.Add(network, key, message, now);
    } else {
      complete.push_back(CoalescedMessage{std::string(network), {key}, message});
    }
  }
  int64_t sent = 0;
  if (absl::Status s = SendCoalesced(std::move(complete), &sent); !s.ok()) {
    return s;
  }
  return true;
}

absl::Status IrcToMatrix::SendCoalesced(std::vector<CoalescedMessage> messages, int64_t* sent) {
  absl::Status first_error;
  for (CoalescedMessage& m : messages) {
    if (absl::Status s = sender_.Send(m.message); !s.ok()) {
      common::LogWarn("line left pending: MatrixOut refused or unreachable",
                      {{"network", m.network},
                       {"lines", static_cast<int64_t>(m.keys.size())},
                       {"error", s.ToString()}});
      first_error.Update(s);
      continue;
    }
    ++*sent;
    // The first line last: its idempotency key is the message's, so a crash in between leaves
    // a pending line whose re-send becomes the same event.
    for (std::size_t i = m.keys.size(); i-- > 0;) {
      if (absl::Status s = records_.MarkDone(m.network, m.keys[i], options_.worker_id); !s.ok()) {
        // Sent; a later re-send carries the same idempotency key and becomes the same event.
        common::LogWarn("line sent but not marked done",
                        {{"network", m.network}, {"error", s.ToString()}});
      }
    }
  }
  return first_error;
}

absl::StatusOr<int64_t> IrcToMatrix::FlushCoalesced(std::chrono::steady_clock::time_point now,
                                                    bool all) {
  std::vector<CoalescedMessage> due;
  {
    std::lock_guard<std::mutex> lock(mu_);
    due = all ? coalescer_.FlushAll() : coalescer_.Flush(now);
  }
  int64_t sent = 0;
  if (absl::Status s = SendCoalesced(std::move(due), &sent); !s.ok()) {
    return s;
  }
  return sent;
}

std::optional<std::chrono::steady_clock::time_point> IrcToMatrix::NextCoalesceDeadline() {
  std::lock_guard<std::mutex> lock(mu_);
  return coalescer_.NextDeadline();
}

absl::Status IrcToMatrix::OnPuppetNick(std::string_view network, std::string_view mxid,
                                       std::string_view old_nick, std::string_view nick) {
  const irc::CaseMapping folding = KeyMapping(network);
  if (!old_nick.empty() && folding.Fold(old_nick) != folding.Fold(nick)) {
    if (absl::StatusOr<bool> released = nicks_.Release(network, folding.Fold(old_nick), mxid);
        !released.ok()) {
      return released.status();
    }
  }
  return nicks_.Set(network, folding.Fold(nick), mxid);
}

absl::Status IrcToMatrix::OnPuppetGone(std::string_view network, std::string_view mxid,
                                       std::string_view nick) {
  absl::StatusOr<bool> released = nicks_.Release(network, KeyMapping(network).Fold(nick), mxid);
  return released.ok() ? absl::OkStatus() : released.status();
}

absl::StatusOr<int64_t> IrcToMatrix::ResendPending(std::string_view network,
                                                   std::string_view dead_worker) {
  absl::StatusOr<std::vector<PendingLine>> pending = records_.ListPending(network, dead_worker);
  if (!pending.ok()) {
    return pending.status();
  }
  int64_t sent = 0;
  for (const PendingLine& line : *pending) {
    if (dead_worker == options_.worker_id) {
      std::lock_guard<std::mutex> lock(mu_);
      if (coalescer_.Holds(network, line.key)) {
        continue;  // waits to be sent with the ghost's next lines
      }
    } else {
      absl::StatusOr<bool> taken =
          records_.TakeOver(network, line.key, dead_worker, options_.worker_id);
      if (!taken.ok()) {
        return taken.status();
      }
      if (!*taken) {
        continue;
      }
    }
    absl::StatusOr<GhostMessage> message = DecodePendingPayload(line.payload);
    if (!message.ok()) {
      common::LogWarn("pending line dropped: unreadable payload",
                      {{"network", std::string(network)}, {"error", message.status().ToString()}});
      if (absl::Status s = records_.MarkDone(network, line.key, options_.worker_id); !s.ok()) {
        return s;
      }
      continue;
    }
    message->idempotency_key = common::Cat("irc:", network, ":", line.key);
    if (absl::Status s = sender_.Send(*message); !s.ok()) {
      return s;
    }
    if (absl::Status s = records_.MarkDone(network, line.key, options_.worker_id); !s.ok()) {
      return s;
    }
    ++sent;
  }
  return sent;
}

absl::StatusOr<int64_t> IrcToMatrix::ReplayBuffered(std::string_view network,
                                                    std::string_view receiver_mxid,
                                                    std::string_view channel,
                                                    std::chrono::steady_clock::time_point now) {
  return Replay(network, BufferKey(network, receiver_mxid, KeyMapping(network).Fold(channel)), now,
                false);
}

absl::StatusOr<int64_t> IrcToMatrix::ClaimVacantReceivers(std::chrono::steady_clock::time_point now,
                                                          const ConnectedFn& connected) {
  struct Candidate {
    std::string buffer_key;
    std::string mxid;
  };
  // (network, folded channel) → our connections buffering it without receiving it.
  std::map<std::pair<std::string, std::string>, std::vector<Candidate>> channels;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [buffer_key, buffer] : buffers_) {
      if (receiving_.contains(buffer_key) || buffer.empty() ||
          now - buffer.back().at > options_.replay_window) {
        continue;
      }
      const std::size_t first = buffer_key.find('\n');
      const std::size_t second = buffer_key.find('\n', first + 1);
      if (first == std::string::npos || second == std::string::npos) {
        continue;
      }
      channels[{buffer_key.substr(0, first), buffer_key.substr(second + 1)}].push_back(
          Candidate{buffer_key, buffer_key.substr(first + 1, second - first - 1)});
    }
  }
  int64_t sent = 0;
  for (const auto& [channel, candidates] : channels) {
    const auto& [network, folded_channel] = channel;
    absl::StatusOr<std::optional<Receiver>> current = receivers_.Current(network, folded_channel);
    if (!current.ok()) {
      return current.status();
    }
    if (current->has_value()) {
      continue;
    }
    for (const Candidate& candidate : candidates) {
      if (!connected(network, candidate.mxid)) {
        continue;
      }
      absl::StatusOr<ReceiverClaim> claim = receivers_.TryAcquire(
          network, folded_channel, Receiver{options_.worker_id, candidate.mxid},
          options_.receiver_lease);
      if (!claim.ok()) {
        return claim.status();
      }
      if (!claim->acquired) {
        break;  // another worker took it meanwhile
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        receiving_.insert(candidate.buffer_key);
        not_receiver_until_.erase(candidate.buffer_key);
      }
      absl::StatusOr<int64_t> replayed = Replay(network, candidate.buffer_key, now, false);
      if (!replayed.ok()) {
        return replayed.status();
      }
      common::LogInfo("vacant receiver taken over", {{"network", network}, {"lines", *replayed}});
      sent += *replayed;
      break;
    }
  }
  return sent;
}

absl::StatusOr<int64_t> IrcToMatrix::Replay(std::string_view network, const std::string& buffer_key,
                                            std::chrono::steady_clock::time_point now,
                                            bool skip_newest) {
  std::vector<Buffered> lines;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = buffers_.find(buffer_key);
    if (it == buffers_.end()) {
      return 0;
    }
    for (const Buffered& b : it->second) {
      if (now - b.at <= options_.replay_window) {
        lines.push_back(b);
      }
    }
  }
  if (skip_newest && !lines.empty()) {
    lines.pop_back();
  }
  int64_t sent = 0;
  for (const Buffered& b : lines) {
    absl::StatusOr<bool> bridged = Bridge(network, b.key, b.message, now);
    if (!bridged.ok()) {
      return bridged.status();
    }
    sent += *bridged ? 1 : 0;
  }
  return sent;
}

}  // namespace mxedge::irc_worker
