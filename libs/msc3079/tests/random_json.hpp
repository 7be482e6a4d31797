#pragma once
// Deterministic random JSON documents for the round-trip property tests: keys from the v1 table,
// numeric-looking and arbitrary Unicode keys; integers at the int64/uint64 edges; non-integral
// doubles; multi-byte strings; nesting up to a few levels.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::msc3079::testing {

class RandomJson {
 public:
  explicit RandomJson(std::uint64_t seed) : rng_(seed) {}

  nlohmann::json Document() { return Object(0); }

  nlohmann::json Value(int depth) {
    switch (Below(depth >= 4 ? 7 : 9)) {
      case 0:
        return nullptr;
      case 1:
        return Below(2) == 1;
      case 2:
        return Integer();
      case 3:
        return Double();
      case 4:
      case 5:
      case 6:
        return Text();
      case 7:
        return Array(depth + 1);
      default:
        return Object(depth + 1);
    }
  }

  std::string Text() {
    static constexpr std::string_view kPieces[] = {"a",
                                                   "Z",
                                                   "0",
                                                   " ",
                                                   "!",
                                                   "#",
                                                   "@",
                                                   ":",
                                                   "$",
                                                   ".",
                                                   "_",
                                                   "\"",
                                                   "\\",
                                                   "\n",
                                                   "\x7f",
                                                   "m.room",
                                                   "\xc3\xa9",
                                                   "\xe2\x82\xac",
                                                   "\xf0\x9f\x98\x80",
                                                   std::string_view("\0", 1)};
    std::string text;
    const int length = Below(12);
    for (int i = 0; i < length; ++i) {
      text.append(kPieces[static_cast<std::size_t>(Below(std::size(kPieces)))]);
    }
    return text;
  }

 private:
  int Below(std::size_t n) { return static_cast<int>(rng_() % n); }

  nlohmann::json Integer() {
    switch (Below(6)) {
      case 0:
        return std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(Below(3));
      case 1:
        return std::numeric_limits<std::int64_t>::min() + Below(3);
      case 2:
        return -static_cast<std::int64_t>(rng_() >> Below(64));
      case 3:
        return static_cast<std::uint64_t>(rng_() >> Below(64));
      default:
        return Below(300) - 150;
    }
  }

  nlohmann::json Double() {
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    const double scale = std::ldexp(1.0, Below(80) - 40);
    double value = unit(rng_) * scale;
    if (Below(3) == 0) {
      value = (Below(200) - 100) + 0.5;  // exact in a half float
    }
    return value;
  }

  std::string Key() {
    const auto& entries = KeyTable::V1().entries();
    switch (Below(4)) {
      case 0:
      case 1:
        return std::string(entries[static_cast<std::size_t>(Below(entries.size()))].name);
      case 2:
        return std::to_string(Below(300) - 20);  // "8", "-3": literal text keys
      default:
        return Text();
    }
  }

  nlohmann::json Array(int depth) {
    nlohmann::json array = nlohmann::json::array();
    const int size = Below(5);
    for (int i = 0; i < size; ++i) {
      array.push_back(Value(depth));
    }
    return array;
  }

  nlohmann::json Object(int depth) {
    nlohmann::json object = nlohmann::json::object();
    const int size = Below(7);
    for (int i = 0; i < size; ++i) {
      object[Key()] = Value(depth);
    }
    return object;
  }

  std::mt19937_64 rng_;
};

}  // namespace mxedge::msc3079::testing
