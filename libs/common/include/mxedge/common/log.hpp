#pragma once
// JSON-lines logger: one object per line on stdout with ts, level, msg, service and key/values.
// INFO = lifecycle and state changes; DEBUG = per message. Never log tokens or bodies above DEBUG.
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace mxedge::common {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Parses "debug" | "info" | "warn" | "error" (case-insensitive).
std::optional<LogLevel> ParseLogLevel(std::string_view text);
std::string_view LogLevelName(LogLevel level);

// A value of one key/value field. Strings are copied only when the line is written.
class LogValue {
 public:
  LogValue(std::string_view v) : value_(v) {}               // NOLINT(google-explicit-constructor)
  LogValue(const char* v) : value_(std::string_view(v)) {}  // NOLINT
  LogValue(const std::string& v) : value_(std::string_view(v)) {}  // NOLINT
  LogValue(bool v) : value_(v) {}                                  // NOLINT
  LogValue(double v) : value_(v) {}                                // NOLINT
  template <typename T,
            typename = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>>
  LogValue(T v) : value_(static_cast<int64_t>(v)) {}  // NOLINT

  const std::variant<std::string_view, int64_t, double, bool>& value() const { return value_; }

 private:
  std::variant<std::string_view, int64_t, double, bool> value_;
};

using LogFields = std::initializer_list<std::pair<std::string_view, LogValue>>;

// Process-wide settings. Call once from main(); the defaults log INFO and above to stdout.
void InitLogging(std::string service, LogLevel min_level);
// Redirects output (tests). Pass nullptr to restore stdout. Not thread-safe against Log().
void SetLogSinkForTesting(std::ostream* out);
bool LogEnabled(LogLevel level);

void Log(LogLevel level, std::string_view msg, LogFields fields = {});
inline void LogDebug(std::string_view msg, LogFields fields = {}) {
  if (LogEnabled(LogLevel::kDebug)) Log(LogLevel::kDebug, msg, fields);
}
inline void LogInfo(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kInfo, msg, fields);
}
inline void LogWarn(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kWarn, msg, fields);
}
inline void LogError(std::string_view msg, LogFields fields = {}) {
  Log(LogLevel::kError, msg, fields);
}

// Appends `text` to `out` as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace mxedge::common
