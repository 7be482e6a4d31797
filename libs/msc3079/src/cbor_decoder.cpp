#include "mxedge/msc3079/cbor_decoder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "cbor_float.hpp"
#include "epoch_time.hpp"
#include "mxedge/msc3079/cbor_limits.hpp"
#include "nlohmann/json.hpp"
#include "utf8.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;

// The initial byte of an item, split, and its argument.
struct Head {
  std::size_t offset;
  std::uint8_t major;
  std::uint8_t info;
  std::uint64_t argument;
};

absl::Status Invalid(std::size_t offset, const std::string& what) {
  return absl::InvalidArgumentError(
      absl::StrCat("CBOR decode: ", what, " at byte offset ", offset));
}

std::string NegativeKeyText(std::uint64_t argument) {
  if (argument == std::numeric_limits<std::uint64_t>::max()) {
    return "-18446744073709551616";
  }
  return absl::StrCat("-", argument + 1);
}

// Which forms of one key a map has seen, for the "text key wins" rule.
struct KeyForms {
  bool integer = false;
  bool text = false;
};

class Decoder {
 public:
  Decoder(std::span<const std::uint8_t> bytes, const CborDecodeOptions& options)
      : data_(bytes.data()),
        size_(bytes.size()),
        table_(options.key_table != nullptr ? *options.key_table : KeyTable::Empty()),
        max_depth_(std::clamp(options.max_depth, 0, kMaxCborNesting)),
        trailing_(options.trailing_bytes) {}

  absl::StatusOr<json> DecodeDocument() {
    if (size_ == 0) {
      return absl::InvalidArgumentError("CBOR decode: empty input");
    }
    json result;
    if (absl::Status status = DecodeItem(result, 0); !status.ok()) {
      return status;
    }
    if (pos_ != size_ && trailing_ == TrailingBytes::kReject) {
      return Invalid(pos_, absl::StrCat(size_ - pos_, " trailing bytes after the top-level item"));
    }
    return result;
  }

 private:
  std::size_t Remaining() const { return size_ - pos_; }

  absl::Status ReadHead(Head& head) {
    if (pos_ >= size_) {
      return Invalid(pos_, "unexpected end of input");
    }
    head.offset = pos_;
    const std::uint8_t initial = data_[pos_++];
    head.major = static_cast<std::uint8_t>(initial >> 5);
    head.info = static_cast<std::uint8_t>(initial & 0x1f);
    if (head.info < 24) {
      head.argument = head.info;
      return absl::OkStatus();
    }
    if (head.info >= 28 && head.info <= 30) {
      return Invalid(head.offset, absl::StrCat("reserved additional information ", head.info));
    }
    if (head.info == 31) {
      if (head.major >= 2 && head.major <= 5) {
        return Invalid(head.offset, "indefinite-length item (not allowed)");
      }
      if (head.major == 7) {
        return Invalid(head.offset, "unexpected break byte");
      }
      return Invalid(head.offset, "additional information 31 on an integer or tag");
    }
    const std::size_t length = std::size_t{1} << (head.info - 24);
    if (Remaining() < length) {
      return Invalid(head.offset, "truncated item head");
    }
    std::uint64_t argument = 0;
    for (std::size_t i = 0; i < length; ++i) {
      argument = (argument << 8) | data_[pos_ + i];
    }
    pos_ += length;
    head.argument = argument;
    return absl::OkStatus();
  }

  absl::Status ReadText(const Head& head, std::string& out) {
    if (head.argument > Remaining()) {
      return Invalid(head.offset, absl::StrCat("text string of ", head.argument,
                                               " bytes exceeds the remaining ", Remaining()));
    }
    const auto length = static_cast<std::size_t>(head.argument);
    std::string_view text(reinterpret_cast<const char*>(data_ + pos_), length);
    if (auto bad = internal::FindInvalidUtf8(text)) {
      return Invalid(pos_ + *bad, "invalid UTF-8 in text string");
    }
    out.assign(text);
    pos_ += length;
    return absl::OkStatus();
  }

