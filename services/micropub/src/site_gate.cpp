#include "site_gate.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"

namespace mxedge::micropub {

SiteGate::Slot::Slot(Slot&& other) noexcept
    : gate_(std::exchange(other.gate_, nullptr)), key_(std::move(other.key_)) {}

SiteGate::Slot& SiteGate::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    if (gate_ != nullptr) {
      gate_->Release(key_);
    }
    gate_ = std::exchange(other.gate_, nullptr);
    key_ = std::move(other.key_);
  }
  return *this;
}

SiteGate::Slot::~Slot() {
  if (gate_ != nullptr) {
    gate_->Release(key_);
  }
}

SiteGate::SiteGate(int limit) : limit_(std::max(limit, 1)) {}

std::optional<SiteGate::Slot> SiteGate::Acquire(std::string_view site,
                                                std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  std::string key(site);
  const bool free = freed_.wait_for(lock, wait, [&] {
    auto it = in_use_.find(key);
    return it == in_use_.end() || it->second < limit_;
  });
  if (!free) {
    return std::nullopt;
  }
  ++in_use_[key];
  return Slot(this, std::move(key));
}

int SiteGate::InUse(std::string_view site) const {
  std::lock_guard lock(mu_);
  auto it = in_use_.find(site);
  return it == in_use_.end() ? 0 : it->second;
}

void SiteGate::Release(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    auto it = in_use_.find(key);
    if (it != in_use_.end() && --it->second <= 0) {
      in_use_.erase(it);
    }
  }
  freed_.notify_all();
}

std::string SiteKey(std::string_view endpoint) {
  const size_t scheme = endpoint.find("://");
  if (scheme == std::string_view::npos) {
    return "";
  }
  std::string_view rest = endpoint.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    rest.remove_prefix(at + 1);
  }
  std::string key(rest);
  for (char& c : key) {
    c = absl::ascii_tolower(static_cast<unsigned char>(c));
  }
  return key;
}

}  // namespace mxedge::micropub
