#pragma once
// De-duplication of confirmable requests by message id (RFC 7252 §4.5).
//
// Key: (session, message id). A request seen for the first time is recorded as in progress; the
// logic calls Complete with the reply it sent. A duplicate of a request still in progress must not
// reach the router again (the transport handles retransmits of a pending exchange); a duplicate
// of a completed one gets the same reply again, without a second upstream call.
//
// An entry lives `lifetime` from the first time its message id was seen (EXCHANGE_LIFETIME,
// 247 s with the RFC 7252 §4.8.2 defaults): after that the peer may reuse the id for a new
// request. Caps per session and in total evict the oldest entries first. Not thread-safe: the
// transport's loop thread owns it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include "exchange.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::coap_gateway {

struct ExchangeCacheLimits {
  std::chrono::steady_clock::duration lifetime = std::chrono::seconds(247);
  std::size_t max_per_session = 64;
  std::size_t max_total = 65536;
};

class ExchangeCache {
 public:
  enum class State : std::uint8_t {
    kNew,         // first sighting: now recorded as in progress; handle the request
    kInProgress,  // a duplicate while the first is still being handled: do not call upstream
    kDone,        // a duplicate of a completed exchange: send `reply` again
  };
  struct Lookup {
    State state = State::kNew;
    // The stored reply when state == kDone.
    std::optional<OutboundMessage> reply;
  };
  struct Stats {
    std::uint64_t in_progress_hits = 0;
    std::uint64_t done_hits = 0;
    std::uint64_t expired = 0;
    std::uint64_t evicted = 0;
  };

  explicit ExchangeCache(common::Clock& clock, ExchangeCacheLimits limits = {});

  // Looks the message id up; an unknown (or expired) one is recorded as in progress.
  Lookup Begin(SessionId session, std::uint16_t message_id);
  // Stores the reply of an exchange in progress or replaces a stored one. Returns false (and
  // stores nothing) when the entry is gone: expired, evicted, forgotten or its session dropped.
  bool Complete(SessionId session, std::uint16_t message_id, OutboundMessage reply);
  // Removes one entry, e.g. an exchange whose handling failed before any reply was sent.
  void Forget(SessionId session, std::uint16_t message_id);
  // Removes every entry of a session.
  void DropSession(SessionId session);

  std::size_t size() const { return entries_.size(); }
  std::size_t SessionSize(SessionId session) const;
  const Stats& stats() const { return stats_; }

 private:
  using Key = std::pair<SessionId, std::uint16_t>;
  struct Entry {
    std::uint64_t seq = 0;
    std::chrono::steady_clock::time_point created;
    bool done = false;
    OutboundMessage reply;
  };

  void Expire();
  void Erase(Key key);
  void EvictOldestOf(SessionId session);

  common::Clock& clock_;
  ExchangeCacheLimits limits_;
  std::map<Key, Entry> entries_;
  // Insertion order, which is also expiry order (one lifetime for all).
  std::map<std::uint64_t, Key> by_age_;
  std::unordered_map<SessionId, std::set<std::uint64_t>> by_session_;
  std::uint64_t next_seq_ = 0;
  Stats stats_;
};

}  // namespace mxedge::coap_gateway
