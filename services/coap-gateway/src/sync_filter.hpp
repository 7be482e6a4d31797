#pragma once
// The default /sync filter for clients that send none.
//
// An initial sync without a filter returns every member event of every room: the largest answer
// a low-bandwidth client ever receives. For a GET of the Client-Server `/sync` (r0 or v3) without
// a `filter` query parameter, the gateway adds
//   filter={"room":{"state":{"lazy_load_members":true},"timeline":{"limit":N}}}
// (compact JSON; the `state` part only with lazy loading on). A call that names a filter (by id
// or inline, even an empty one) is left alone, and so is every other path.
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/v1/client_api.pb.h"

namespace mxedge::coap_gateway {

struct SyncFilterOptions {
  // Off: /sync calls are forwarded as the client sent them.
  bool enabled = true;
  bool lazy_load_members = true;
  // The timeline events per room.
  std::uint32_t timeline_limit = 10;
};

// True for /_matrix/client/r0/sync and /_matrix/client/v3/sync.
bool IsSyncPath(std::string_view path);

// The filter JSON the options describe.
std::string DefaultSyncFilter(const SyncFilterOptions& options);

// Adds `filter` to a sync GET without one. Returns true when it added the parameter.
bool ApplyDefaultSyncFilter(const SyncFilterOptions& options, v1::HttpCall& call);

}  // namespace mxedge::coap_gateway
