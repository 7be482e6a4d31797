#include "exchange_cache.hpp"

namespace mxedge::coap_gateway {

ExchangeCache::ExchangeCache(common::Clock& clock, ExchangeCacheLimits limits)
    : clock_(clock), limits_(limits) {
  if (limits_.max_per_session == 0) {
    limits_.max_per_session = 1;
  }
  if (limits_.max_total == 0) {
    limits_.max_total = 1;
  }
}

ExchangeCache::Lookup ExchangeCache::Begin(SessionId session, std::uint16_t message_id) {
  Expire();
  Key key{session, message_id};
  auto found = entries_.find(key);
  if (found != entries_.end()) {
    if (found->second.done) {
      ++stats_.done_hits;
      return Lookup{State::kDone, found->second.reply};
    }
    ++stats_.in_progress_hits;
    return Lookup{State::kInProgress, std::nullopt};
  }
  auto session_entries = by_session_.find(session);
  if (session_entries != by_session_.end() &&
      session_entries->second.size() >= limits_.max_per_session) {
    EvictOldestOf(session);
  }
  if (entries_.size() >= limits_.max_total) {
    Erase(by_age_.begin()->second);
    ++stats_.evicted;
  }
  std::uint64_t seq = next_seq_++;
  entries_.emplace(key, Entry{seq, clock_.SteadyNow(), false, {}});
  by_age_.emplace(seq, key);
  by_session_[session].insert(seq);
  return Lookup{State::kNew, std::nullopt};
}

bool ExchangeCache::Complete(SessionId session, std::uint16_t message_id, OutboundMessage reply) {
  Expire();
  auto found = entries_.find(Key{session, message_id});
  if (found == entries_.end()) {
    return false;
  }
  found->second.done = true;
  found->second.reply = std::move(reply);
  return true;
}

void ExchangeCache::Forget(SessionId session, std::uint16_t message_id) {
  Erase(Key{session, message_id});
}

void ExchangeCache::DropSession(SessionId session) {
  auto found = by_session_.find(session);
  if (found == by_session_.end()) {
    return;
  }
  std::set<std::uint64_t> seqs = std::move(found->second);
  by_session_.erase(found);
  for (std::uint64_t seq : seqs) {
    auto age = by_age_.find(seq);
    entries_.erase(age->second);
    by_age_.erase(age);
  }
}

std::size_t ExchangeCache::SessionSize(SessionId session) const {
  auto found = by_session_.find(session);
  return found == by_session_.end() ? 0 : found->second.size();
}

void ExchangeCache::Expire() {
  auto now = clock_.SteadyNow();
  while (!by_age_.empty()) {
    const Key& oldest = by_age_.begin()->second;
    if (now - entries_.at(oldest).created < limits_.lifetime) {
      return;
    }
    Erase(oldest);
    ++stats_.expired;
  }
}

void ExchangeCache::Erase(Key key) {
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    return;
  }
  std::uint64_t seq = found->second.seq;
  entries_.erase(found);
  by_age_.erase(seq);
  auto session_entries = by_session_.find(key.first);
  session_entries->second.erase(seq);
  if (session_entries->second.empty()) {
    by_session_.erase(session_entries);
  }
}

void ExchangeCache::EvictOldestOf(SessionId session) {
  std::uint64_t oldest = *by_session_.at(session).begin();
  Erase(by_age_.at(oldest));
  ++stats_.evicted;
}

}  // namespace mxedge::coap_gateway
