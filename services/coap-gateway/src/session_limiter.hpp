#pragma once
// Caps the number of CoAP/DTLS sessions in total and per source, against floods of new sessions.
//
// A source is an IPv4 address, or an IPv6 prefix (/64 by default: one subscriber usually holds a
// whole /64, so per-address limits would not hold). IPv4-mapped IPv6 addresses (::ffff:a.b.c.d)
// count as their IPv4 address. The transport asks TryAdmit before it keeps a new session and
// calls Release when the session ends. Not thread-safe: the transport's loop thread owns it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exchange.hpp"

namespace mxedge::coap_gateway {

struct SessionLimits {
  std::size_t max_sessions = 10000;
  std::size_t max_per_source = 16;
  // 1..128: how many leading bits of an IPv6 address form one source.
  int ipv6_prefix_bits = 64;
};

// The source an address counts against: "192.0.2.7" or "2001:db8:1:2::/64". Errors: the text is
// not an IPv4 or IPv6 address (InvalidArgument), a prefix length outside 1..128.
absl::StatusOr<std::string> SourceOf(std::string_view address, int ipv6_prefix_bits);

class SessionLimiter {
 public:
  struct Stats {
    std::uint64_t admitted = 0;
    std::uint64_t refused_total = 0;
    std::uint64_t refused_per_source = 0;
    std::uint64_t refused_bad_address = 0;
  };

  explicit SessionLimiter(SessionLimits limits = {});

  // Admits `session` from `address` (numeric IPv4 or IPv6 text, without port or brackets).
  // Errors: ResourceExhausted when the total or the source's cap is reached, InvalidArgument for
  // an address that does not parse. Admitting an already admitted session changes nothing.
  absl::Status TryAdmit(SessionId session, std::string_view address);
  // Forgets a session; unknown ids are ignored.
  void Release(SessionId session);

  std::size_t sessions() const { return sources_.size(); }
  std::size_t SessionsFrom(std::string_view source) const;
  const Stats& stats() const { return stats_; }

 private:
  SessionLimits limits_;
  // Session → its source.
  std::unordered_map<SessionId, std::string> sources_;
  std::unordered_map<std::string, std::size_t> per_source_;
  Stats stats_;
};

}  // namespace mxedge::coap_gateway
