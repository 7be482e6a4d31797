// Message scenarios through the whole suite (FakeHomeserver → router → irc-worker → ngIRCd and
// back): a portal joined by its alias, a ten-line message uploaded behind a preview and a link, a
// reply and an edit as IRC users write them, Matrix events that are stale after downtime dropped,
// IRC colours and italics as formatted_body, consecutive IRC lines coalesced into one event, and
// the third-party protocol and lookups answered by the worker through the router.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "scenario_test.hpp"

namespace mxedge::irc_bridge_e2e {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class MessagesE2eTest : public ScenarioTest {
 protected:
  void JoinChannel(std::string_view channel) {
    ASSERT_TRUE(watcher_->Send(absl::StrCat("JOIN ", std::string(channel))).ok());
    ASSERT_TRUE(watcher_->ReadUntilCommand("366", std::chrono::seconds(10)).ok());
  }

  // Alice joins the bridged room and says `text`; returns once the channel saw it.
  void AliceIsInTheChannel(std::string_view text = "hello") {
    stack_->PushJoin(kAlice);
    stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", std::string(text)}});
    ASSERT_EQ(AwaitFromAlice([text](std::string_view got) { return got == text; }), text)
        << stack_->Logs();
  }

  // The first line from alice's puppet satisfying `want` (given the text after " :", or the whole
  // line when `whole_line`); returns what `want` was given, or "" at the deadline. Every line from
  // alice's puppet read on the way is appended to `seen` when given.
  std::string AwaitFromAlice(const std::function<bool(std::string_view)>& want,
                             std::vector<std::string>* seen = nullptr, bool whole_line = false) {
    std::string found;
    AwaitLineFromAlice([&](std::string_view line) {
      const std::size_t text_at = line.find(" :");
      const std::string_view text =
          text_at == std::string_view::npos ? std::string_view() : line.substr(text_at + 2);
      if (seen != nullptr) {
        seen->emplace_back(line);
      }
      if (!want(whole_line ? line : text)) {
        return false;
      }
      found = std::string(whole_line ? line : text);
      return true;
    });
    return found;
  }
};

TEST_F(MessagesE2eTest, APortalIsCreatedByItsAliasAndItsMembersPuppetJoins) {
  StartStack();
  JoinChannel("#portal");
  // The homeserver asks the router about the alias; a worker creates the room.
  absl::StatusOr<http::Response> query =
      stack_->homeserver().QueryAlias("#irc_libera_#Portal:localhost");
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_EQ(query->status, 200) << query->body << stack_->Logs();
  const std::vector<std::string> get = {"GET", "mxedge:irc:portal:libera:#portal"};
  absl::StatusOr<redis::Reply> room = stack_->redis().Execute(get);
  ASSERT_TRUE(room.ok()) << room.status();
  ASSERT_TRUE(room->IsString()) << "no portal recorded\n" << stack_->Logs();
  const std::string portal = room->str();
  ASSERT_NE(portal, stack_->room_id());
  EXPECT_TRUE(stack_->homeserver().RequestsTo("POST", "/createRoom").size() >= 1u);

  // Alice joins the portal: her puppet joins #portal, and her message reaches it.
  stack_->Push({{"sender", kAlice},
                {"room_id", portal},
                {"type", "m.room.member"},
                {"state_key", kAlice},
                {"content", {{"membership", "join"}}}});
  stack_->Push({{"sender", kAlice},
                {"room_id", portal},
                {"type", "m.room.message"},
                {"content", {{"msgtype", "m.text"}, {"body", "hi portal"}}}});
  const std::string line =
      AwaitFromAlice([](std::string_view l) { return Has(l, " PRIVMSG #portal :hi portal"); },
                     nullptr, /*whole_line=*/true);
  EXPECT_THAT(line, HasSubstr("PRIVMSG #portal :hi portal")) << stack_->Logs();
}

TEST_F(MessagesE2eTest, MatrixMessagesLookAsIrcUsersWriteThem) {
  StartStack(BridgeStackOptions{.network_yaml = "    drop_matrix_messages_after: 60s\n"});
  AliceIsInTheChannel();

  // Ten lines with line_limit 3: the first line, a link, and the whole text uploaded.
  std::string ten;
  for (int i = 1; i <= 10; ++i) {
    absl::StrAppend(&ten, i > 1 ? "\n" : "", "line ", i);
  }
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", ten}});
  std::vector<std::string> seen;
  const std::string preview =
      AwaitFromAlice([](std::string_view text) { return Has(text, "(full message: "); }, &seen);
  EXPECT_THAT(preview, HasSubstr(absl::StrCat("line 1… (full message: ", kMediaBase, "/")))
      << stack_->Logs();
  EXPECT_EQ(seen.size(), 1u) << "the ten lines were not sent one by one";
  EXPECT_THAT(stack_->Uploads(), ::testing::Contains(ten));

  // A reply to an IRC user's ghost: "nick: text", the quoted fallback gone.
  stack_->PushMessage(
      kAlice,
      {{"msgtype", "m.text"},
       {"body", "> <@irc_libera_watcher:localhost> lunch?\n\nsounds good"},
       {"format", "org.matrix.custom.html"},
       {"formatted_body",
        "<mx-reply><blockquote><a href=\"https://matrix.to/#/!r/$q\">In reply to</a> "
        "<a href=\"https://matrix.to/#/@irc_libera_watcher:localhost\">watcher</a><br>lunch?"
        "</blockquote></mx-reply>sounds good"},
       {"m.relates_to", {{"m.in_reply_to", {{"event_id", "$question:localhost"}}}}}});
  seen.clear();
  EXPECT_EQ(AwaitFromAlice([](std::string_view t) { return Has(t, "sounds good"); }, &seen),
            "watcher: sounds good")
      << stack_->Logs();

  // Edits: an added word becomes "* word"; a rewrite is sent again in full.
  const std::string original =
      stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "see you at noon"}});
  ASSERT_EQ(AwaitFromAlice([](std::string_view t) { return t == "see you at noon"; }),
            "see you at noon");
  stack_->PushMessage(
      kAlice, {{"msgtype", "m.text"},
               {"body", "* see you at noon tomorrow"},
               {"m.new_content", {{"msgtype", "m.text"}, {"body", "see you at noon tomorrow"}}},
               {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", original}}}});
  EXPECT_EQ(AwaitFromAlice([](std::string_view t) { return Has(t, "tomorrow"); }), "* tomorrow")
      << stack_->Logs();
  stack_->PushMessage(kAlice,
                      {{"msgtype", "m.text"},
                       {"body", "* cancelled, sorry"},
                       {"m.new_content", {{"msgtype", "m.text"}, {"body", "cancelled, sorry"}}},
                       {"m.relates_to", {{"rel_type", "m.replace"}, {"event_id", original}}}});
  EXPECT_EQ(AwaitFromAlice([](std::string_view t) { return Has(t, "cancelled"); }),
            "cancelled, sorry")
      << stack_->Logs();

  // After downtime: an event ten minutes old is not sent; the next fresh one is.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  stack_->homeserver().EnqueueEvents(
      {json{{"event_id", "$stale:localhost"},
            {"room_id", stack_->room_id()},
            {"sender", kAlice},
            {"type", "m.room.message"},
            {"origin_server_ts", now_ms - 600'000},
            {"content", {{"msgtype", "m.text"}, {"body", "stale chatter"}}}}});
  stack_->PushMessage(kAlice, {{"msgtype", "m.text"}, {"body", "fresh news"}});
  seen.clear();
  EXPECT_EQ(AwaitFromAlice([](std::string_view t) { return t == "fresh news"; }, &seen),
            "fresh news")
      << stack_->Logs();
  for (const std::string& line : seen) {
    EXPECT_THAT(line, ::testing::Not(HasSubstr("stale chatter")));
  }
}

TEST_F(MessagesE2eTest, IrcFormattingArrivesAsFormattedBody) {
  StartStack();
  AliceIsInTheChannel();
  ASSERT_TRUE(watcher_
                  ->Send(absl::StrCat("PRIVMSG ", kChannel,
                                      " :\x03"
                                      "04red\x03 and \x1d"
                                      "slanted\x1d <tag>"))
                  .ok());
  std::optional<GhostSend> bridged = AwaitGhostSend([](const GhostSend& send) {
    return send.content.value("body", "") == "red and slanted <tag>";
  });
  ASSERT_TRUE(bridged.has_value()) << Sent();
  EXPECT_EQ(bridged->user_id, "@irc_libera_watcher:localhost");
  EXPECT_EQ(bridged->content.value("format", ""), "org.matrix.custom.html");
  const std::string html = bridged->content.value("formatted_body", "");
  EXPECT_THAT(html, HasSubstr("data-mx-color=\"#"));
  EXPECT_THAT(html, HasSubstr(">red</font>"));
  EXPECT_THAT(html, HasSubstr("<i>slanted</i>"));
  EXPECT_THAT(html, HasSubstr("&lt;tag&gt;"));

  // A plain line has no formatted_body.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kChannel, " :just words")).ok());
  std::optional<GhostSend> plain = AwaitGhostSend(
      [](const GhostSend& send) { return send.content.value("body", "") == "just words"; });
  ASSERT_TRUE(plain.has_value()) << Sent();
  EXPECT_FALSE(plain->content.contains("formatted_body"));
}

TEST_F(MessagesE2eTest, ConsecutiveIrcLinesAreCoalescedWhenConfigured) {
  StartStack(BridgeStackOptions{.network_yaml = "    coalesce_window: 1500ms\n"});
  AliceIsInTheChannel();
  for (const char* text : {"first of three", "\x02second\x02 of three", "third of three"}) {
    ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kChannel, " :", text)).ok());
  }
  std::optional<GhostSend> merged = AwaitGhostSend(
      [](const GhostSend& send) { return Has(send.content.value("body", ""), "third of three"); });
  ASSERT_TRUE(merged.has_value()) << Sent();
  EXPECT_EQ(merged->user_id, "@irc_libera_watcher:localhost");
  EXPECT_EQ(merged->content.value("body", ""), "first of three\nsecond of three\nthird of three");
  EXPECT_EQ(merged->content.value("formatted_body", ""),
            "first of three<br><b>second</b> of three<br>third of three");
  // One event for the three lines: nothing else from the watcher's ghost.
  int from_watcher = 0;
  for (const GhostSend& send : stack_->GhostSends()) {
    from_watcher += send.user_id == "@irc_libera_watcher:localhost" ? 1 : 0;
  }
  EXPECT_EQ(from_watcher, 1) << Sent();

  // An emote is never merged with the lines around it.
  ASSERT_TRUE(watcher_->Send(absl::StrCat("PRIVMSG ", kChannel, " :before the wave")).ok());
  ASSERT_TRUE(watcher_
                  ->Send(absl::StrCat("PRIVMSG ", kChannel,
                                      " :\x01"
                                      "ACTION waves\x01"))
                  .ok());
  std::optional<GhostSend> emote = AwaitGhostSend(
      [](const GhostSend& send) { return send.content.value("msgtype", "") == "m.emote"; });
  ASSERT_TRUE(emote.has_value()) << Sent();
  EXPECT_EQ(emote->content.value("body", ""), "waves");
  std::optional<GhostSend> before = AwaitGhostSend(
      [](const GhostSend& send) { return send.content.value("body", "") == "before the wave"; });
  EXPECT_TRUE(before.has_value()) << Sent();
}

