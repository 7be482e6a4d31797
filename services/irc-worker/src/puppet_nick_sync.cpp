#include "puppet_nick_sync.hpp"

#include "member_display_name.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/case_mapping.hpp"
#include "puppet_identity.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

bool SameNick(std::string_view a, std::string_view b) { return irc::CaseMapping().Equal(a, b); }

}  // namespace

PuppetNickSync::PuppetNickSync(PuppetNickRecords& records, PuppetControl& puppets,
                               std::map<std::string, bridge::PuppetNamer, std::less<>> namers)
    : records_(records), puppets_(puppets), namers_(std::move(namers)) {}

std::string PuppetNickSync::Render(std::string_view network, std::string_view mxid,
                                   const std::optional<std::string>& display, int nick_len) const {
  irc::ISupport isupport;
  (void)isupport.ApplyToken(Cat("NICKLEN=", nick_len));
  if (auto namer = namers_.find(network); namer != namers_.end()) {
    absl::StatusOr<std::string> nick =
        namer->second.NickFor(mxid, display.value_or(std::string()), isupport);
    if (nick.ok()) {
      return *std::move(nick);
    }
    common::LogWarn("puppet nick not rendered from the template",
                    {{"network", network}, {"error", nick.status().ToString()}});
  }
  return RenderNick("$LOCALPART[m]", mxid);
}

std::string PuppetNickSync::NickForConnect(const ConnectionKey& key) {
  std::string nick;
  absl::StatusOr<std::optional<std::string>> chosen = records_.ChosenNick(key.network, key.mxid);
  if (!chosen.ok()) {
    common::LogWarn("chosen nick not read; using the nick template",
                    {{"network", key.network}, {"error", chosen.status().ToString()}});
  }
  if (chosen.ok() && chosen->has_value()) {
    nick = **chosen;
  } else {
    absl::StatusOr<std::optional<std::string>> display = records_.DisplayName(key.mxid);
    if (!display.ok()) {
      common::LogWarn("display name not read; the nick uses the localpart",
                      {{"network", key.network}, {"error", display.status().ToString()}});
    }
    nick = Render(key.network, key.mxid, display.ok() ? *display : std::nullopt,
                  kNickLenBeforeRegistration);
  }
  std::lock_guard lock(mu_);
  Puppet& puppet = followed_[key];
  puppet.asked = nick;
  puppet.nick_len = kNickLenBeforeRegistration;
  return nick;
}

std::string PuppetNickSync::NickOf(std::string_view network, std::string_view mxid) {
  if (std::optional<PuppetStatus> status = puppets_.Status(network, mxid);
      status.has_value() && status->registered && !status->nick.empty()) {
    return status->nick;
  }
  absl::StatusOr<std::optional<std::string>> chosen = records_.ChosenNick(network, mxid);
  if (chosen.ok() && chosen->has_value()) {
    return **chosen;
  }
  absl::StatusOr<std::optional<std::string>> display = records_.DisplayName(mxid);
  return Render(network, mxid, display.ok() ? *display : std::nullopt, kNickLenBeforeRegistration);
}

std::string PuppetNickSync::NickWithoutDisplayName(std::string_view network,
                                                   std::string_view mxid) const {
  return Render(network, mxid, std::nullopt, kNickLenBeforeRegistration);
}

void PuppetNickSync::OnNickLen(const ConnectionKey& key, int nick_len) {
  std::lock_guard lock(mu_);
  if (auto it = followed_.find(key); it != followed_.end() && nick_len > 0) {
    it->second.nick_len = nick_len;
  }
}

void PuppetNickSync::NickRequested(const ConnectionKey& key, std::string_view nick) {
  std::lock_guard lock(mu_);
  if (auto it = followed_.find(key); it != followed_.end()) {
    it->second.requested = std::string(nick);
  }
}

