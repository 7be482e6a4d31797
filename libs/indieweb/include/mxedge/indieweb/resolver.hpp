#pragma once
// Host name → addresses behind an interface, so the SSRF guard is tested without DNS.
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/ip_address.hpp"

namespace mxedge::indieweb {

class Resolver {
 public:
  virtual ~Resolver() = default;
  // Every address of `host` (a name, not a literal). NotFound when the name does not exist,
  // Unavailable when resolution failed for another reason.
  virtual absl::StatusOr<std::vector<IpAddress>> Resolve(std::string_view host) = 0;
};

// getaddrinfo(3), TCP, both families.
class SystemResolver final : public Resolver {
 public:
  absl::StatusOr<std::vector<IpAddress>> Resolve(std::string_view host) override;
};

// Answers from a table set by the test; unknown names are NotFound.
class FakeResolver final : public Resolver {
 public:
  void Set(std::string host, std::vector<IpAddress> addresses);
  absl::StatusOr<std::vector<IpAddress>> Resolve(std::string_view host) override;

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<IpAddress>, std::less<>> table_;
};

}  // namespace mxedge::indieweb
