#pragma once
// One mutex per key, created on first use and dropped when nobody holds or waits for it: the
// SinkService serialises each Matrix user's events (their records are read-modify-write) while
// different users run at the same time.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace mxedge::micropub {

class KeyedMutex {
 public:
  // Holds the key's mutex until destroyed.
  class Guard {
   public:
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard();

   private:
    friend class KeyedMutex;
    Guard(KeyedMutex& owner, std::string key, std::mutex& mu);
    KeyedMutex& owner_;
    std::string key_;
    std::mutex& mu_;
  };

  // Blocks until the key's mutex is free.
  Guard Lock(std::string_view key);
  // Keys with a holder or a waiter (for tests).
  size_t ActiveKeys() const;

 private:
  struct Slot {
    std::mutex mu;
    int users = 0;  // holders and waiters
  };
  void Done(const std::string& key);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Slot>, std::less<>> slots_;
};

}  // namespace mxedge::micropub
