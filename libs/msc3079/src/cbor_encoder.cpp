#include "mxedge/msc3079/cbor_encoder.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "cbor_float.hpp"
#include "mxedge/msc3079/cbor_limits.hpp"
#include "nlohmann/json.hpp"
#include "utf8.hpp"

namespace mxedge::msc3079 {
namespace {

using nlohmann::json;

constexpr std::uint8_t kMajorUnsigned = 0;
constexpr std::uint8_t kMajorNegative = 1;
constexpr std::uint8_t kMajorText = 3;
constexpr std::uint8_t kMajorArray = 4;
constexpr std::uint8_t kMajorMap = 5;

constexpr std::size_t HeadLength(std::uint64_t argument) {
  if (argument < 24) {
    return 1;
  }
  if (argument <= 0xff) {
    return 2;
  }
  if (argument <= 0xffff) {
    return 3;
  }
  if (argument <= 0xffffffffULL) {
    return 5;
  }
  return 9;
}

// One map entry while an object's keys are being put in canonical order.
struct MapEntry {
  std::size_t encoded_length;  // of the key
  bool integer_key;
  std::uint32_t id;
  const std::string* name;
  const json* value;
};

bool CanonicalLess(const MapEntry& a, const MapEntry& b) {
  if (a.encoded_length != b.encoded_length) {
    return a.encoded_length < b.encoded_length;
  }
  if (a.integer_key != b.integer_key) {
    return a.integer_key;  // major type 0 sorts before major type 3
  }
  if (a.integer_key) {
    return a.id < b.id;
  }
  return *a.name < *b.name;  // same length, so plain bytewise order of the text
}

class Encoder {
 public:
  Encoder(const CborEncodeOptions& options, std::string& out)
      : table_(options.key_table != nullptr ? *options.key_table : KeyTable::Empty()),
        max_depth_(std::clamp(options.max_depth, 0, kMaxCborNesting)),
        out_(out) {}

  absl::Status Encode(const json& value, int depth) {
    switch (value.type()) {
      case json::value_t::null:
        out_.push_back(static_cast<char>(0xf6));
        return absl::OkStatus();
      case json::value_t::boolean:
        out_.push_back(static_cast<char>(value.get<bool>() ? 0xf5 : 0xf4));
        return absl::OkStatus();
      case json::value_t::number_unsigned:
        Head(kMajorUnsigned, value.get<std::uint64_t>());
        return absl::OkStatus();
      case json::value_t::number_integer:
        WriteSigned(value.get<std::int64_t>());
        return absl::OkStatus();
      case json::value_t::number_float:
        return WriteDouble(value.get<double>());
      case json::value_t::string:
        return WriteText(value.get_ref<const std::string&>());
      case json::value_t::array:
        return WriteArray(value, depth);
      case json::value_t::object:
        return WriteObject(value, depth);
      case json::value_t::binary:
        return absl::InvalidArgumentError("CBOR encode: JSON binary values are not allowed");
      case json::value_t::discarded:
        break;
    }
    return absl::InvalidArgumentError("CBOR encode: discarded JSON value");
  }

 private:
  void Head(std::uint8_t major, std::uint64_t argument) {
    const auto type = static_cast<char>(major << 5);
    if (argument < 24) {
      out_.push_back(static_cast<char>(type | static_cast<char>(argument)));
      return;
    }
    int bytes;
    if (argument <= 0xff) {
      out_.push_back(static_cast<char>(type | 24));
      bytes = 1;
    } else if (argument <= 0xffff) {
      out_.push_back(static_cast<char>(type | 25));
      bytes = 2;
    } else if (argument <= 0xffffffffULL) {
      out_.push_back(static_cast<char>(type | 26));
      bytes = 4;
    } else {
      out_.push_back(static_cast<char>(type | 27));
      bytes = 8;
    }
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((argument >> shift) & 0xff));
    }
  }

  void WriteSigned(std::int64_t value) {
    if (value >= 0) {
      Head(kMajorUnsigned, static_cast<std::uint64_t>(value));
    } else {
      // -1 - value, computed without overflow for INT64_MIN.
      Head(kMajorNegative, ~static_cast<std::uint64_t>(value));
    }
  }

