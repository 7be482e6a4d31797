#pragma once
// CachingPuppetNicks: PuppetNicks with a short-lived copy of each Lookup answer (found or not).
//
// Every puppet in a channel receives each line, and IrcToMatrix asks, for each copy, whether the
// sender and every word that could be a nick belong to one of our puppets: one Redis round trip
// each, repeated for every copy of the same line. The copies arrive within milliseconds of each
// other, so a copy kept for `ttl` (default 250 ms) answers all but the first.
//
// What a copy can get wrong, for at most `ttl`: a nick another worker's puppet has just taken or
// given up. Set and Release through this object update the copy at once, so this worker's own
// puppets are always current. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "mxedge/common/clock.hpp"
#include "puppet_nicks.hpp"

namespace mxedge::irc_worker {

class CachingPuppetNicks final : public PuppetNicks {
 public:
  // `inner` and `clock` must outlive this. `max_entries` bounds memory; when full, the copies
  // are dropped together (they are only good for `ttl` anyway).
  CachingPuppetNicks(PuppetNicks& inner, const common::Clock& clock,
                     std::chrono::milliseconds ttl = std::chrono::milliseconds(250),
                     std::size_t max_entries = 100'000);

  absl::Status Set(std::string_view network, std::string_view folded_nick,
                   std::string_view mxid) override;
  absl::StatusOr<bool> Release(std::string_view network, std::string_view folded_nick,
                               std::string_view mxid) override;
  absl::StatusOr<std::optional<std::string>> Lookup(std::string_view network,
                                                    std::string_view folded_nick) override;

 private:
  struct Entry {
    std::optional<std::string> mxid;
    std::chrono::steady_clock::time_point expires;
  };
  static std::string Key(std::string_view network, std::string_view folded_nick);

  PuppetNicks& inner_;
  const common::Clock& clock_;
  const std::chrono::milliseconds ttl_;
  const std::size_t max_entries_;
  std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace mxedge::irc_worker