  // A float of `head` (major 7, info 25..27) as a double; NaN/Inf rejected.
  absl::StatusOr<double> FloatValue(const Head& head) const {
    double value;
    if (head.info == 25) {
      value = internal::HalfToDouble(static_cast<std::uint16_t>(head.argument));
    } else if (head.info == 26) {
      value = std::bit_cast<float>(static_cast<std::uint32_t>(head.argument));
    } else {
      value = std::bit_cast<double>(head.argument);
    }
    if (!std::isfinite(value)) {
      return Invalid(head.offset, "NaN or infinite float (JSON cannot hold it)");
    }
    return value;
  }

  static void SetNumber(double value, json& out) {
    if (auto integral = internal::AsIntegral(value)) {
      if (integral->negative) {
        out = integral->signed_value;
      } else {
        out = integral->unsigned_value;
      }
    } else {
      out = value;
    }
  }

  absl::Status DecodeEpochTime(const Head& tag, json& out) {
    Head head;
    if (absl::Status status = ReadHead(head); !status.ok()) {
      return status;
    }
    std::optional<std::string> text;
    if (head.major == 0) {
      if (head.argument <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        text = internal::FormatRfc3339(static_cast<std::int64_t>(head.argument), 0);
      }
    } else if (head.major == 1) {
      if (head.argument <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        text = internal::FormatRfc3339(-1 - static_cast<std::int64_t>(head.argument), 0);
      }
    } else if (head.major == 7 && head.info >= 25 && head.info <= 27) {
      absl::StatusOr<double> seconds = FloatValue(head);
      if (!seconds.ok()) {
        return seconds.status();
      }
      text = internal::FormatRfc3339(*seconds);
    } else {
      return Invalid(head.offset, "tag 1 (epoch time) content is not a number");
    }
    if (!text) {
      return Invalid(tag.offset, "tag 1 (epoch time) outside years 0001 to 9999");
    }
    out = std::move(*text);
    return absl::OkStatus();
  }

  absl::Status DecodeSimple(const Head& head, json& out) {
    switch (head.info) {
      case 20:
        out = false;
        return absl::OkStatus();
      case 21:
        out = true;
        return absl::OkStatus();
      case 22:
      case 23:  // undefined: JSON has only null
        out = nullptr;
        return absl::OkStatus();
      case 25:
      case 26:
      case 27: {
        absl::StatusOr<double> value = FloatValue(head);
        if (!value.ok()) {
          return value.status();
        }
        SetNumber(*value, out);
        return absl::OkStatus();
      }
      default:
        return Invalid(head.offset, absl::StrCat("simple value ", head.argument, " not allowed"));
    }
  }

  absl::Status CheckDepth(const Head& head, int depth) const {
    if (depth >= max_depth_) {
      return Invalid(head.offset, absl::StrCat("nesting deeper than ", max_depth_, " levels"));
    }
    return absl::OkStatus();
  }

