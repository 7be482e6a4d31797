#include "matrix_out_membership_cache.hpp"

namespace mxedge::appservice_router {

MatrixOutMembershipCache::MatrixOutMembershipCache(size_t max_entries)
    : max_entries_(max_entries) {}

bool MatrixOutMembershipCache::IsRegistered(std::string_view user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return registered_.find(user_id) != registered_.end();
}

void MatrixOutMembershipCache::MarkRegistered(std::string_view user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (registered_.size() >= max_entries_) {
    registered_.clear();
  }
  registered_.emplace(user_id);
}

bool MatrixOutMembershipCache::IsJoined(std::string_view room_id, std::string_view user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return joined_.count({std::string(room_id), std::string(user_id)}) > 0;
}

void MatrixOutMembershipCache::MarkJoined(std::string_view room_id, std::string_view user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (joined_.size() >= max_entries_) {
    joined_.clear();
  }
  joined_.emplace(std::string(room_id), std::string(user_id));
}

void MatrixOutMembershipCache::ForgetJoined(std::string_view room_id, std::string_view user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  joined_.erase({std::string(room_id), std::string(user_id)});
}

size_t MatrixOutMembershipCache::joined_size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return joined_.size();
}

}  // namespace mxedge::appservice_router
