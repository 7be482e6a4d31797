#include "dead_letter.hpp"

#include "absl/strings/numbers.h"
#include "dispatch_text.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/stream_commands.hpp"

namespace mxedge::appservice_router {
namespace {

using dispatch_text::Cat;

constexpr std::string_view kStream = "stream";
constexpr std::string_view kEntryId = "entry_id";
constexpr std::string_view kSink = "sink";
constexpr std::string_view kReason = "reason";
constexpr std::string_view kAttempts = "attempts";
constexpr std::string_view kTimeMs = "time_ms";

absl::StatusOr<DeadLetter> DecodeDead(const redis::StreamEntry& raw) {
  auto missing = [&](std::string_view field) {
    return absl::InvalidArgumentError(Cat("dead entry ", raw.id, ": missing field ", field));
  };
  DeadLetter letter;
  letter.id = raw.id;
  std::optional<std::string_view> stream = raw.Field(kStream);
  if (!stream || stream->empty()) {
    return missing(kStream);
  }
  letter.stream = std::string(*stream);
  absl::StatusOr<DispatchEntry> entry = ParseEntry(raw);
  if (!entry.ok()) {
    return dispatch_text::WithContext(entry.status(), Cat("dead entry ", raw.id));
  }
  letter.entry = *std::move(entry);
  letter.entry.stream_id = std::string(raw.Field(kEntryId).value_or(""));
  letter.sink = std::string(raw.Field(kSink).value_or(""));
  letter.reason = std::string(raw.Field(kReason).value_or(""));
  if (std::optional<std::string_view> attempts = raw.Field(kAttempts)) {
    if (!absl::SimpleAtoi(dispatch_text::Absl(*attempts), &letter.attempts)) {
      return absl::InvalidArgumentError(Cat("dead entry ", raw.id, ": attempts is not a number"));
    }
  }
  if (std::optional<std::string_view> time = raw.Field(kTimeMs)) {
    if (!absl::SimpleAtoi(dispatch_text::Absl(*time), &letter.parked_unix_ms)) {
      return absl::InvalidArgumentError(Cat("dead entry ", raw.id, ": time_ms is not a number"));
    }
  }
  return letter;
}

void PrintSummary(std::ostream& out, const DeadLetter& letter) {
  out << letter.id << " sink=" << (letter.sink.empty() ? "-" : letter.sink)
      << " attempts=" << letter.attempts << " stream=" << letter.stream
      << " entry=" << letter.entry.stream_id << " reason=" << letter.reason << "\n";
}

}  // namespace

std::string DeadStreamKey(std::string_view key_prefix) { return Cat(key_prefix, "as:dead"); }

absl::StatusOr<std::string> ParkDeadLetter(redis::RedisClient& client, std::string_view key_prefix,
                                           const DeadLetter& letter) {
  std::vector<redis::FieldValue> fields = {
      {std::string(kStream), letter.stream},
      {std::string(kEntryId), letter.entry.stream_id},
      {std::string(kSink), letter.sink},
      {std::string(kReason), letter.reason},
      {std::string(kAttempts), Cat(letter.attempts)},
      {std::string(kTimeMs), Cat(letter.parked_unix_ms)},
  };
  for (redis::FieldValue& field : EncodeEntryFields(letter.entry)) {
    fields.push_back(std::move(field));
  }
  absl::StatusOr<std::string> id = redis::XAdd(client, DeadStreamKey(key_prefix), fields);
  if (!id.ok()) {
    return dispatch_text::WithContext(
        id.status(), Cat("parking entry ", letter.entry.stream_id, " of ", letter.stream));
  }
  return id;
}

absl::StatusOr<std::vector<DeadLetter>> ListDead(redis::RedisClient& client,
                                                 std::string_view key_prefix, int64_t limit) {
  if (limit <= 0) {
    return absl::InvalidArgumentError(Cat("dead list: limit must be positive, got ", limit));
  }
  absl::StatusOr<std::vector<redis::StreamEntry>> raw =
      redis::XRange(client, DeadStreamKey(key_prefix), "-", "+", limit);
  if (!raw.ok()) {
    return dispatch_text::WithContext(raw.status(), "listing dead entries");
  }
  std::vector<DeadLetter> out;
  out.reserve(raw->size());
  for (const redis::StreamEntry& entry : *raw) {
    absl::StatusOr<DeadLetter> letter = DecodeDead(entry);
    if (!letter.ok()) {
      return letter.status();
    }
    out.push_back(*std::move(letter));
  }
  return out;
}

absl::StatusOr<DeadLetter> ShowDead(redis::RedisClient& client, std::string_view key_prefix,
                                    std::string_view id) {
  absl::StatusOr<std::vector<redis::StreamEntry>> raw =
      redis::XRange(client, DeadStreamKey(key_prefix), id, id, 1);
  if (!raw.ok()) {
    return dispatch_text::WithContext(raw.status(), Cat("reading dead entry ", id));
  }
  if (raw->empty()) {
    return absl::NotFoundError(Cat("no dead entry ", id));
  }
  return DecodeDead(raw->front());
}

absl::StatusOr<std::string> RedriveDead(redis::RedisClient& client, std::string_view key_prefix,
                                        std::string_view id) {
  absl::StatusOr<DeadLetter> letter = ShowDead(client, key_prefix, id);
  if (!letter.ok()) {
    return letter.status();
  }
  std::vector<redis::FieldValue> fields = EncodeEntryFields(letter->entry);
  std::vector<std::string> xadd = {"XADD", letter->stream, "*"};
  for (redis::FieldValue& field : fields) {
    xadd.push_back(std::move(field.first));
    xadd.push_back(std::move(field.second));
  }
  // One MULTI/EXEC so the event is never both redriven and still dead, nor neither.
  std::vector<std::vector<std::string>> commands = {
      {"MULTI"}, std::move(xadd), {"XDEL", DeadStreamKey(key_prefix), std::string(id)}, {"EXEC"}};
  absl::StatusOr<std::vector<redis::Reply>> replies = client.Pipeline(commands);
  if (!replies.ok()) {
    return dispatch_text::WithContext(replies.status(), Cat("redriving dead entry ", id));
  }
  const redis::Reply& exec = replies->back();
  if (!exec.IsArray() || exec.elements().size() != 2 || !exec.elements()[0].IsString()) {
    return absl::InternalError(
        Cat("redriving dead entry ", id, ": unexpected reply ", exec.DebugString()));
  }
  return exec.elements()[0].str();
}

absl::StatusOr<int64_t> RedriveAllDead(redis::RedisClient& client, std::string_view key_prefix) {
  constexpr int64_t kPage = 100;
  int64_t count = 0;
  while (true) {
    absl::StatusOr<std::vector<DeadLetter>> page = ListDead(client, key_prefix, kPage);
    if (!page.ok()) {
      return page.status();
    }
    if (page->empty()) {
      return count;
    }
    for (const DeadLetter& letter : *page) {
      absl::StatusOr<std::string> redriven = RedriveDead(client, key_prefix, letter.id);
      if (!redriven.ok()) {
        return redriven.status();
      }
      ++count;
    }
  }
}

int RunDeadCommand(std::span<const std::string> args, redis::RedisClient& client, std::ostream& out,
                   std::ostream& err, std::string_view key_prefix) {
  constexpr std::string_view kUsage =
      "usage: appservice-router dead list [--limit N] | show <id> | redrive <id>|--all\n";
  if (args.empty()) {
    err << kUsage;
    return 2;
  }
  const std::string& verb = args[0];
  if (verb == "list") {
    int64_t limit = 100;
    if (args.size() == 3 && args[1] == "--limit") {
      if (!absl::SimpleAtoi(dispatch_text::Absl(args[2]), &limit) || limit <= 0) {
        err << "dead list: --limit needs a positive number\n";
        return 2;
      }
    } else if (args.size() != 1) {
      err << kUsage;
      return 2;
    }
    absl::StatusOr<std::vector<DeadLetter>> letters = ListDead(client, key_prefix, limit);
    if (!letters.ok()) {
      err << letters.status().message() << "\n";
      return 1;
    }
    for (const DeadLetter& letter : *letters) {
      PrintSummary(out, letter);
    }
    out << letters->size() << " dead entries shown\n";
    return 0;
  }
  if (verb == "show" && args.size() == 2) {
    absl::StatusOr<DeadLetter> letter = ShowDead(client, key_prefix, args[1]);
    if (!letter.ok()) {
      err << letter.status().message() << "\n";
      return 1;
    }
    PrintSummary(out, *letter);
    out << "txn=" << letter->entry.txn_id << " received_ms=" << letter->entry.received_unix_ms
        << " parked_ms=" << letter->parked_unix_ms << "\n"
        << "event=" << letter->entry.event_json << "\n";
    return 0;
  }
  if (verb == "redrive" && args.size() == 2) {
    if (args[1] == "--all") {
      absl::StatusOr<int64_t> count = RedriveAllDead(client, key_prefix);
      if (!count.ok()) {
        err << count.status().message() << "\n";
        return 1;
      }
      out << *count << " dead entries redriven\n";
      return 0;
    }
    absl::StatusOr<std::string> redriven = RedriveDead(client, key_prefix, args[1]);
    if (!redriven.ok()) {
      err << redriven.status().message() << "\n";
      return 1;
    }
    out << args[1] << " redriven as " << *redriven << "\n";
    return 0;
  }
  err << kUsage;
  return 2;
}

}  // namespace mxedge::appservice_router
