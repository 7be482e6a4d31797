#pragma once
// CoAP option 257 (CBOR enum version): which key table a session's CBOR bodies use.
//
// Policy: a CoAP session starts at `default_version` (v1: every known CoAP client expects integer
// keys and never sends 257). A request carrying 257 sets the version for that request and, sticky,
// for every later request of the session that omits it; 0 opts out of integer keys. An unknown
// version is rejected (the gateway answers 4.00) and leaves the session unchanged: falling back
// would silently turn a newer client's integer keys into decimal strings.
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "mxedge/msc3079/key_table.hpp"

namespace mxedge::msc3079 {

inline constexpr std::uint16_t kCborEnumVersionOption = 257;

struct EnumVersionPolicy {
  std::uint32_t default_version = 1;
};

class SessionEnumVersion {
 public:
  // `policy.default_version` must be a known version (0 or 1); an unknown one is a configuration
  // error the caller validates with KeyTable::ForVersion first, and falls back to 1 here.
  explicit SessionEnumVersion(const EnumVersionPolicy& policy = {});

  // Applies option 257 of one request (nullopt when the request has none).
  absl::Status Apply(std::optional<std::uint64_t> option_value);

  std::uint32_t version() const { return table_->version(); }
  const KeyTable& key_table() const { return *table_; }

 private:
  const KeyTable* table_;
};

}  // namespace mxedge::msc3079
