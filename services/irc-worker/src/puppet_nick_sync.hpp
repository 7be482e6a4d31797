#pragma once
// PuppetNickSync: which nick a Matrix user's puppet asks for, and keeping it in step with the
// user's Matrix display name.
// - At connect (NickForConnect): the nick the user chose on that network (!nick) when there is
//   one, else the network's nick template (bridge::PuppetNamer, e.g. "$DISPLAY[m]") with the
//   stored display name, cut for a NICKLEN of kNickLenBeforeRegistration: the server's NICKLEN is
//   only known from its 005 lines, after the nick was sent.
// - At the end of registration (OnRegistrationDone: 376/422, after 005): when the template's nick
//   for the server's advertised NICKLEN and the display name stored now differs from the nick
//   asked at connect (the name arrived while connecting, or NICKLEN is shorter), NICK to it. A
//   nick the server refused at registration (taken) is not asked for again.
// - A join that announces a new display name (OnMemberEvent) is stored in PuppetNickRecords; each
//   registered puppet of that user on this worker without a chosen nick sends NICK. A taken nick
//   keeps the old one, and the server's 433 reaches the admin room as it does for !nick.
// - A NICK the user sends (!nick, !cmd NICK: NickRequested) that the server confirms
//   (OnNickChanged) is stored as the chosen nick for that network: from then on display name
//   changes leave that puppet's nick alone, and reconnects ask for the chosen nick. Taking the
//   nick the template gives for the current display name forgets the choice.
// Bridge bots are not puppets: only connections opened through NickForConnect are followed.
// Thread-safe; PuppetNickRecords and PuppetControl calls are made without the lock held.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "connection_key.hpp"
#include "member_event_listener.hpp"
#include "mxedge/bridge/puppet_namer.hpp"
#include "puppet_control.hpp"
#include "puppet_nick_records.hpp"

namespace mxedge::irc_worker {

// The NICKLEN a nick is cut for before the server said its own: long enough for most networks
// (Libera 16, OFTC 30); a server with a shorter one truncates or refuses it, and the nick is
// corrected once 005 is known.
inline constexpr int kNickLenBeforeRegistration = 30;

class PuppetNickSync final : public MemberEventListener {
 public:
  // `namers`: network id → its nick template. `records` and `puppets` must outlive this.
  PuppetNickSync(PuppetNickRecords& records, PuppetControl& puppets,
                 std::map<std::string, bridge::PuppetNamer, std::less<>> namers);

  // The nick to register `key`'s puppet with; starts following that connection.
  std::string NickForConnect(const ConnectionKey& key);

  // The nick `mxid` has (or will ask for) on `network`, for "Nick: text" reply prefixes: the
  // connection's nick on this worker, else the chosen nick, else the template's.
  std::string NickOf(std::string_view network, std::string_view mxid);

  // The template's nick with the localpart for $DISPLAY, for names that must not change with the
  // display name (the USER name: RenderUsername of it).
  std::string NickWithoutDisplayName(std::string_view network, std::string_view mxid) const;

  // The server's advertised NICKLEN for `key`'s connection.
  void OnNickLen(const ConnectionKey& key, int nick_len);
  // Registration is complete and ISUPPORT read; called once per registration.
  void OnRegistrationDone(const ConnectionKey& key);
  // The user sent NICK `nick` themself.
  void NickRequested(const ConnectionKey& key, std::string_view nick);
  // The server confirmed a nick change of `key`'s connection.
  void OnNickChanged(const ConnectionKey& key, std::string_view new_nick);

  // MemberEventListener: stores a display name announced by the user's own join.
  void OnMemberEvent(std::string_view network, std::string_view mxid,
                     const v1::MatrixEvent& event) override;

 private:
  struct Puppet {
    std::string asked;  // the nick the connection registers with
    int nick_len = kNickLenBeforeRegistration;
    std::optional<std::string> requested;  // a NICK the user sent, until the server confirms it
  };

  // The template's nick for `display` (nullopt or empty: the localpart) cut to `nick_len`.
  std::string Render(std::string_view network, std::string_view mxid,
                     const std::optional<std::string>& display, int nick_len) const;
  // Sends NICK when the template's nick differs from the connection's; `display` is the name now.
  void Follow(const ConnectionKey& key, const std::optional<std::string>& display,
              bool after_registration);

  PuppetNickRecords& records_;
  PuppetControl& puppets_;
  const std::map<std::string, bridge::PuppetNamer, std::less<>> namers_;
  std::mutex mu_;
  std::map<ConnectionKey, Puppet> followed_;
};

}  // namespace mxedge::irc_worker
