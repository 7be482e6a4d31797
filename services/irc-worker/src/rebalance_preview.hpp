#pragma once
// PreviewRebalance: what IrcControl.Rebalance would hand over, computed without releasing
// anything (the `dry_run` of the RPC). It applies the Reconciler's rebalance rule to the
// connections this worker holds: a connection moves when rendezvous hashing of
// "<network>:<mxid>" ranks another live, non-draining worker with room first, and that worker
// still has room after the moves before it; at most `max_moves` are taken, in key order, and the
// misplaced rest is reported as remaining. The rate limit does not change what moves, only when.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connection_key.hpp"
#include "worker_registry.hpp"

namespace mxedge::irc_worker {

struct RebalancePreview {
  std::vector<ConnectionKey> moves;          // would be released, in order
  std::map<std::string, int64_t> by_worker;  // destination worker → connections it would get
  int64_t remaining = 0;                     // misplaced beyond max_moves
};

// `held`: this worker's connections; `live`: the registry's live workers (this one included);
// `self_id`: this worker; `network`: only its connections (all when empty); `draining`: whether
// this worker drains (then nothing moves: the drain hands everything over). `max_moves` >= 0.
RebalancePreview PreviewRebalance(const std::set<ConnectionKey>& held,
                                  const std::vector<WorkerInfo>& live, std::string_view self_id,
                                  std::string_view network, int64_t max_moves, bool draining);

}  // namespace mxedge::irc_worker
