#pragma once
// IEEE 754 helpers shared by the CBOR encoder and decoder.
#include <cstdint>
#include <optional>

namespace mxedge::msc3079::internal {

// The binary16 bits of `value` when it is exactly representable as a half float.
std::optional<std::uint16_t> ToHalfExact(double value);
// binary16 bits → double (exact).
double HalfToDouble(std::uint16_t bits);

// How a finite double is written as a JSON / CBOR number: an integral value that fits uint64 or
// int64 becomes an integer (so 8.0 and 8 are the same number on the wire and in JSON).
struct IntegralValue {
  bool negative;  // true → use `signed_value`
  std::uint64_t unsigned_value;
  std::int64_t signed_value;
};
std::optional<IntegralValue> AsIntegral(double value);

}  // namespace mxedge::msc3079::internal
