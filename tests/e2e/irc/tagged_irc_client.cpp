#include "tagged_irc_client.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_e2e {
namespace {

constexpr std::chrono::seconds kStep{10};
constexpr char kCaps[] = "message-tags server-time echo-message";

}  // namespace

absl::StatusOr<std::unique_ptr<TaggedIrcClient>> TaggedIrcClient::Join(int port, std::string nick,
                                                                       std::string channel) {
  absl::StatusOr<testing::IrcTestClient> client =
      testing::IrcTestClient::Connect(port, std::chrono::seconds(5));
  if (!client.ok()) {
    return client.status();
  }
  if (absl::Status s = client->Send(absl::StrCat("CAP REQ :", kCaps)); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> reply = client->ReadUntilCommand("CAP", kStep);
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->find(" ACK ") == std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat("capabilities refused: ", *reply));
  }
  if (absl::Status s = client->Send("CAP END"); !s.ok()) {
    return s;
  }
  if (absl::Status s = client->Register(nick, kStep); !s.ok()) {
    return s;
  }
  if (absl::Status s = client->Send(absl::StrCat("JOIN ", channel)); !s.ok()) {
    return s;
  }
  if (absl::StatusOr<std::string> names = client->ReadUntilCommand("366", kStep); !names.ok()) {
    return names.status();
  }
  return std::unique_ptr<TaggedIrcClient>(
      new TaggedIrcClient(*std::move(client), std::move(nick), std::move(channel)));
}

absl::StatusOr<LineTags> TaggedIrcClient::Say(std::string_view text,
                                              std::chrono::milliseconds timeout) {
  if (absl::Status s = client_.Send(absl::StrCat("PRIVMSG ", channel_, " :", std::string(text)));
      !s.ok()) {
    return s;
  }
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return absl::DeadlineExceededError(absl::StrCat("no echo of \"", std::string(text), "\""));
    }
    absl::StatusOr<std::string> line = client_.ReadLine(left);
    if (!line.ok()) {
      return line.status();
    }
    absl::StatusOr<irc::Message> message = irc::ParseMessage(*line);
    if (!message.ok() || !message->IsCommand("PRIVMSG") || !message->prefix ||
        message->prefix->nick != nick_ || message->Param(1) != text) {
      continue;
    }
    LineTags tags;
    tags.msgid = std::string(message->FindTag("msgid").value_or(""));
    tags.time = std::string(message->FindTag("time").value_or(""));
    return tags;
  }
}

absl::StatusOr<std::string> TaggedIrcClient::Command(std::string_view line,
                                                     std::string_view command,
                                                     std::chrono::milliseconds timeout) {
  if (absl::Status s = client_.Send(line); !s.ok()) {
    return s;
  }
  return client_.ReadUntilCommand(command, timeout);
}

}  // namespace mxedge::irc_e2e
