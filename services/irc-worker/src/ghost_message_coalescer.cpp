#include "ghost_message_coalescer.hpp"
#include "mxedge/common/html_escape.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace mxedge::irc_worker {
namespace {

bridge::MatrixMsgtype MsgtypeOf(std::string_view msgtype) {
  if (msgtype == "m.emote") {
    return bridge::MatrixMsgtype::kEmote;
  }
  if (msgtype == "m.notice") {
    return bridge::MatrixMsgtype::kNotice;
  }
  return bridge::MatrixMsgtype::kText;
}

}  // namespace

GhostMessage MergeGhostMessages(const std::vector<GhostMessage>& lines) {
  if (lines.empty()) {
    return GhostMessage{};
  }
  GhostMessage merged = lines.front();
  if (lines.size() == 1) {
    return merged;
  }
  const bool any_html = std::any_of(
      lines.begin(), lines.end(), [](const GhostMessage& m) { return !m.formatted_body.empty(); });
  merged.body.clear();
  merged.formatted_body.clear();
  merged.mentions.clear();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const GhostMessage& line = lines[i];
    if (i > 0) {
      merged.body += '\n';
      if (any_html) {
        merged.formatted_body += "<br>";
      }
    }
    merged.body += line.body;
    if (any_html) {
      merged.formatted_body +=
          line.formatted_body.empty() ? common::EscapeHtml(line.body) : line.formatted_body;
    }
    for (const std::string& id : line.mentions) {
      if (std::find(merged.mentions.begin(), merged.mentions.end(), id) == merged.mentions.end()) {
        merged.mentions.push_back(id);
      }
    }
  }
  return merged;
}

GhostMessageCoalescer::GhostMessageCoalescer(
    std::map<std::string, std::chrono::milliseconds, std::less<>> windows, std::size_t max_bytes) {
  for (const auto& [network, window] : windows) {
    if (window.count() > 0) {
      networks_.emplace(network, Network{bridge::LineCoalescer(window, max_bytes), {}});
    }
  }
}

bool GhostMessageCoalescer::Enabled(std::string_view network) const {
  return networks_.find(network) != networks_.end();
}

std::vector<CoalescedMessage> GhostMessageCoalescer::Add(std::string_view network, std::string key,
                                                         GhostMessage message, TimePoint now) {
  auto it = networks_.find(network);
  if (it == networks_.end()) {
    std::vector<CoalescedMessage> alone;
    alone.push_back(CoalescedMessage{std::string(network), {std::move(key)}, std::move(message)});
    return alone;
  }
  Network& state = it->second;
  // The coalescer sees one line per IRC line: a newline inside a body (none comes from IRC's
  // framing) would make Collect miscount the batch.
  bridge::IrcChatLine chat;
  chat.sender = message.ghost_mxid;
  chat.msgtype = MsgtypeOf(message.msgtype);
  chat.text = message.body;
  std::replace(chat.text.begin(), chat.text.end(), '\n', ' ');
  const std::string room = message.room_id;
  state.lines[room].push_back(Line{std::move(key), std::move(message)});
  return Collect(network, state, state.coalescer.Add(room, chat, now));
}

std::vector<CoalescedMessage> GhostMessageCoalescer::Flush(TimePoint now) {
  std::vector<CoalescedMessage> out;
  for (auto& [network, state] : networks_) {
    std::vector<CoalescedMessage> done = Collect(network, state, state.coalescer.Flush(now));
    std::move(done.begin(), done.end(), std::back_inserter(out));
  }
  return out;
}

std::vector<CoalescedMessage> GhostMessageCoalescer::FlushAll() {
  std::vector<CoalescedMessage> out;
  for (auto& [network, state] : networks_) {
    std::vector<CoalescedMessage> done = Collect(network, state, state.coalescer.FlushAll());
    std::move(done.begin(), done.end(), std::back_inserter(out));
  }
  return out;
}

std::optional<GhostMessageCoalescer::TimePoint> GhostMessageCoalescer::NextDeadline() const {
  std::optional<TimePoint> next;
  for (const auto& [network, state] : networks_) {
    std::optional<TimePoint> due = state.coalescer.NextDeadline();
    if (due.has_value() && (!next.has_value() || *due < *next)) {
      next = due;
    }
  }
  return next;
}

bool GhostMessageCoalescer::Holds(std::string_view network, std::string_view key) const {
  auto it = networks_.find(network);
  if (it == networks_.end()) {
    return false;
  }
  for (const auto& [room, lines] : it->second.lines) {
    for (const Line& line : lines) {
      if (line.key == key) {
        return true;
      }
    }
  }
  return false;
}

std::vector<CoalescedMessage> GhostMessageCoalescer::Collect(
    std::string_view network, Network& state, std::vector<bridge::CoalescedLines> done) {
  std::vector<CoalescedMessage> out;
  for (const bridge::CoalescedLines& batch : done) {
    auto room = state.lines.find(batch.room_key);
    if (room == state.lines.end()) {
      continue;
    }
    // Batches of a room come out oldest first, so this one is the front of the room's lines.
    const std::size_t count = std::min<std::size_t>(
        room->second.size(),
        1 + static_cast<std::size_t>(std::count(batch.text.begin(), batch.text.end(), '\n')));
    CoalescedMessage message;
    message.network = std::string(network);
    std::vector<GhostMessage> parts;
    for (std::size_t i = 0; i < count; ++i) {
      message.keys.push_back(std::move(room->second.front().key));
      parts.push_back(std::move(room->second.front().message));
      room->second.pop_front();
    }
    if (room->second.empty()) {
      state.lines.erase(room);
    }
    message.message = MergeGhostMessages(parts);
    out.push_back(std::move(message));
  }
  return out;
}

}  // namespace mxedge::irc_worker
