#pragma once
// RFC 3339 text for CBOR tag 1 (epoch-based date/time), the form lb produces.
#include <cstdint>
#include <optional>
#include <string>

namespace mxedge::msc3079::internal {

// "2020-09-13T12:26:40Z" (with ".5", ".25"... when `nanos` is not zero; trailing zeros dropped).
// nullopt outside years 0001..9999 or when nanos >= 1e9.
std::optional<std::string> FormatRfc3339(std::int64_t seconds, std::uint32_t nanos);

// Same for a finite double number of seconds (fraction rounded to nanoseconds).
std::optional<std::string> FormatRfc3339(double seconds);

}  // namespace mxedge::msc3079::internal
