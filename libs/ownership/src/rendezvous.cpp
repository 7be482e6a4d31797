#include "mxedge/ownership/rendezvous.hpp"

#include <algorithm>
#include <utility>

namespace mxedge::ownership {

uint64_t RendezvousWeight(std::string_view key, std::string_view member) {
  std::string input;
  input.reserve(8 + key.size() + member.size());
  uint64_t length = key.size();
  for (int i = 0; i < 8; ++i) {
    input.push_back(static_cast<char>(length & 0xff));
    length >>= 8;
  }
  input.append(key);
  input.append(member);
  return SipHash24(kRendezvousHashKey, input);
}

std::vector<std::string> RankByRendezvous(std::string_view key,
                                          std::span<const std::string> members) {
  std::vector<std::pair<uint64_t, std::string>> weighted;
  weighted.reserve(members.size());
  for (const std::string& member : members) {
    weighted.emplace_back(RendezvousWeight(key, member), member);
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) {
      return a.first > b.first;
    }
    return a.second < b.second;
  });
  std::vector<std::string> ranked;
  ranked.reserve(weighted.size());
  for (auto& [weight, member] : weighted) {
    // Equal members have equal weights, so duplicates are adjacent after the sort.
    if (ranked.empty() || ranked.back() != member) {
      ranked.push_back(std::move(member));
    }
  }
  return ranked;
}

std::optional<std::string> RendezvousOwner(std::string_view key,
                                           std::span<const std::string> members) {
  std::optional<std::string> best;
  uint64_t best_weight = 0;
  for (const std::string& member : members) {
    const uint64_t weight = RendezvousWeight(key, member);
    if (!best.has_value() || weight > best_weight || (weight == best_weight && member < *best)) {
      best = member;
      best_weight = weight;
    }
  }
  return best;
}

}  // namespace mxedge::ownership
