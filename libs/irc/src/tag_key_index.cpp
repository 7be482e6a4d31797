#include "tag_key_index.hpp"

namespace mxedge::irc::internal {

std::optional<std::size_t> TagKeyIndex::FindOrAdd(std::string_view key) {
  if (count_ < kLinearLimit) {
    for (std::size_t i = 0; i < count_; ++i) {
      if (keys_[i] == key) {
        return i;
      }
    }
    keys_[count_++] = key;
    if (count_ == kLinearLimit) {
      for (std::size_t i = 0; i < kLinearLimit; ++i) {
        map_.emplace(keys_[i], i);
      }
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
