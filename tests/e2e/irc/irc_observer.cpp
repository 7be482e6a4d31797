#include "irc_observer.hpp"

#include <utility>

#include "absl/strings/str_cat.h"

namespace mxedge::irc_e2e {
namespace {

constexpr std::chrono::milliseconds kQuietRead{2};

}  // namespace

SeenLine ParseSeenLine(std::string_view line) {
  SeenLine seen;
  if (line.starts_with('@')) {  // tags
    const size_t space = line.find(' ');
    line = space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
  }
  if (line.starts_with(':')) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      return seen;
    }
    std::string_view prefix = line.substr(1, space - 1);
    seen.nick = std::string(prefix.substr(0, prefix.find('!')));
    line.remove_prefix(space + 1);
  }
  const size_t space = line.find(' ');
  seen.command = std::string(line.substr(0, space));
  if (space == std::string_view::npos) {
    return seen;
  }
  std::string_view params = line.substr(space + 1);
  if (const size_t trailing = params.find(" :"); trailing != std::string_view::npos) {
    seen.text = std::string(params.substr(trailing + 2));
  } else if (params.starts_with(':')) {
    seen.text = std::string(params.substr(1));
  } else {
    seen.text = std::string(params.substr(params.rfind(' ') + 1));
  }
  return seen;
}

absl::StatusOr<std::unique_ptr<IrcObserver>> IrcObserver::Join(int port, std::string nick,
                                                               std::string channel) {
  absl::StatusOr<testing::IrcTestClient> client =
      testing::IrcTestClient::Connect(port, std::chrono::seconds(5));
  if (!client.ok()) {
    return client.status();
  }
  if (absl::Status s = client->Register(nick, std::chrono::seconds(10)); !s.ok()) {
    return s;
  }
  if (absl::Status s = client->Send(absl::StrCat("JOIN ", channel)); !s.ok()) {
    return s;
  }
  std::vector<std::string> seen;
  if (absl::StatusOr<std::string> names =
          client->ReadUntilCommand("366", std::chrono::seconds(10), &seen);
      !names.ok()) {
    return names.status();
  }
  return std::unique_ptr<IrcObserver>(new IrcObserver(std::move(*client), std::move(channel)));
}

absl::Status IrcObserver::Say(std::string_view text) {
  return client_.Send(absl::StrCat("PRIVMSG ", channel_, " :", std::string(text)));
}

absl::Status IrcObserver::Pump(std::chrono::milliseconds timeout) {
  std::chrono::milliseconds wait = timeout;
  while (true) {
    absl::StatusOr<std::string> line = client_.ReadLine(wait);
    if (absl::IsDeadlineExceeded(line.status())) {
      return absl::OkStatus();
    }
    if (!line.ok()) {
      return line.status();
    }
    Record(*line);
    wait = kQuietRead;
  }
}

void IrcObserver::Record(std::string_view line) {
  SeenLine seen = ParseSeenLine(line);
  if (seen.command == "PRIVMSG") {
    ++privmsgs_[seen.text];
    ++privmsg_total_;
  } else if (seen.command == "JOIN" || seen.command == "PART" || seen.command == "QUIT") {
    membership_.push_back(absl::StrCat(seen.command, " ", seen.nick));
  }
}

int64_t IrcObserver::DistinctWithPrefix(std::string_view prefix) const {
  int64_t count = 0;
  for (auto it = privmsgs_.lower_bound(prefix); it != privmsgs_.end(); ++it) {
    if (!it->first.starts_with(prefix)) {
      break;
    }
    ++count;
  }
  return count;
}

int64_t IrcObserver::TotalWithPrefix(std::string_view prefix) const {
  int64_t count = 0;
  for (auto it = privmsgs_.lower_bound(prefix); it != privmsgs_.end(); ++it) {
    if (!it->first.starts_with(prefix)) {
      break;
    }
    count += it->second;
  }
  return count;
}

int64_t IrcObserver::MembershipCount(std::string_view command, std::string_view nick) const {
  const std::string wanted = absl::StrCat(std::string(command), " ", std::string(nick));
  int64_t count = 0;
  for (const std::string& event : membership_) {
    count += event == wanted ? 1 : 0;
  }
  return count;
}

}  // namespace mxedge::irc_e2e
