// Fuzz target: the URL side of the SSRF guard and the profile-URL rules on arbitrary bytes.
// Beyond not crashing: a canonical profile URL is a fixed point (canonicalising it again gives
// it back) with no fragment, user or port; the guard, whose resolver maps every name to one
// private address, only ever accepts public IP literals; ResolveUrl against a fixed base never
// fails silently.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxedge/indieweb/profile_url.hpp"
#include "mxedge/indieweb/url.hpp"
#include "mxedge/indieweb/url_guard.hpp"

namespace {

// Every name resolves to 10.0.0.1, so only literal public addresses may pass the guard.
class PrivateResolver final : public mxedge::indieweb::Resolver {
 public:
  absl::StatusOr<std::vector<mxedge::indieweb::IpAddress>> Resolve(std::string_view) override {
    return std::vector<mxedge::indieweb::IpAddress>{
        *mxedge::indieweb::IpAddress::Parse("10.0.0.1")};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace mxedge::indieweb;
  const auto canonical = CanonicalProfileUrl(input);
  if (canonical.ok()) {
    const auto again = CanonicalProfileUrl(*canonical);
    if (!again.ok() || *again != *canonical) __builtin_trap();
    const auto url = ParseUrl(*canonical);
    if (!url.ok() || url->has_fragment || !url->user.empty() || !url->port.empty()) {
      __builtin_trap();
    }
  } else if (canonical.status().message().empty()) {
    __builtin_trap();
  }
  PrivateResolver resolver;
  UrlGuard guard(resolver);
  const auto vetted = guard.Check(input);
  if (vetted.ok()) {
    if (vetted->address.Range() != AddressRange::kPublic) __builtin_trap();
    if (vetted->url.scheme != "http" && vetted->url.scheme != "https") __builtin_trap();
  }
  const auto resolved = ResolveUrl("https://base.example/a/b?q", input);
  if (!resolved.ok() && resolved.status().message().empty()) __builtin_trap();
  return 0;
}
