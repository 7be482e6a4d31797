#include "mxedge/common/log.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

namespace mxedge::common {
namespace {

struct LogState {
  std::mutex mu;
  std::string service = "mxedge";
  LogLevel min_level = LogLevel::kInfo;
  std::ostream* out = nullptr;
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: logging works during exit
  return *state;
}

void AppendTimestamp(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const int n = std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, static_cast<int>(ms % 1000));
  out.append(buf, static_cast<size_t>(n));
}

void AppendValue(std::string& out, const LogValue& value) {
  const auto& v = value.value();
  if (const auto* s = std::get_if<std::string_view>(&v)) {
    AppendJsonString(out, *s);
  } else if (const auto* i = std::get_if<int64_t>(&v)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    if (std::isfinite(*d)) {
      char buf[32];
      const int n = std::snprintf(buf, sizeof(buf), "%.17g", *d);
      out.append(buf, static_cast<size_t>(n));
    } else {
      out += "null";
    }
  } else {
    out += std::get<bool>(v) ? "true" : "false";
  }
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "debug") return LogLevel::kDebug;
  if (lower == "info") return LogLevel::kInfo;
  if (lower == "warn" || lower == "warning") return LogLevel::kWarn;
  if (lower == "error") return LogLevel::kError;
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void InitLogging(std::string service, LogLevel min_level) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  s.service = std::move(service);
  s.min_level = min_level;
}

void SetLogSinkForTesting(std::ostream* out) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  s.out = out;
}

bool LogEnabled(LogLevel level) {
  LogState& s = State();
  std::lock_guard lock(s.mu);
  return level >= s.min_level;
}

void Log(LogLevel level, std::string_view msg, LogFields fields) {
  LogState& s = State();
  std::string line;
  line.reserve(128 + msg.size());
  line += "{\"ts\":\"";
  AppendTimestamp(line);
  line += "\",\"level\":\"";
  line += LogLevelName(level);
  line += "\",\"msg\":";
  AppendJsonString(line, msg);
  std::lock_guard lock(s.mu);
  if (level < s.min_level) return;
  line += ",\"service\":";
  AppendJsonString(line, s.service);
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendJsonString(line, key);
    line += ':';
    AppendValue(line, value);
  }
  line += "}\n";
  std::ostream& out = s.out != nullptr ? *s.out : std::cout;
  out << line;
  out.flush();
}

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

}  // namespace mxedge::common
