#include "session_limiter.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"

namespace mxedge::coap_gateway {
namespace {

// inet_pton needs a NUL-terminated string; longer text cannot be an address.
constexpr std::size_t kMaxAddressText = 64;

}  // namespace

absl::StatusOr<std::string> SourceOf(std::string_view address, int ipv6_prefix_bits) {
  if (ipv6_prefix_bits < 1 || ipv6_prefix_bits > 128) {
    return absl::InvalidArgumentError(
        absl::StrCat("IPv6 prefix length ", ipv6_prefix_bits, " is outside 1..128"));
  }
  if (address.empty() || address.size() >= kMaxAddressText ||
      address.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError("source address is not an IPv4 or IPv6 address");
  }
  std::array<char, kMaxAddressText> text{};
  std::memcpy(text.data(), address.data(), address.size());

  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, text.data(), v4.data()) == 1) {
    return absl::StrCat(v4[0], ".", v4[1], ".", v4[2], ".", v4[3]);
  }
  std::array<unsigned char, 16> v6{};
  if (inet_pton(AF_INET6, text.data(), v6.data()) != 1) {
    return absl::InvalidArgumentError("source address is not an IPv4 or IPv6 address");
  }
  static constexpr std::array<unsigned char, 12> kMappedPrefix = {0, 0, 0, 0, 0,    0,
                                                                  0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
    return absl::StrCat(v6[12], ".", v6[13], ".", v6[14], ".", v6[15]);
  }
  for (int bit = ipv6_prefix_bits; bit < 128; ++bit) {
    v6[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
  }
  std::array<char, INET6_ADDRSTRLEN> masked{};
  inet_ntop(AF_INET6, v6.data(), masked.data(), masked.size());
  return absl::StrCat(masked.data(), "/", ipv6_prefix_bits);
}

SessionLimiter::SessionLimiter(SessionLimits limits) : limits_(limits) {}

absl::Status SessionLimiter::TryAdmit(SessionId session, std::string_view address) {
  if (sources_.contains(session)) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> source = SourceOf(address, limits_.ipv6_prefix_bits);
  if (!source.ok()) {
    ++stats_.refused_bad_address;
    return source.status();
  }
  if (sources_.size() >= limits_.max_sessions) {
    ++stats_.refused_total;
    return absl::ResourceExhaustedError(
        absl::StrCat("session limit of ", limits_.max_sessions, " reached"));
  }
  auto count = per_source_.find(*source);
  if (count != per_source_.end() && count->second >= limits_.max_per_source) {
    ++stats_.refused_per_source;
    return absl::ResourceExhaustedError(
        absl::StrCat("source ", *source, " already has ", count->second, " sessions"));
  }
  ++per_source_[*source];
  sources_.emplace(session, *std::move(source));
  ++stats_.admitted;
  return absl::OkStatus();
}

void SessionLimiter::Release(SessionId session) {
  auto found = sources_.find(session);
  if (found == sources_.end()) {
    return;
  }
  auto count = per_source_.find(found->second);
  if (count != per_source_.end() && --count->second == 0) {
    per_source_.erase(count);
  }
  sources_.erase(found);
}

std::size_t SessionLimiter::SessionsFrom(std::string_view source) const {
  auto found = per_source_.find(std::string(source));
  return found == per_source_.end() ? 0 : found->second;
}

}  // namespace mxedge::coap_gateway
