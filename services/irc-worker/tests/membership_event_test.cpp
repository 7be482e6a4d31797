#include "membership_event.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/parser.hpp"

namespace mxedge::irc_worker {
namespace {

irc::Message Line(std::string_view text) {
  absl::StatusOr<irc::Message> message = irc::ParseMessage(text);
  EXPECT_TRUE(message.ok()) << message.status();
  return message.ok() ? *message : irc::Message{};
}

std::optional<MembershipEvent> Read(MembershipReader& reader, std::string_view text) {
  absl::StatusOr<std::optional<MembershipEvent>> event = reader.Read(Line(text));
  EXPECT_TRUE(event.ok()) << event.status();
  return event.ok() ? *event : std::nullopt;
}

TEST(MembershipReaderTest, CollectsNamesUntilTheEndOfTheList) {
  MembershipReader reader;
  EXPECT_FALSE(Read(reader, ":srv 353 me = #chan :@alice +bob").has_value());
  EXPECT_FALSE(Read(reader, ":srv 353 me = #Chan :carol").has_value());
  std::optional<MembershipEvent> names = Read(reader, ":srv 366 me #chan :End of /NAMES list.");
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->kind, MembershipKind::kNames);
  EXPECT_EQ(names->channel, "#chan");
  ASSERT_EQ(names->members.size(), 3u);
  EXPECT_EQ(names->members[0].nick, "alice");
  EXPECT_EQ(names->members[0].modes, "o");
  EXPECT_EQ(names->members[1].modes, "v");
  EXPECT_EQ(names->members[2].nick, "carol");
  // The list was handed over: a second 366 is an empty list.
  EXPECT_TRUE(Read(reader, ":srv 366 me #chan :End").value().members.empty());
}

TEST(MembershipReaderTest, ReadsMembershipCommands) {
  MembershipReader reader;
  std::optional<MembershipEvent> join = Read(reader, ":bob!b@h JOIN #chan");
  ASSERT_TRUE(join.has_value());
  EXPECT_EQ(join->kind, MembershipKind::kJoin);
  EXPECT_EQ(join->nick, "bob");

  std::optional<MembershipEvent> part = Read(reader, ":bob!b@h PART #chan :bye now");
  EXPECT_EQ(part->kind, MembershipKind::kPart);
  EXPECT_EQ(part->text, "bye now");

  std::optional<MembershipEvent> quit = Read(reader, ":bob!b@h QUIT :*.net *.split");
  EXPECT_EQ(quit->kind, MembershipKind::kQuit);
  EXPECT_TRUE(quit->channel.empty());
  EXPECT_EQ(quit->text, "*.net *.split");

  std::optional<MembershipEvent> nick = Read(reader, ":bob!b@h NICK :robert");
  EXPECT_EQ(nick->kind, MembershipKind::kNick);
  EXPECT_EQ(nick->nick, "bob");
  EXPECT_EQ(nick->target, "robert");

  std::optional<MembershipEvent> kick = Read(reader, ":op!o@h KICK #chan bob :spam");
  EXPECT_EQ(kick->kind, MembershipKind::kKick);
  EXPECT_EQ(kick->nick, "op");
  EXPECT_EQ(kick->target, "bob");
  EXPECT_EQ(kick->text, "op kicked bob from #chan: spam");

  std::optional<MembershipEvent> topic = Read(reader, ":op!o@h TOPIC #chan :new topic");
  EXPECT_EQ(topic->kind, MembershipKind::kTopic);
  EXPECT_EQ(topic->nick, "op");
  EXPECT_EQ(topic->text, "new topic");

  std::optional<MembershipEvent> shown = Read(reader, ":srv 332 me #chan :the topic");
  EXPECT_EQ(shown->kind, MembershipKind::kTopic);
  EXPECT_TRUE(shown->nick.empty());
  EXPECT_EQ(shown->text, "the topic");
}

TEST(MembershipReaderTest, ReadsModesWithTheServersPrefixes) {
  MembershipReader reader;
  EXPECT_FALSE(
      Read(reader, ":srv 005 me PREFIX=(qov)~@+ CHANMODES=b,k,l,imnt :are supported").has_value());
  std::optional<MembershipEvent> mode = Read(reader, ":op!o@h MODE #chan +qo-v+k a b c key");
  ASSERT_TRUE(mode.has_value());
  EXPECT_EQ(mode->kind, MembershipKind::kMode);
  ASSERT_EQ(mode->modes.size(), 4u);
  EXPECT_EQ(mode->modes[0].mode, 'q');
  EXPECT_EQ(mode->modes[1].argument, "b");
  EXPECT_FALSE(mode->modes[2].add);
  EXPECT_EQ(mode->modes[3].argument, "key");
  // A user mode is no channel change.
  EXPECT_FALSE(Read(reader, ":me MODE me +i").has_value());
  EXPECT_FALSE(Read(reader, ":bob!b@h PRIVMSG #chan :hi").has_value());
}

TEST(MembershipReaderTest, RefusesMalformedLines) {
  MembershipReader reader;
  for (std::string_view text :
       {"JOIN #chan", ":bob!b@h NICK", ":op!o@h KICK #chan", ":op!o@h MODE #chan",
        ":op!o@h TOPIC #chan", ":srv 332 me #chan", ":srv 366 me", ":bob!b@h PART"}) {
    EXPECT_EQ(reader.Read(Line(text)).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

}  // namespace
}  // namespace mxedge::irc_worker
