#include "rebalance_preview.hpp"

#include "irc_keys.hpp"
#include "mxedge/ownership/rendezvous.hpp"

namespace mxedge::irc_worker {

RebalancePreview PreviewRebalance(const std::set<ConnectionKey>& held,
                                  const std::vector<WorkerInfo>& live, std::string_view self_id,
                                  std::string_view network, int64_t max_moves, bool draining) {
  RebalancePreview preview;
  if (draining) {
    return preview;
  }
  // The candidates as the Reconciler ranks them: live, not draining, below capacity, with this
  // worker's own count taken from what it holds rather than from its last heartbeat.
  std::vector<std::string> candidates;
  std::map<std::string, int64_t> room;
  for (const WorkerInfo& worker : live) {
    const int64_t connections =
        worker.id == self_id ? static_cast<int64_t>(held.size()) : worker.connections;
    if (!worker.draining && connections < worker.capacity) {
      candidates.push_back(worker.id);
      room[worker.id] = worker.capacity - connections;
    }
  }
  for (const ConnectionKey& key : held) {
    if (!network.empty() && key.network != network) {
      continue;
    }
    const std::vector<std::string> ranked =
        ownership::RankByRendezvous(RoutingKey(key.network, key.mxid), candidates);
    if (ranked.empty() || ranked.front() == self_id || room[ranked.front()] <= 0) {
      continue;
    }
    if (static_cast<int64_t>(preview.moves.size()) >= max_moves) {
      ++preview.remaining;
      continue;
    }
    --room[ranked.front()];
    ++preview.by_worker[ranked.front()];
    preview.moves.push_back(key);
  }
  return preview;
}

}  // namespace mxedge::irc_worker