void PuppetNickSync::OnNickChanged(const ConnectionKey& key, std::string_view new_nick) {
  int nick_len = kNickLenBeforeRegistration;
  {
    std::lock_guard lock(mu_);
    auto it = followed_.find(key);
    if (it == followed_.end() || !it->second.requested.has_value() ||
        !SameNick(*it->second.requested, new_nick)) {
      return;
    }
    it->second.requested.reset();
    nick_len = it->second.nick_len;
  }
  // Taking the nick the display name gives is going back to following it.
  absl::StatusOr<std::optional<std::string>> display = records_.DisplayName(key.mxid);
  if (display.ok() && SameNick(Render(key.network, key.mxid, *display, nick_len), new_nick)) {
    if (absl::Status s = records_.ClearChosenNick(key.network, key.mxid); !s.ok()) {
      common::LogWarn("chosen nick not forgotten",
                      {{"network", key.network}, {"error", s.ToString()}});
      return;
    }
    common::LogInfo("puppet nick follows the display name again", {{"network", key.network}});
    return;
  }
  if (absl::Status s = records_.SetChosenNick(key.network, key.mxid, new_nick); !s.ok()) {
    common::LogWarn("chosen nick not stored; display name changes may rename the puppet",
                    {{"network", key.network}, {"error", s.ToString()}});
    return;
  }
  common::LogInfo("puppet nick chosen by the user", {{"network", key.network}});
}

void PuppetNickSync::OnRegistrationDone(const ConnectionKey& key) {
  absl::StatusOr<std::optional<std::string>> display = records_.DisplayName(key.mxid);
  if (!display.ok()) {
    common::LogWarn("display name not read; the nick stays",
                    {{"network", key.network}, {"error", display.status().ToString()}});
    return;
  }
  Follow(key, *display, true);
}

void PuppetNickSync::Follow(const ConnectionKey& key, const std::optional<std::string>& display,
                            bool after_registration) {
  Puppet puppet;
  {
    std::lock_guard lock(mu_);
    auto it = followed_.find(key);
    if (it == followed_.end()) {
      return;  // a bridge bot, or a connection this worker did not open
    }
    puppet = it->second;
  }
  std::optional<PuppetStatus> status = puppets_.Status(key.network, key.mxid);
  if (!status.has_value() || !status->registered) {
    return;  // settled when the registration completes
  }
  absl::StatusOr<std::optional<std::string>> chosen = records_.ChosenNick(key.network, key.mxid);
  if (!chosen.ok()) {
    common::LogWarn("chosen nick not read; the nick stays",
                    {{"network", key.network}, {"error", chosen.status().ToString()}});
    return;
  }
  if (chosen->has_value()) {
    return;  // the user's choice wins
  }
  const std::string wanted = Render(key.network, key.mxid, display, puppet.nick_len);
  if (SameNick(wanted, status->nick)) {
    return;
  }
  if (after_registration && SameNick(wanted, puppet.asked)) {
    return;  // asked for at registration and refused (taken): not asked again
  }
  if (absl::Status s = puppets_.SendLine(key.network, key.mxid, Cat("NICK ", wanted)); !s.ok()) {
    common::LogWarn("NICK for the display name not sent",
                    {{"network", key.network}, {"error", s.ToString()}});
    return;
  }
  common::LogInfo("puppet nick follows the display name",
                  {{"network", key.network}, {"after_registration", after_registration}});
}

void PuppetNickSync::OnMemberEvent(std::string_view network, std::string_view mxid,
                                   const v1::MatrixEvent& event) {
  absl::StatusOr<std::optional<std::string>> name = OwnJoinDisplayName(mxid, event);
  if (!name.ok()) {
    common::LogDebug("member event without a usable display name",
                     {{"network", network}, {"error", name.status().ToString()}});
    return;
  }
  if (!name->has_value()) {
    return;
  }
  const std::string display(CutDisplayName(**name));
  absl::StatusOr<std::optional<std::string>> stored = records_.DisplayName(mxid);
  if (!stored.ok()) {
    common::LogWarn("display name not read; not stored",
                    {{"network", network}, {"error", stored.status().ToString()}});
    return;
  }
  if (stored->has_value() && **stored == display) {
    return;
  }
  if (absl::Status s = records_.SetDisplayName(mxid, display); !s.ok()) {
    common::LogWarn("display name not stored", {{"network", network}, {"error", s.ToString()}});
    return;
  }
  common::LogDebug("display name stored", {{"network", network}});
  for (const auto& [net, namer] : namers_) {
    Follow(ConnectionKey{net, std::string(mxid)}, display, false);
  }
}

}  // namespace mxedge::irc_worker
