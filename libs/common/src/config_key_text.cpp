#include "config_key_text.hpp"

#include <sstream>
#include <type_traits>
#include <variant>

#include "mxedge/common/config_values.hpp"

namespace mxedge::common::internal {

namespace {

constexpr size_t kMaxShownValue = 40;

std::string FormatDouble(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::string Shown(std::string_view value) {
  std::string out = "\"";
  size_t n = 0;
  for (const char c : value) {
    if (n++ == kMaxShownValue) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string RangeText(const ConfigKeySpec& spec) {
  switch (spec.kind) {
    case ConfigKind::kInt:
      return "[" + std::to_string(spec.int_min) + ", " + std::to_string(spec.int_max) + "]";
    case ConfigKind::kDouble:
      return "[" + FormatDouble(spec.double_min) + ", " + FormatDouble(spec.double_max) + "]";
    case ConfigKind::kDuration:
      return "[" + FormatDuration(spec.duration_min) + ", " + FormatDuration(spec.duration_max) +
             "]";
    default:
      return "";
  }
}

std::string Expectation(const ConfigKeySpec& spec) {
  switch (spec.kind) {
    case ConfigKind::kString:
    case ConfigKind::kSecret:
      return "a string";
    case ConfigKind::kInt:
      return "an integer in " + RangeText(spec);
    case ConfigKind::kBool:
      return "true or false";
    case ConfigKind::kDouble:
      return "a number in " + RangeText(spec);
    case ConfigKind::kDuration:
      return "a duration such as 250ms, 30s, 5m or 1h, in " + RangeText(spec);
    case ConfigKind::kEnum: {
      std::string out = "one of ";
      for (size_t i = 0; i < spec.allowed.size(); ++i) {
        out += (i == 0 ? "" : ", ") + spec.allowed[i];
      }
      return out;
    }
    case ConfigKind::kStringList:
      return "a list of strings";
    case ConfigKind::kList:
      return "a list of mappings";
  }
  return "";
}

std::string TypeName(const ConfigKeySpec& spec) {
  switch (spec.kind) {
    case ConfigKind::kString:
      return "string";
    case ConfigKind::kSecret:
      return "secret";
    case ConfigKind::kInt:
      return "integer " + RangeText(spec);
    case ConfigKind::kBool:
      return "bool";
    case ConfigKind::kDouble:
      return "number " + RangeText(spec);
    case ConfigKind::kDuration:
      return "duration " + RangeText(spec);
    case ConfigKind::kEnum: {
      std::string out = "one of ";
      for (size_t i = 0; i < spec.allowed.size(); ++i) {
        out += (i == 0 ? "" : "|") + spec.allowed[i];
      }
      return out;
    }
    case ConfigKind::kStringList:
      return "list of strings";
    case ConfigKind::kList:
      return "list of mappings";
  }
  return "";
}

std::string DefaultText(const ConfigKeySpec& spec, const ConfigValue& value) {
  if (spec.kind == ConfigKind::kSecret) {
    return "";
  }
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return Shown(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, double>) {
          return FormatDouble(v);
        } else if constexpr (std::is_same_v<T, std::chrono::milliseconds>) {
          return FormatDuration(v);
        } else {
          std::string out = "[";
          for (size_t i = 0; i < v.size(); ++i) {
            out += (i == 0 ? "" : ", ") + Shown(v[i]);
          }
          return out + "]";
        }
      },
      value);
}

}  // namespace mxedge::common::internal
