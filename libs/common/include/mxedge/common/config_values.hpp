#pragma once
// Text forms of config values, shared by the YAML file and environment variables.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mxedge::common {

// "250ms", "30s", "5m", "1h": a non-negative integer and one unit. Bare numbers are rejected, so a
// value never silently means milliseconds where seconds were meant. nullopt on anything else,
// including values that overflow int64 milliseconds.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);
// The largest unit that divides the value exactly: 90000ms → "90s", 1500ms → "1500ms".
std::string FormatDuration(std::chrono::milliseconds value);

// "true" / "false" in any case, or "1" / "0".
std::optional<bool> ParseBool(std::string_view text);
// Optional '-', decimal digits, nothing else.
std::optional<int64_t> ParseInt64(std::string_view text);
// A finite decimal number ("0.5", "-2", "1e3"); not "nan" or "inf".
std::optional<double> ParseDouble(std::string_view text);
// Comma-separated list for environment variables: "a,b , c" → {"a","b","c"}; "" → {}.
// Items are trimmed of spaces; empty items are dropped.
std::vector<std::string> SplitList(std::string_view text);

}  // namespace mxedge::common
