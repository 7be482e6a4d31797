#include "dispatch_entry.hpp"

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "dispatch_text.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

std::string DispatchStreamKey(std::string_view key_prefix, int shard) {
  return Cat(key_prefix, "as:events:", shard);
}

std::vector<redis::FieldValue> EncodeEntryFields(const DispatchEntry& entry) {
  std::vector<redis::FieldValue> fields;
  fields.reserve(5);
  fields.emplace_back(std::string(kEntryEvent), entry.event_json);
  fields.emplace_back(
      std::string(kEntryKind),
      std::string(entry.kind == EntryKind::kPersistent ? kEntryKindRoom : kEntryKindEphemeral));
  fields.emplace_back(std::string(kEntryTxn), entry.txn_id);
  fields.emplace_back(std::string(kEntryReceivedMs), Cat(entry.received_unix_ms));
  if (entry.kind == EntryKind::kEphemeral) {
    fields.emplace_back(std::string(kEntrySinks), absl::StrJoin(entry.sinks, ","));
  }
  return fields;
}

absl::StatusOr<DispatchEntry> ParseEntry(const redis::StreamEntry& entry) {
  if (entry.deleted) {
    return absl::InvalidArgumentError(Cat("stream entry ", entry.id, " was deleted"));
  }
  auto missing = [&](std::string_view field) {
    return absl::InvalidArgumentError(Cat("stream entry ", entry.id, ": missing field ", field));
  };
  DispatchEntry out;
  out.stream_id = entry.id;
  std::optional<std::string_view> kind = entry.Field(kEntryKind);
  if (!kind) {
    return missing(kEntryKind);
  }
  if (*kind == kEntryKindRoom) {
    out.kind = EntryKind::kPersistent;
  } else if (*kind == kEntryKindEphemeral) {
    out.kind = EntryKind::kEphemeral;
  } else {
    return absl::InvalidArgumentError(
        Cat("stream entry ", entry.id, ": unknown kind \"", *kind, "\""));
  }
  std::optional<std::string_view> event = entry.Field(kEntryEvent);
  if (!event) {
    return missing(kEntryEvent);
  }
  out.event_json = std::string(*event);
  out.txn_id = std::string(entry.Field(kEntryTxn).value_or(""));
  if (std::optional<std::string_view> received = entry.Field(kEntryReceivedMs)) {
    if (!absl::SimpleAtoi(dispatch_text::Absl(*received), &out.received_unix_ms) ||
        out.received_unix_ms < 0) {
      return absl::InvalidArgumentError(
          Cat("stream entry ", entry.id, ": received_ms is not a unix time in ms"));
    }
  }
  if (out.kind == EntryKind::kEphemeral) {
    std::optional<std::string_view> sinks = entry.Field(kEntrySinks);
    if (sinks) {
      for (absl::string_view name :
           absl::StrSplit(dispatch_text::Absl(*sinks), ',', absl::SkipEmpty())) {
        out.sinks.emplace_back(name);
      }
    }
  }
  return out;
}

}  // namespace mxedge::appservice_router
