// Fuzz target: the irc-worker's static channel mappings ("<#channel>=<!room_id>" entries from
// config) on arbitrary bytes, split at newlines into entries.
// - ParseChannelRoom: an accepted entry prints back to the input as "<channel>=<room_id>", and
//   every rejection is an InvalidArgumentError.
// - ChannelMapping::Parse: when accepted, every entry is found again both ways.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "channel_mapping.hpp"

namespace {

void Require(bool condition) {
  if (!condition) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> entries;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) {
      end = input.size();
    }
    entries.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  for (const std::string& entry : entries) {
    absl::StatusOr<mxedge::irc_worker::ChannelRoom> parsed =
        mxedge::irc_worker::ParseChannelRoom(entry);
    if (parsed.ok()) {
      Require(parsed->channel + "=" + parsed->room_id == entry);
    } else {
      Require(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    }
  }
  absl::StatusOr<mxedge::irc_worker::ChannelMapping> mapping =
      mxedge::irc_worker::ChannelMapping::Parse(entries);
  if (mapping.ok()) {
    for (const mxedge::irc_worker::ChannelRoom& entry : mapping->entries()) {
      Require(mapping->ChannelOf(entry.room_id) == entry.channel);
      Require(mapping->RoomOf(entry.channel) == entry.room_id);
    }
  } else {
    Require(mapping.status().code() == absl::StatusCode::kInvalidArgument);
  }
  return 0;
}