  absl::Status WriteDouble(double value) {
    if (!std::isfinite(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("CBOR encode: number ", value, " is not finite (JSON cannot hold it)"));
    }
    if (auto integral = internal::AsIntegral(value)) {
      if (integral->negative) {
        WriteSigned(integral->signed_value);
      } else {
        Head(kMajorUnsigned, integral->unsigned_value);
      }
      return absl::OkStatus();
    }
    if (auto half = internal::ToHalfExact(value)) {
      out_.push_back(static_cast<char>(0xf9));
      out_.push_back(static_cast<char>(*half >> 8));
      out_.push_back(static_cast<char>(*half & 0xff));
      return absl::OkStatus();
    }
    const auto single = static_cast<float>(value);
    if (static_cast<double>(single) == value) {
      const auto bits = std::bit_cast<std::uint32_t>(single);
      out_.push_back(static_cast<char>(0xfa));
      for (int shift = 24; shift >= 0; shift -= 8) {
        out_.push_back(static_cast<char>((bits >> shift) & 0xff));
      }
      return absl::OkStatus();
    }
    const auto bits = std::bit_cast<std::uint64_t>(value);
    out_.push_back(static_cast<char>(0xfb));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out_.push_back(static_cast<char>((bits >> shift) & 0xff));
    }
    return absl::OkStatus();
  }

  absl::Status WriteText(const std::string& text) {
    if (auto bad = internal::FindInvalidUtf8(text)) {
      return absl::InvalidArgumentError(
          absl::StrCat("CBOR encode: invalid UTF-8 at byte ", *bad, " of a string"));
    }
    Head(kMajorText, text.size());
    out_.append(text);
    return absl::OkStatus();
  }

  absl::Status CheckDepth(int depth) const {
    if (depth >= max_depth_) {
      return absl::InvalidArgumentError(
          absl::StrCat("CBOR encode: nesting deeper than ", max_depth_, " levels"));
    }
    return absl::OkStatus();
  }

  absl::Status WriteArray(const json& value, int depth) {
    if (absl::Status status = CheckDepth(depth); !status.ok()) {
      return status;
    }
    const auto& array = value.get_ref<const json::array_t&>();
    Head(kMajorArray, array.size());
    for (const json& element : array) {
      if (absl::Status status = Encode(element, depth + 1); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }

  absl::Status WriteObject(const json& value, int depth) {
    if (absl::Status status = CheckDepth(depth); !status.ok()) {
      return status;
    }
    const auto& object = value.get_ref<const json::object_t&>();
    // Entries of every open object share one scratch vector; this object owns [base, end).
    const std::size_t base = entries_.size();
    for (const auto& [name, member] : object) {
      if (auto id = table_.IdOf(name)) {
        entries_.push_back(MapEntry{HeadLength(*id), true, *id, &name, &member});
      } else {
        if (auto bad = internal::FindInvalidUtf8(name)) {
          entries_.resize(base);
          return absl::InvalidArgumentError(
              absl::StrCat("CBOR encode: invalid UTF-8 at byte ", *bad, " of a map key"));
        }
        entries_.push_back(
            MapEntry{HeadLength(name.size()) + name.size(), false, 0, &name, &member});
      }
    }
    std::sort(entries_.begin() + static_cast<std::ptrdiff_t>(base), entries_.end(), CanonicalLess);
    Head(kMajorMap, object.size());
    const std::size_t end = entries_.size();
    for (std::size_t i = base; i < end; ++i) {
      const MapEntry entry = entries_[i];  // copy: nested objects may grow the vector
      if (entry.integer_key) {
        Head(kMajorUnsigned, entry.id);
      } else {
        Head(kMajorText, entry.name->size());
        out_.append(*entry.name);
      }
      if (absl::Status status = Encode(*entry.value, depth + 1); !status.ok()) {
        entries_.resize(base);
        return status;
      }
    }
    entries_.resize(base);
    return absl::OkStatus();
  }

  const KeyTable& table_;
  const int max_depth_;
  std::string& out_;
  std::vector<MapEntry> entries_;
};

}  // namespace

absl::Status EncodeCborTo(const nlohmann::json& value, const CborEncodeOptions& options,
                          std::string& out) {
  Encoder encoder(options, out);
  return encoder.Encode(value, 0);
}

absl::StatusOr<std::string> EncodeCbor(const nlohmann::json& value,
                                       const CborEncodeOptions& options) {
  std::string out;
  if (absl::Status status = EncodeCborTo(value, options, out); !status.ok()) {
    return status;
  }
  return out;
}

}  // namespace mxedge::msc3079
