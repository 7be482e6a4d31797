#include "sync_filter.hpp"

#include "nlohmann/json.hpp"

namespace mxedge::coap_gateway {

bool IsSyncPath(std::string_view path) {
  return path == "/_matrix/client/r0/sync" || path == "/_matrix/client/v3/sync";
}

std::string DefaultSyncFilter(const SyncFilterOptions& options) {
  nlohmann::json room = nlohmann::json::object();
  if (options.lazy_load_members) {
    room["state"] = {{"lazy_load_members", true}};
  }
  room["timeline"] = {{"limit", options.timeline_limit}};
  return nlohmann::json{{"room", room}}.dump();
}

bool ApplyDefaultSyncFilter(const SyncFilterOptions& options, v1::HttpCall& call) {
  if (!options.enabled || call.method() != v1::HTTP_METHOD_GET || !IsSyncPath(call.path())) {
    return false;
  }
  for (const v1::QueryParam& param : call.query()) {
    if (param.key() == "filter") {
      return false;
    }
  }
  v1::QueryParam* filter = call.add_query();
  filter->set_key("filter");
  filter->set_value(DefaultSyncFilter(options));
  return true;
}

}  // namespace mxedge::coap_gateway