  absl::Status DecodeArray(const Head& head, json& out, int depth) {
    if (absl::Status status = CheckDepth(head, depth); !status.ok()) {
      return status;
    }
    if (head.argument > Remaining()) {
      return Invalid(head.offset,
                     absl::StrCat("array of ", head.argument, " items exceeds the remaining ",
                                  Remaining(), " bytes"));
    }
    out = json::array();
    auto& array = out.get_ref<json::array_t&>();
    // Never trust a forged count for the allocation size; the vector grows as items arrive.
    array.reserve(std::min<std::uint64_t>(head.argument, 1024));
    for (std::uint64_t i = 0; i < head.argument; ++i) {
      array.emplace_back();
      if (absl::Status status = DecodeItem(array.back(), depth + 1); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }

  // Reads a map key: its JSON name and whether it came from an integer.
  absl::Status DecodeKey(std::string& name, bool& from_integer) {
    Head head;
    if (absl::Status status = ReadHead(head); !status.ok()) {
      return status;
    }
    switch (head.major) {
      case 0:
        from_integer = true;
        if (auto known = table_.NameOf(head.argument)) {
          name.assign(*known);
        } else {
          name = absl::StrCat(head.argument);
        }
        return absl::OkStatus();
      case 1:
        from_integer = true;
        name = NegativeKeyText(head.argument);
        return absl::OkStatus();
      case 3:
        from_integer = false;
        return ReadText(head, name);
      default:
        return Invalid(head.offset, "map key is neither a text string nor an integer");
    }
  }

  absl::Status DecodeMap(const Head& head, json& out, int depth) {
    if (absl::Status status = CheckDepth(head, depth); !status.ok()) {
      return status;
    }
    if (head.argument > Remaining() / 2) {
      return Invalid(head.offset,
                     absl::StrCat("map of ", head.argument, " pairs exceeds the remaining ",
                                  Remaining(), " bytes"));
    }
    out = json::object();
    auto& object = out.get_ref<json::object_t&>();
    // Keys written as integers so far; only consulted when a name repeats.
    std::vector<std::string_view> integer_keys;
    std::unordered_set<std::string_view> integer_set;
    std::unordered_set<std::string_view> both_forms;
    std::string name;
    for (std::uint64_t i = 0; i < head.argument; ++i) {
      const std::size_t key_offset = pos_;
      bool from_integer = false;
      if (absl::Status status = DecodeKey(name, from_integer); !status.ok()) {
        return status;
      }
      auto [it, inserted] = object.try_emplace(name);
      if (inserted) {
        if (from_integer) {
          integer_keys.push_back(it->first);
          if (!integer_set.empty()) {
            integer_set.insert(it->first);
          }
        }
        if (absl::Status status = DecodeItem(it->second, depth + 1); !status.ok()) {
          return status;
        }
        continue;
      }
      // The name repeats: allowed once, as the integer and the text form of one key.
      if (integer_set.empty()) {
        integer_set.insert(integer_keys.begin(), integer_keys.end());
      }
      const std::string_view key = it->first;
      const bool integer_seen = integer_set.contains(key);
      const bool duplicate =
          from_integer ? integer_seen : (!integer_seen || both_forms.contains(key));
      if (duplicate) {
        return Invalid(key_offset, absl::StrCat("duplicate map key \"", std::string(key), "\""));
      }
      both_forms.insert(key);
      if (from_integer) {
        integer_set.insert(key);
        json ignored;  // the text form already present wins; still validate the value
        if (absl::Status status = DecodeItem(ignored, depth + 1); !status.ok()) {
          return status;
        }
      } else {
        it->second = json();
        if (absl::Status status = DecodeItem(it->second, depth + 1); !status.ok()) {
          return status;
        }
      }
    }
    return absl::OkStatus();
  }

  absl::Status DecodeItem(json& out, int depth) {
    Head head;
    if (absl::Status status = ReadHead(head); !status.ok()) {
      return status;
    }
    switch (head.major) {
      case 0:
        out = head.argument;
        return absl::OkStatus();
      case 1:
        if (head.argument > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return Invalid(head.offset, "negative integer below -2^63");
        }
        out = -1 - static_cast<std::int64_t>(head.argument);
        return absl::OkStatus();
      case 2:
        return Invalid(head.offset, "byte string (JSON has no byte strings)");
      case 3: {
        std::string text;
        if (absl::Status status = ReadText(head, text); !status.ok()) {
          return status;
        }
        out = std::move(text);
        return absl::OkStatus();
      }
      case 4:
        return DecodeArray(head, out, depth);
      case 5:
        return DecodeMap(head, out, depth);
      case 6:
        if (head.argument != 1) {
          return Invalid(head.offset,
                         absl::StrCat("tag ", head.argument, " not allowed (only tag 1)"));
        }
        return DecodeEpochTime(head, out);
      default:
        return DecodeSimple(head, out);
    }
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  const KeyTable& table_;
  const int max_depth_;
  const TrailingBytes trailing_;
};

}  // namespace

absl::StatusOr<nlohmann::json> DecodeCbor(std::span<const std::uint8_t> bytes,
                                          const CborDecodeOptions& options) {
  Decoder decoder(bytes, options);
  return decoder.DecodeDocument();
}

absl::StatusOr<nlohmann::json> DecodeCbor(std::string_view bytes,
                                          const CborDecodeOptions& options) {
  return DecodeCbor(std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()),
                    options);
}

}  // namespace mxedge::msc3079
