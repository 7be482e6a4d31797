#include "mxedge/msc3079/path_code_table.hpp"

#include <array>

namespace mxedge::msc3079 {
namespace {

// MSC3079 Appendix B, v1. Mirrors data/tables_v1.json; path_codes_test.cpp keeps them equal.
constexpr std::array<PathCode, 57> kPathCodesV1 = {{
    {'0', "/_matrix/client/versions"},
    {'1', "/_matrix/client/r0/login"},
    {'2', "/_matrix/client/r0/capabilities"},
    {'3', "/_matrix/client/r0/logout"},
    {'4', "/_matrix/client/r0/register"},
    {'5', "/_matrix/client/r0/user/{userId}/filter"},
    {'6', "/_matrix/client/r0/user/{userId}/filter/{filterId}"},
    {'7', "/_matrix/client/r0/sync"},
    {'8', "/_matrix/client/r0/rooms/{roomId}/state/{eventType}/{stateKey}"},
    {'9', "/_matrix/client/r0/rooms/{roomId}/send/{eventType}/{txnId}"},
    {'A', "/_matrix/client/r0/rooms/{roomId}/event/{eventId}"},
    {'B', "/_matrix/client/r0/rooms/{roomId}/state"},
    {'C', "/_matrix/client/r0/rooms/{roomId}/members"},
    {'D', "/_matrix/client/r0/rooms/{roomId}/joined_members"},
    {'E', "/_matrix/client/r0/rooms/{roomId}/messages"},
    {'F', "/_matrix/client/r0/rooms/{roomId}/redact/{eventId}/{txnId}"},
    {'G', "/_matrix/client/r0/createRoom"},
    {'H', "/_matrix/client/r0/directory/room/{roomAlias}"},
    {'I', "/_matrix/client/r0/joined_rooms"},
    {'J', "/_matrix/client/r0/rooms/{roomId}/invite"},
    {'K', "/_matrix/client/r0/rooms/{roomId}/join"},
    {'L', "/_matrix/client/r0/join/{roomIdOrAlias}"},
    {'M', "/_matrix/client/r0/rooms/{roomId}/leave"},
    {'N', "/_matrix/client/r0/rooms/{roomId}/forget"},
    {'O', "/_matrix/client/r0/rooms/{roomId}/kick"},
    {'P', "/_matrix/client/r0/rooms/{roomId}/ban"},
    {'Q', "/_matrix/client/r0/rooms/{roomId}/unban"},
    {'R', "/_matrix/client/r0/directory/list/room/{roomId}"},
    {'S', "/_matrix/client/r0/publicRooms"},
    {'T', "/_matrix/client/r0/user_directory/search"},
    {'U', "/_matrix/client/r0/profile/{userId}/displayname"},
    {'V', "/_matrix/client/r0/profile/{userId}/avatar_url"},
    {'W', "/_matrix/client/r0/profile/{userId}"},
    {'X', "/_matrix/client/r0/voip/turnServer"},
    {'Y', "/_matrix/client/r0/rooms/{roomId}/typing/{userId}"},
    {'Z', "/_matrix/client/r0/rooms/{roomId}/receipt/{receiptType}/{eventId}"},
    {'a', "/_matrix/client/r0/rooms/{roomId}/read_markers"},
    {'b', "/_matrix/client/r0/presence/{userId}/status"},
    {'c', "/_matrix/client/r0/sendToDevice/{eventType}/{txnId}"},
    {'d', "/_matrix/client/r0/devices"},
    {'e', "/_matrix/client/r0/devices/{deviceId}"},
    {'f', "/_matrix/client/r0/delete_devices"},
    {'g', "/_matrix/client/r0/keys/upload"},
    {'h', "/_matrix/client/r0/keys/query"},
    {'i', "/_matrix/client/r0/keys/claim"},
    {'j', "/_matrix/client/r0/keys/changes"},
    {'k', "/_matrix/client/r0/pushers"},
    {'l', "/_matrix/client/r0/pushers/set"},
    {'m', "/_matrix/client/r0/notifications"},
    {'n', "/_matrix/client/r0/pushrules/"},
    {'o', "/_matrix/client/r0/search"},
    {'p', "/_matrix/client/r0/user/{userId}/rooms/{roomId}/tags"},
    {'q', "/_matrix/client/r0/user/{userId}/rooms/{roomId}/tags/{tag}"},
    {'r', "/_matrix/client/r0/user/{userId}/account_data/{type}"},
    {'s', "/_matrix/client/r0/user/{userId}/rooms/{roomId}/account_data/{type}"},
    {'t', "/_matrix/client/r0/rooms/{roomId}/context/{eventId}"},
    {'u', "/_matrix/client/r0/rooms/{roomId}/report/{eventId}"},
}};

}  // namespace

PathCodeTable::PathCodeTable(std::span<const PathCode> entries) : entries_(entries) {
  for (std::int16_t& slot : index_) {
    slot = -1;
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    index_[static_cast<unsigned char>(entries_[i].code) & 0x7f] = static_cast<std::int16_t>(i);
  }
}

const PathCodeTable& PathCodeTable::V1() {
  static const PathCodeTable* const table = new PathCodeTable(kPathCodesV1);
  return *table;
}

std::optional<std::string_view> PathCodeTable::TemplateOf(std::string_view segment) const {
  if (segment.size() != 1) {
    return std::nullopt;
  }
  const auto c = static_cast<unsigned char>(segment[0]);
  if (c >= 128 || index_[c] < 0) {
    return std::nullopt;
  }
  return entries_[static_cast<std::size_t>(index_[c])].path_template;
}

}  // namespace mxedge::msc3079
