#include "tag_key_index.hpp"

namespace mxedge::irc::internal {

std::optional<std::size_t> TagKeyIndex::FindOrAdd(std::string_view key) {
  if (count_ < kLinearLimit) {
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == key) {
        return i;
      }
    }
    keys_.push_back(key);
    ++count_;
    if (count_ == kLinearLimit) {
      for (std::size_t i = 0; i < keys_.size(); ++i) {
        map_.emplace(keys_[i], i);
      }
      keys_.clear();
    }
    return std::nullopt;
  }
  const auto [it, added] = map_.emplace(key, count_);
  if (!added) {
    return it->second;
  }
  ++count_;
  return std::nullopt;
}

}  // namespace mxedge::irc::internal
