#include "mxedge/msc3079/key_table.hpp"

#include <algorithm>
#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace mxedge::msc3079 {
namespace {

// MSC3079 Appendix A, v1. Mirrors data/tables_v1.json; key_table_test.cpp keeps them equal.
constexpr std::array<KeyEntry, 104> kKeysV1 = {{
    {"event_id", 1},
    {"type", 2},
    {"content", 3},
    {"state_key", 4},
    {"room_id", 5},
    {"sender", 6},
    {"user_id", 7},
    {"origin_server_ts", 8},
    {"unsigned", 9},
    {"prev_content", 10},
    {"state", 11},
    {"timeline", 12},
    {"events", 13},
    {"limited", 14},
    {"prev_batch", 15},
    {"transaction_id", 16},
    {"age", 17},
    {"redacted_because", 18},
    {"next_batch", 19},
    {"presence", 20},
    {"avatar_url", 21},
    {"account_data", 22},
    {"rooms", 23},
    {"join", 24},
    {"membership", 25},
    {"displayname", 26},
    {"body", 27},
    {"msgtype", 28},
    {"format", 29},
    {"formatted_body", 30},
    {"ephemeral", 31},
    {"invite_state", 32},
    {"leave", 33},
    {"third_party_invite", 34},
    {"is_direct", 35},
    {"hashes", 36},
    {"signatures", 37},
    {"depth", 38},
    {"prev_events", 39},
    {"prev_state", 40},
    {"auth_events", 41},
    {"origin", 42},
    {"creator", 43},
    {"join_rule", 44},
    {"history_visibility", 45},
    {"ban", 46},
    {"events_default", 47},
    {"kick", 48},
    {"redact", 49},
    {"state_default", 50},
    {"users", 51},
    {"users_default", 52},
    {"reason", 53},
    {"visibility", 54},
    {"room_alias_name", 55},
    {"name", 56},
    {"topic", 57},
    {"invite", 58},
    {"invite_3pid", 59},
    {"room_version", 60},
    {"creation_content", 61},
    {"initial_state", 62},
    {"preset", 63},
    {"servers", 64},
    {"identifier", 65},
    {"user", 66},
    {"medium", 67},
    {"address", 68},
    {"password", 69},
    {"token", 70},
    {"device_id", 71},
    {"initial_device_display_name", 72},
    {"access_token", 73},
    {"home_server", 74},
    {"well_known", 75},
    {"base_url", 76},
    {"device_lists", 77},
    {"to_device", 78},
    {"peek", 79},
    {"last_seen_ip", 80},
    {"display_name", 81},
    {"typing", 82},
    {"last_seen_ts", 83},
    {"algorithm", 84},
    {"sender_key", 85},
    {"session_id", 86},
    {"ciphertext", 87},
    {"one_time_keys", 88},
    {"timeout", 89},
    {"recent_rooms", 90},
    {"chunk", 91},
    {"m.fully_read", 92},
    {"device_keys", 93},
    {"failures", 94},
    {"device_display_name", 95},
    {"prev_sender", 96},
    {"replaces_state", 97},
    {"changed", 98},
    {"unstable_features", 99},
    {"versions", 100},
    {"devices", 101},
    {"errcode", 102},
    {"error", 103},
    {"room_alias", 104},
}};

}  // namespace

KeyTable::KeyTable(std::uint32_t version, std::span<const KeyEntry> entries)
    : version_(version), entries_(entries) {
  std::uint32_t max_id = 0;
  for (const KeyEntry& entry : entries_) {
    by_name_.emplace(entry.name, entry.id);
    max_id = std::max(max_id, entry.id);
  }
  by_id_.resize(entries_.empty() ? 0 : max_id + 1);
  for (const KeyEntry& entry : entries_) {
    by_id_[entry.id] = entry.name;
  }
}

const KeyTable& KeyTable::V1() {
  static const KeyTable* const table = new KeyTable(1, kKeysV1);
  return *table;
}

const KeyTable& KeyTable::Empty() {
  static const KeyTable* const table = new KeyTable(0, {});
  return *table;
}

absl::StatusOr<const KeyTable*> KeyTable::ForVersion(std::uint64_t version) {
  switch (version) {
    case 0:
      return &Empty();
    case 1:
      return &V1();
    default:
      return absl::InvalidArgumentError(absl::StrCat("CBOR key table version ", version,
                                                     " is unknown (known: 0 to ",
                                                     kLatestKeyTableVersion, ")"));
  }
}

std::optional<std::uint32_t> KeyTable::IdOf(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::optional<std::string_view> KeyTable::NameOf(std::uint64_t id) const {
  if (id >= by_id_.size() || by_id_[id].empty()) {
    return std::nullopt;
  }
  return by_id_[id];
}

}  // namespace mxedge::msc3079
