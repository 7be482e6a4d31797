#include "keyed_mutex.hpp"

#include <utility>

namespace mxedge::micropub {

KeyedMutex::Guard::Guard(KeyedMutex& owner, std::string key, std::mutex& mu)
    : owner_(owner), key_(std::move(key)), mu_(mu) {}

KeyedMutex::Guard::~Guard() {
  mu_.unlock();
  owner_.Done(key_);
}

KeyedMutex::Guard KeyedMutex::Lock(std::string_view key) {
  Slot* slot = nullptr;
  {
    std::lock_guard lock(mu_);
    auto it = slots_.find(key);
    if (it == slots_.end()) {
      it = slots_.emplace(std::string(key), std::make_unique<Slot>()).first;
    }
    slot = it->second.get();
    ++slot->users;
  }
  slot->mu.lock();
  return Guard(*this, std::string(key), slot->mu);
}

void KeyedMutex::Done(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(key);
  if (it != slots_.end() && --it->second->users == 0) {
    slots_.erase(it);
  }
}

size_t KeyedMutex::ActiveKeys() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

}  // namespace mxedge::micropub