TEST_F(MessagesE2eTest, ThirdPartyLookupsAreAnsweredByTheWorker) {
  StartStack();
  absl::StatusOr<http::Response> protocol = stack_->homeserver().QueryThirdParty("protocol/irc");
  ASSERT_TRUE(protocol.ok()) << protocol.status();
  ASSERT_EQ(protocol->status, 200) << protocol->body << stack_->Logs();
  const json p = json::parse(protocol->body);
  EXPECT_EQ(p["user_fields"], json::array({"network", "nickname"}));
  EXPECT_EQ(p["location_fields"], json::array({"network", "channel"}));
  EXPECT_EQ(p["field_types"]["channel"]["placeholder"], "#channel");
  ASSERT_EQ(p["instances"].size(), 1u) << p.dump();
  EXPECT_EQ(p["instances"][0]["network_id"], kNetwork);
  EXPECT_EQ(p["instances"][0]["fields"]["network"], kNetwork);

  absl::StatusOr<http::Response> location = stack_->homeserver().QueryThirdParty(
      "location/irc", {{"network", kNetwork}, {"channel", "#Bridge"}});
  ASSERT_TRUE(location.ok()) << location.status();
  ASSERT_EQ(location->status, 200) << location->body;
  EXPECT_EQ(json::parse(location->body),
            json::parse(R"([{"alias":"#irc_libera_#bridge:localhost","protocol":"irc",)"
                        R"("fields":{"network":"libera","channel":"#bridge"}}])"));

  absl::StatusOr<http::Response> user = stack_->homeserver().QueryThirdParty(
      "user/irc", {{"network", kNetwork}, {"nickname", "watcher"}});
  ASSERT_TRUE(user.ok()) << user.status();
  ASSERT_EQ(user->status, 200) << user->body;
  EXPECT_EQ(json::parse(user->body),
            json::parse(R"([{"userid":"@irc_libera_watcher:localhost","protocol":"irc",)"
                        R"("fields":{"network":"libera","nickname":"watcher"}}])"));

  absl::StatusOr<http::Response> by_id =
      stack_->homeserver().QueryThirdParty("user", {{"userid", "@irc_libera_watcher:localhost"}});
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  ASSERT_EQ(by_id->status, 200) << by_id->body;
  const json users = json::parse(by_id->body);
  ASSERT_EQ(users.size(), 1u) << users.dump();
  EXPECT_EQ(users[0]["fields"]["nickname"], "watcher");

  absl::StatusOr<http::Response> by_alias = stack_->homeserver().QueryThirdParty(
      "location", {{"alias", "#irc_libera_#bridge:localhost"}});
  ASSERT_TRUE(by_alias.ok()) << by_alias.status();
  ASSERT_EQ(by_alias->status, 200) << by_alias->body;
  const json locations = json::parse(by_alias->body);
  ASSERT_EQ(locations.size(), 1u) << locations.dump();
  EXPECT_EQ(locations[0]["fields"]["channel"], kChannel);
}

}  // namespace
}  // namespace mxedge::irc_bridge_e2e
