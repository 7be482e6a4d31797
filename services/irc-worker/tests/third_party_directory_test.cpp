#include "third_party_directory.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

ThirdPartyDirectory Directory() {
  bridge::PortalAliasNamer namer =
      bridge::PortalAliasNamer::Create(bridge::PortalAliasNamer::kDefaultTemplate, "example.org")
          .value();
  std::map<std::string, ThirdPartyNetwork, std::less<>> networks;
  networks.emplace("libera", ThirdPartyNetwork{.description = "irc.libera.chat",
                                               .ghost_template = "irc_$NETWORK_$NICK",
                                               .alias_namer = namer,
                                               .isupport = irc::ISupport()});
  networks.emplace("oftc", ThirdPartyNetwork{.description = "",
                                             .ghost_template = "irc_$NETWORK_$NICK",
                                             .alias_namer = namer,
                                             .isupport = irc::ISupport()});
  return ThirdPartyDirectory::Create(std::move(networks), "example.org").value();
}

v1::ThirdPartyLookupRequest Forward(v1::ThirdPartyLookupKind kind,
                                    std::vector<std::pair<std::string, std::string>> fields,
                                    std::string protocol = "irc") {
  v1::ThirdPartyLookupRequest request;
  request.set_kind(kind);
  request.set_protocol(std::move(protocol));
  for (auto& [key, value] : fields) {
    v1::ThirdPartyField* field = request.add_fields();
    field->set_key(key);
    field->set_value(value);
  }
  return request;
}

v1::ThirdPartyLookupRequest Reverse(v1::ThirdPartyLookupKind kind, std::string matrix_id) {
  v1::ThirdPartyLookupRequest request;
  request.set_kind(kind);
  request.set_matrix_id(std::move(matrix_id));
  return request;
}

TEST(ThirdPartyDirectoryTest, TheProtocolNamesFieldsAndOneInstancePerNetwork) {
  const v1::ThirdPartyProtocolReply protocol = Directory().Protocol();
  EXPECT_THAT(protocol.user_fields(), ::testing::ElementsAre("network", "nickname"));
  EXPECT_THAT(protocol.location_fields(), ::testing::ElementsAre("network", "channel"));
  ASSERT_EQ(protocol.field_types().count("channel"), 1u);
  EXPECT_EQ(protocol.field_types().at("channel").placeholder(), "#channel");
  EXPECT_FALSE(protocol.field_types().at("nickname").regexp().empty());
  ASSERT_EQ(protocol.instances_size(), 2);
  EXPECT_EQ(protocol.instances(0).network_id(), "libera");
  EXPECT_EQ(protocol.instances(0).desc(), "irc.libera.chat");
  EXPECT_EQ(protocol.instances(0).fields().at("network"), "libera");
  EXPECT_EQ(protocol.instances(1).desc(), "oftc");
}

TEST(ThirdPartyDirectoryTest, ALocationIsThePortalAliasOfTheFoldedChannel) {
  std::vector<v1::ThirdPartyResult> results =
      Directory()
          .Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_LOCATION,
                          {{"network", "libera"}, {"channel", "#Python"}}))
          .value();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].matrix_id(), "#irc_libera_#python:example.org");
  EXPECT_EQ(results[0].protocol(), "irc");
  EXPECT_THAT(results[0].fields(),
              UnorderedElementsAre(Pair("network", "libera"), Pair("channel", "#python")));
}

TEST(ThirdPartyDirectoryTest, WithoutANetworkEveryNetworkAnswers) {
  std::vector<v1::ThirdPartyResult> results =
      Directory().Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_USER, {{"nickname", "Bob"}})).value();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].matrix_id(), "@irc_libera_bob:example.org");
  EXPECT_EQ(results[1].matrix_id(), "@irc_oftc_bob:example.org");
  EXPECT_EQ(results[1].fields().at("nickname"), "Bob");
}

TEST(ThirdPartyDirectoryTest, MissingOrInvalidFieldsFindNothing) {
  ThirdPartyDirectory directory = Directory();
  EXPECT_THAT(
      directory.Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_LOCATION, {{"network", "libera"}}))
          .value(),
      IsEmpty());
  EXPECT_THAT(directory
                  .Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_LOCATION,
                                  {{"network", "libera"}, {"channel", "no-prefix"}}))
                  .value(),
              IsEmpty());
  EXPECT_THAT(directory
                  .Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_USER,
                                  {{"network", "libera"}, {"nickname", "two words"}}))
                  .value(),
              IsEmpty());
  EXPECT_THAT(directory
                  .Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_USER,
                                  {{"network", "efnet"}, {"nickname", "bob"}}))
                  .value(),
              IsEmpty());
}

TEST(ThirdPartyDirectoryTest, AnotherProtocolOrNoKindIsInvalid) {
  ThirdPartyDirectory directory = Directory();
  EXPECT_TRUE(absl::IsInvalidArgument(
      directory.Lookup(Forward(v1::THIRD_PARTY_LOOKUP_KIND_USER, {{"nickname", "bob"}}, "xmpp"))
          .status()));
  EXPECT_TRUE(absl::IsInvalidArgument(directory.Lookup(v1::ThirdPartyLookupRequest()).status()));
}

TEST(ThirdPartyDirectoryTest, ReverseLookupsReadAliasesAndGhostsBack) {
  ThirdPartyDirectory directory = Directory();
  std::vector<v1::ThirdPartyResult> location =
      directory
          .Lookup(Reverse(v1::THIRD_PARTY_LOOKUP_KIND_LOCATION_BY_ALIAS,
                          "#irc_oftc_#Debian:example.org"))
          .value();
  ASSERT_EQ(location.size(), 1u);
  EXPECT_EQ(location[0].matrix_id(), "#irc_oftc_#Debian:example.org");
  EXPECT_THAT(location[0].fields(),
              UnorderedElementsAre(Pair("network", "oftc"), Pair("channel", "#debian")));

  std::vector<v1::ThirdPartyResult> user =
      directory
          .Lookup(
              Reverse(v1::THIRD_PARTY_LOOKUP_KIND_USER_BY_MATRIX_ID, "@irc_libera_bob:example.org"))
          .value();
  ASSERT_EQ(user.size(), 1u);
  EXPECT_THAT(user[0].fields(),
              UnorderedElementsAre(Pair("network", "libera"), Pair("nickname", "bob")));

  EXPECT_THAT(directory
                  .Lookup(Reverse(v1::THIRD_PARTY_LOOKUP_KIND_USER_BY_MATRIX_ID,
                                  "@irc_libera_bob:elsewhere.org"))
                  .value(),
              IsEmpty());
  EXPECT_THAT(
      directory
          .Lookup(Reverse(v1::THIRD_PARTY_LOOKUP_KIND_LOCATION_BY_ALIAS, "#random:example.org"))
          .value(),
      IsEmpty());
}

TEST(ThirdPartyDirectoryTest, ABadGhostTemplateIsRefused) {
  std::map<std::string, ThirdPartyNetwork, std::less<>> networks;
  networks.emplace(
      "libera",
      ThirdPartyNetwork{.description = "",
                        .ghost_template = "irc_$NICK",
                        .alias_namer = bridge::PortalAliasNamer::Create(
                                           bridge::PortalAliasNamer::kDefaultTemplate, "x.org")
                                           .value(),
                        .isupport = irc::ISupport()});
  EXPECT_TRUE(
      absl::IsInvalidArgument(ThirdPartyDirectory::Create(std::move(networks), "x.org").status()));
}

}  // namespace
}  // namespace mxedge::irc_worker
