#pragma once
// MSC3079 CBOR integer-key tables. Version 1 maps 104 well-known JSON keys to integers; version 0
// is the empty table (string keys only, what a client gets after sending option 257 = 0).
// Tables are append-only: a later version only adds entries.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace mxedge::msc3079 {

struct KeyEntry {
  std::string_view name;
  std::uint32_t id;
};

// Highest key-table version compiled in.
inline constexpr std::uint32_t kLatestKeyTableVersion = 1;

class KeyTable {
 public:
  // The v1 table (104 keys).
  static const KeyTable& V1();
  // Version 0: no integer keys at all.
  static const KeyTable& Empty();
  // 0 → Empty(), 1 → V1(); any other version → InvalidArgumentError.
  static absl::StatusOr<const KeyTable*> ForVersion(std::uint64_t version);

  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  std::uint32_t version() const { return version_; }
  std::size_t size() const { return entries_.size(); }
  // Entries in ascending id order.
  std::span<const KeyEntry> entries() const { return entries_; }

  // The integer that replaces `name` on the wire, if the table has it.
  std::optional<std::uint32_t> IdOf(std::string_view name) const;
  // The JSON key for integer `id`, if the table has it.
  std::optional<std::string_view> NameOf(std::uint64_t id) const;

 private:
  KeyTable(std::uint32_t version, std::span<const KeyEntry> entries);

  std::uint32_t version_;
  std::span<const KeyEntry> entries_;
  absl::flat_hash_map<std::string_view, std::uint32_t> by_name_;
  std::vector<std::string_view> by_id_;  // index = id; empty view = unassigned
};

}  // namespace mxedge::msc3079
