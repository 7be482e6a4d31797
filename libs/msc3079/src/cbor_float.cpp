#include "cbor_float.hpp"

#include <bit>
#include <cmath>

namespace mxedge::msc3079::internal {

std::optional<std::uint16_t> ToHalfExact(double value) {
  const auto as_float = static_cast<float>(value);
  if (static_cast<double>(as_float) != value) {
    return std::nullopt;
  }
  const auto bits = std::bit_cast<std::uint32_t>(as_float);
  const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
  const int exponent_bits = static_cast<int>((bits >> 23) & 0xffu);
  const std::uint32_t mantissa = bits & 0x7fffffu;
  if (exponent_bits == 0) {
    if (mantissa == 0) {
      return sign;  // ±0
    }
    return std::nullopt;  // float subnormals are far below the half range
  }
  if (exponent_bits == 0xff) {
    return std::nullopt;  // Inf / NaN are never encoded
  }
  const int exponent = exponent_bits - 127;
  if (exponent >= -14 && exponent <= 15) {
    if ((mantissa & 0x1fffu) != 0) {
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(sign | ((exponent + 15) << 10) | (mantissa >> 13));
  }
  if (exponent < -14 && exponent >= -24) {
    const std::uint32_t full = mantissa | 0x800000u;
    const int shift = -exponent - 1;  // 14..23
    if ((full & ((1u << shift) - 1)) != 0) {
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(sign | (full >> shift));
  }
  return std::nullopt;
}

double HalfToDouble(std::uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  double magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(mantissa + 1024, exponent - 25);
  }
  return (bits & 0x8000) != 0 ? -magnitude : magnitude;
}

std::optional<IntegralValue> AsIntegral(double value) {
  if (!std::isfinite(value) || std::trunc(value) != value) {
    return std::nullopt;
  }
  // 2^64 and -2^63 are exact doubles, so these bounds are exact.
  if (value >= 0) {
    if (value >= 18446744073709551616.0) {
      return std::nullopt;
    }
    return IntegralValue{false, static_cast<std::uint64_t>(value), 0};
  }
  if (value < -9223372036854775808.0) {
    return std::nullopt;
  }
  return IntegralValue{true, 0, static_cast<std::int64_t>(value)};
}

}  // namespace mxedge::msc3079::internal
