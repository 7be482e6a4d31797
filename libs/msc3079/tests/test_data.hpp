#pragma once
// Helpers for the msc3079 tests: the data files copied from the MSC and hex conversion.
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

#ifndef MXEDGE_MSC3079_DATA_DIR
#error "MXEDGE_MSC3079_DATA_DIR must name libs/msc3079/data"
#endif

namespace mxedge::msc3079::testing {

inline nlohmann::json LoadDataJson(std::string_view file_name) {
  const std::string path = std::string(MXEDGE_MSC3079_DATA_DIR) + "/" + std::string(file_name);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

inline std::string HexToBytes(std::string_view hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

inline std::string BytesToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const char c : bytes) {
    hex.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
    hex.push_back(kHex[static_cast<unsigned char>(c) & 0x0f]);
  }
  return hex;
}

}  // namespace mxedge::msc3079::testing
