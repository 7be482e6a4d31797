#include "mxedge/indieweb/resolver.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::indieweb {

using common::Cat;

absl::StatusOr<std::vector<IpAddress>> SystemResolver::Resolve(std::string_view host) {
  const std::string name(host);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const int rc = getaddrinfo(name.c_str(), nullptr, &hints, &result);
  if (rc != 0) {
    const std::string message = Cat("cannot resolve '", name, "': ", gai_strerror(rc));
    if (rc == EAI_NONAME) {
      return absl::NotFoundError(message);
    }
    return absl::UnavailableError(message);
  }
  std::vector<IpAddress> out;
  for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
    IpAddress address;
    if (ai->ai_family == AF_INET) {
      const auto* sin = reinterpret_cast<const sockaddr_in*>(ai->ai_addr);
      std::memcpy(address.bytes.data(), &sin->sin_addr, 4);
    } else if (ai->ai_family == AF_INET6) {
      const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(ai->ai_addr);
      std::memcpy(address.bytes.data(), &sin6->sin6_addr, 16);
      address.v6 = true;
    } else {
      continue;
    }
    if (std::find(out.begin(), out.end(), address) == out.end()) {
      out.push_back(address);
    }
  }
  freeaddrinfo(result);
  if (out.empty()) {
    return absl::NotFoundError(Cat("'", name, "' has no IP address"));
  }
  return out;
}

void FakeResolver::Set(std::string host, std::vector<IpAddress> addresses) {
  std::lock_guard<std::mutex> lock(mu_);
  table_[std::move(host)] = std::move(addresses);
}

absl::StatusOr<std::vector<IpAddress>> FakeResolver::Resolve(std::string_view host) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = table_.find(host);
  if (it == table_.end() || it->second.empty()) {
    return absl::NotFoundError(Cat("cannot resolve '", host, "'"));
  }
  return it->second;
}

}  // namespace mxedge::indieweb
