#include "irc_peer.hpp"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mxedge::irc_bench {
namespace {

constexpr std::chrono::milliseconds kReadSlice{100};
constexpr std::chrono::seconds kJoinTimeout{10};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

struct Parsed {
  std::string nick;  // from the prefix, lower-case
  std::string command;
  std::vector<std::string> params;
};

// Enough of RFC 1459 for what ngIRCd sends to a plain client (no tags).
Parsed Parse(std::string_view line) {
  Parsed out;
  if (StartsWith(line, ":")) {
    std::size_t space = line.find(' ');
    std::string_view prefix =
        line.substr(1, space == std::string_view::npos ? line.npos : space - 1);
    out.nick = Lower(prefix.substr(0, prefix.find('!')));
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  }
  while (!line.empty()) {
    if (line.front() == ':') {
      out.params.emplace_back(line.substr(1));
      break;
    }
    std::size_t space = line.find(' ');
    std::string_view word = line.substr(0, space);
    if (out.command.empty()) {
      out.command = std::string(word);
    } else {
      out.params.emplace_back(word);
    }
    if (space == std::string_view::npos) {
      break;
    }
    line = line.substr(space + 1);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<IrcPeer>> IrcPeer::Join(int port, const std::string& nick,
                                                       const std::string& channel) {
  absl::StatusOr<testing::IrcTestClient> client =
      testing::IrcTestClient::Connect(port, std::chrono::seconds(5));
  if (!client.ok()) {
    return client.status();
  }
  if (absl::Status s = client->Register(nick, kJoinTimeout); !s.ok()) {
    return s;
  }
  if (absl::Status s = client->Send(absl::StrCat("JOIN ", channel)); !s.ok()) {
    return s;
  }
  std::unique_ptr<IrcPeer> peer(new IrcPeer(*std::move(client), channel));
  // Names until 366 (end of NAMES) are read here, before the reader thread starts.
  const auto deadline = Clock::now() + kJoinTimeout;
  while (true) {
    if (Clock::now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(nick, ": no end of NAMES for ", channel));
    }
    absl::StatusOr<std::string> line = peer->client_.ReadLine(kReadSlice * 10);
    if (!line.ok()) {
      if (absl::IsDeadlineExceeded(line.status())) {
        continue;
      }
      return line.status();
    }
    peer->Handle(*line, Clock::now());
    if (Parse(*line).command == "366") {
      break;
    }
  }
  peer->reader_ = std::thread([p = peer.get()] { p->Read(); });
  return peer;
}

IrcPeer::~IrcPeer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  if (reader_.joinable()) {
    reader_.join();
  }
}

absl::Status IrcPeer::Say(const std::string& text) {
  return client_.Send(absl::StrCat("PRIVMSG ", channel_, " :", text));
}

void IrcPeer::Read() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stop_) {
        return;
      }
    }
    absl::StatusOr<std::string> line = client_.ReadLine(kReadSlice);
    if (!line.ok()) {
      if (absl::IsDeadlineExceeded(line.status())) {
        continue;
      }
      std::lock_guard lock(mu_);
      closed_ = true;
      cv_.notify_all();
      return;
    }
    Handle(*line, Clock::now());
  }
}

void IrcPeer::Handle(const std::string& line, Clock::time_point at) {
  Parsed m = Parse(line);
  std::lock_guard lock(mu_);
  if (m.command == "PRIVMSG" && m.params.size() == 2 && Lower(m.params[0]) == Lower(channel_)) {
    arrivals_.try_emplace(m.params[1], at);
  } else if (m.command == "353" && !m.params.empty()) {
    // 353 me = #chan :@op +voice nick
    std::string_view names = m.params.back();
    while (!names.empty()) {
      const std::size_t space = names.find(' ');
      std::string_view name = names.substr(0, space);
      while (!name.empty() && (name.front() == '@' || name.front() == '+')) {
        name.remove_prefix(1);
      }
      if (!name.empty()) present_.insert(Lower(name));
      if (space == std::string_view::npos) break;
      names.remove_prefix(space + 1);
    }
  } else if (m.command == "JOIN") {
    present_.insert(m.nick);
    last_join_[m.nick] = at;
  } else if (m.command == "PART" || m.command == "QUIT") {
    present_.erase(m.nick);
  } else if (m.command == "KICK" && m.params.size() >= 2) {
    present_.erase(Lower(m.params[1]));
  } else if (m.command == "NICK" && !m.params.empty()) {
    present_.erase(m.nick);
    present_.insert(Lower(m.params[0]));
  }
  cv_.notify_all();
}

std::optional<IrcPeer::Clock::time_point> IrcPeer::ArrivalOf(const std::string& body) const {
  std::lock_guard lock(mu_);
  auto it = arrivals_.find(body);
  if (it == arrivals_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::size_t IrcPeer::CountWithPrefix(const std::string& prefix) const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (auto it = arrivals_.lower_bound(prefix);
       it != arrivals_.end() && StartsWith(it->first, prefix); ++it) {
    ++n;
  }
  return n;
}

bool IrcPeer::Present(const std::string& nick) const {
  std::lock_guard lock(mu_);
  return present_.contains(Lower(nick));
}

std::optional<IrcPeer::Clock::time_point> IrcPeer::LastJoin(const std::string& nick) const {
  std::lock_guard lock(mu_);
  auto it = last_join_.find(Lower(nick));
  if (it == last_join_.end()) {
    return std::nullopt;
  }
  return it->second;
}

bool IrcPeer::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

bool IrcPeer::WaitFor(const std::function<bool()>& done, Clock::time_point deadline) const {
  std::unique_lock lock(mu_);
  // `done` takes the lock itself through the accessors: evaluate it unlocked.
  while (true) {
    lock.unlock();
    const bool ok = done();
    lock.lock();
    if (ok) {
      return true;
    }
    if (Clock::now() >= deadline) {
      return false;
    }
    cv_.wait_until(lock, std::min(deadline, Clock::now() + kReadSlice));
  }
}

}  // namespace mxedge::irc_bench
