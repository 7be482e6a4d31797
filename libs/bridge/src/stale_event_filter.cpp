#include "mxedge/bridge/stale_event_filter.hpp"

namespace mxedge::bridge {

bool IsStaleEvent(const nlohmann::json& event, std::int64_t now_unix_ms,
                  std::chrono::seconds max_age) {
  if (max_age.count() <= 0 || !event.is_object()) {
    return false;
  }
  const std::int64_t limit_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(max_age).count();
  if (auto u = event.find("unsigned"); u != event.end() && u->is_object()) {
    if (auto age = u->find("age"); age != u->end() && age->is_number_integer()) {
      return age->get<std::int64_t>() > limit_ms;
    }
  }
  if (auto ts = event.find("origin_server_ts"); ts != event.end() && ts->is_number_integer()) {
    return now_unix_ms - ts->get<std::int64_t>() > limit_ms;
  }
  return false;
}

}  // namespace mxedge::bridge
