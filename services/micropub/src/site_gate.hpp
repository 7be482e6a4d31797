#pragma once
// Per-site concurrency limit: at most `limit` Micropub requests in flight to one site (keyed by
// the endpoint's host, so users sharing a hosted service share its limit). A caller waits up to
// a bound for a free slot. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::micropub {

class SiteGate {
 public:
  // Holds one slot of one site until destroyed. Move-only.
  class Slot {
   public:
    Slot(Slot&& other) noexcept;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

   private:
    friend class SiteGate;
    Slot(SiteGate* gate, std::string key) : gate_(gate), key_(std::move(key)) {}
    SiteGate* gate_;
    std::string key_;
  };

  // `limit` ≥ 1 (the config schema enforces it).
  explicit SiteGate(int limit);

  // A slot for `site`, waiting up to `wait` for one to come free; nullopt when none did.
  std::optional<Slot> Acquire(std::string_view site, std::chrono::milliseconds wait);
  // Slots of `site` in use now.
  int InUse(std::string_view site) const;

 private:
  void Release(const std::string& key);

  int limit_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::map<std::string, int, std::less<>> in_use_;
};

// The key SiteGate limits by: the lower-case host[:port] of an endpoint URL ("" when the URL
// has no authority).
std::string SiteKey(std::string_view endpoint);

}  // namespace mxedge::micropub
