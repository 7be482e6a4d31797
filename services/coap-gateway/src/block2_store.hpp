#pragma once
// Bodies of multi-block answers, served block by block (RFC 7959 §2.4, §2.5).
//
// Two kinds of key:
// - RequestKey (session, method, Uri-Path, Uri-Query) for an ordinary answer: the client fetches
//   block NUM > 0 with the same request and a Block2 option.
// - NotificationKey (session, token) for an Observe notification's body: only block 0 is pushed,
//   and the client GETs the rest with the registration's token (MSC3079: the server serves the
//   last pushed body for those GETs). The pipeline looks a Block2 GET up by NotificationKey first,
//   then by RequestKey.
//
// Blocks: never larger than 1024 bytes (SZX 6) from us; a client may ask for smaller ones. A body
// up to one block is answered in one piece with no Block2, Size2 or ETag option. A multi-block
// body carries an ETag (4 bytes, a hash of the body, the same on every block) and Size2 on block 0.
// An entry expires `ttl` after it was last read or written; over `max_total_bytes` the least
// recently used entries are evicted first. Not thread-safe: the transport's loop thread owns it.
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "block_option.hpp"
#include "exchange.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::coap_gateway {

// An Observe registration's last pushed body.
struct NotificationKey {
  SessionId session = 0;
  std::string token;
  friend auto operator<=>(const NotificationKey&, const NotificationKey&) = default;
  friend bool operator==(const NotificationKey&, const NotificationKey&) = default;
};

using BodyKey = std::variant<RequestKey, NotificationKey>;

SessionId SessionOf(const BodyKey& key);

// The 4-byte ETag of a multi-block body (FNV-1a, 32 bits, big-endian): deterministic, so a body
// stored again unchanged keeps its ETag.
std::string BodyETag(std::string_view body);

struct Block2Limits {
  // lb clients allow 2 minutes per block-wise transfer.
  std::chrono::steady_clock::duration ttl = std::chrono::seconds(120);
  std::size_t max_total_bytes = 64 << 20;
};

// One answer's payload and the block-wise options that go with it.
struct BlockReply {
  std::string payload;
  // Absent when the whole body fits in one block.
  std::optional<BlockValue> block2;
  // Size of the whole body.
  std::size_t size2 = 0;
  // Empty on single-block answers.
  std::string etag;

  // Appends ETag, Block2 and (on block 0) Size2 as wire options; nothing for a single block.
  void AppendOptions(std::vector<CoapOption>& options) const;
};

class Block2Store {
 public:
  struct Stats {
    std::uint64_t stored = 0;
    std::uint64_t blocks_served = 0;
    std::uint64_t misses = 0;
    std::uint64_t past_end = 0;
    std::uint64_t expired = 0;
    std::uint64_t evicted = 0;
  };

  explicit Block2Store(common::Clock& clock, Block2Limits limits = {});

  // Stores (or replaces) a body; `etag` defaults to BodyETag(body). A body larger than
  // max_total_bytes is refused (ResourceExhausted, 5.03) and any older body of the key removed.
  absl::Status Put(BodyKey key, std::string body, std::optional<std::string> etag = std::nullopt);

  // Block `num` of size 2^(szx+4) (szx over 6 is served as 6). Errors: NotFound when no body is
  // stored (expired, evicted, never stored); InvalidArgument carrying 4.02 Bad Option when the
  // block starts past the end of the body or `num` is over kMaxBlockNum.
  absl::StatusOr<BlockReply> GetBlock(const BodyKey& key, std::uint32_t num, std::uint8_t szx);

  // Decides how to answer with a full `body` given the request's Block2 option (if any): in one
  // piece when it fits in one block of the requested size (1024 without a Block2 option) and
  // block 0 is asked for (any older body of the key is removed); otherwise the body is stored and
  // the requested block (block 0 without a Block2 option) returned. Errors as Put and GetBlock.
  absl::StatusOr<BlockReply> Answer(BodyKey key, std::string body,
                                    std::optional<BlockValue> requested);

  bool Contains(const BodyKey& key) const { return entries_.contains(key); }
  void Erase(const BodyKey& key);
  void DropSession(SessionId session);

  std::size_t size() const { return entries_.size(); }
  std::size_t stored_bytes() const { return stored_bytes_; }
  const Stats& stats() const { return stats_; }

 private:
  struct Entry {
    std::string body;
    std::string etag;
    std::chrono::steady_clock::time_point last_access;
    std::list<BodyKey>::iterator lru;
  };
  using EntryMap = std::map<BodyKey, Entry>;

  void Expire();
  void Remove(EntryMap::iterator entry);

  common::Clock& clock_;
  Block2Limits limits_;
  EntryMap entries_;
  // Least recently used first.
  std::list<BodyKey> lru_;
  std::size_t stored_bytes_ = 0;
  Stats stats_;
};

}  // namespace mxedge::coap_gateway
