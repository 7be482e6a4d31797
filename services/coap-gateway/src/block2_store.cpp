#include "block2_store.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/common/check.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {

SessionId SessionOf(const BodyKey& key) {
  return std::visit([](const auto& typed) { return typed.session; }, key);
}

std::string BodyETag(std::string_view body) {
  std::uint32_t hash = 2166136261u;
  for (char byte : body) {
    hash ^= static_cast<std::uint8_t>(byte);
    hash *= 16777619u;
  }
  std::string etag(4, '\0');
  for (int i = 0; i < 4; ++i) {
    etag[i] = static_cast<char>(hash >> (24 - 8 * i));
  }
  return etag;
}

void BlockReply::AppendOptions(std::vector<CoapOption>& options) const {
  if (!block2.has_value()) {
    return;
  }
  if (!etag.empty()) {
    options.push_back(CoapOption{kOptionETag, etag});
  }
  // GetBlock only returns blocks that start inside a stored body, with SZX at most 6.
  absl::StatusOr<std::string> encoded = EncodeBlockOption(*block2);
  MXEDGE_CHECK(encoded.ok());
  options.push_back(CoapOption{kOptionBlock2, *std::move(encoded)});
  if (block2->num == 0) {
    options.push_back(
        CoapOption{kOptionSize2, EncodeUintOption(static_cast<std::uint32_t>(size2))});
  }
}

Block2Store::Block2Store(common::Clock& clock, Block2Limits limits)
    : clock_(clock), limits_(limits) {}

absl::Status Block2Store::Put(BodyKey key, std::string body, std::optional<std::string> etag) {
  Expire();
  Erase(key);
  if (body.size() > limits_.max_total_bytes) {
    absl::Status status = absl::ResourceExhaustedError(absl::StrCat(
        "answer of ", body.size(), " bytes is over the block store's ", limits_.max_total_bytes));
    return WithCoapCode(std::move(status), msc3079::kCoapServiceUnavailable);
  }
  while (stored_bytes_ + body.size() > limits_.max_total_bytes) {
    Remove(entries_.find(lru_.front()));
    ++stats_.evicted;
  }
  std::string tag = etag.has_value() ? *std::move(etag) : BodyETag(body);
  stored_bytes_ += body.size();
  lru_.push_back(key);
  entries_.emplace(std::move(key), Entry{std::move(body), std::move(tag), clock_.SteadyNow(),
                                         std::prev(lru_.end())});
  ++stats_.stored;
  return absl::OkStatus();
}

absl::StatusOr<BlockReply> Block2Store::GetBlock(const BodyKey& key, std::uint32_t num,
                                                 std::uint8_t szx) {
  Expire();
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    ++stats_.misses;
    return absl::NotFoundError("no stored answer for this Block2 request");
  }
  Entry& entry = found->second;
  entry.last_access = clock_.SteadyNow();
  lru_.splice(lru_.end(), lru_, entry.lru);

  if (num > kMaxBlockNum) {
    absl::Status status = absl::InvalidArgumentError(
        absl::StrCat("Block2 block ", num, " is over the maximum ", kMaxBlockNum));
    return WithCoapCode(std::move(status), kCoapBadOption);
  }
  BlockValue block{num, false, std::min(szx, kMaxSzx)};
  std::size_t offset = block.offset();
  if (offset >= entry.body.size() && !(num == 0 && entry.body.empty())) {
    ++stats_.past_end;
    absl::Status status =
        absl::InvalidArgumentError(absl::StrCat("Block2 block ", num, " starts at byte ", offset,
                                                ", past the ", entry.body.size(), "-byte answer"));
    return WithCoapCode(std::move(status), kCoapBadOption);
  }
  std::size_t length = std::min(block.size(), entry.body.size() - offset);
  block.more = offset + length < entry.body.size();
  ++stats_.blocks_served;
  return BlockReply{entry.body.substr(offset, length), block, entry.body.size(), entry.etag};
}

absl::StatusOr<BlockReply> Block2Store::Answer(BodyKey key, std::string body,
                                               std::optional<BlockValue> requested) {
  std::uint8_t szx = requested.has_value() ? std::min(requested->szx, kMaxSzx) : kMaxSzx;
  std::uint32_t num = requested.has_value() ? requested->num : 0;
  if (num == 0 && body.size() <= BlockSizeOf(szx)) {
    Erase(key);
    std::size_t size = body.size();
    return BlockReply{std::move(body), std::nullopt, size, {}};
  }
  BodyKey lookup = key;
  absl::Status stored = Put(std::move(key), std::move(body));
  if (!stored.ok()) {
    return stored;
  }
  return GetBlock(lookup, num, szx);
}

void Block2Store::Erase(const BodyKey& key) {
  auto found = entries_.find(key);
  if (found != entries_.end()) {
    Remove(found);
  }
}

void Block2Store::DropSession(SessionId session) {
  for (BodyKey first :
       {BodyKey(RequestKey{session, 0, {}, {}}), BodyKey(NotificationKey{session, {}})}) {
    std::size_t index = first.index();
    auto it = entries_.lower_bound(first);
    while (it != entries_.end() && it->first.index() == index && SessionOf(it->first) == session) {
      auto next = std::next(it);
      Remove(it);
      it = next;
    }
  }
}

void Block2Store::Expire() {
  auto now = clock_.SteadyNow();
  while (!lru_.empty()) {
    auto oldest = entries_.find(lru_.front());
    if (now - oldest->second.last_access < limits_.ttl) {
      return;
    }
    Remove(oldest);
    ++stats_.expired;
  }
}

void Block2Store::Remove(EntryMap::iterator entry) {
  stored_bytes_ -= entry->second.body.size();
  lru_.erase(entry->second.lru);
  entries_.erase(entry);
}

}  // namespace mxedge::coap_gateway
