#pragma once
// CRC-32 as zlib, PNG and Ethernet compute it (IEEE 802.3, reflected, polynomial 0xEDB88320).
#include <cstdint>
#include <string_view>

namespace mxedge::appservice_router {

// Crc32("123456789") == 0xCBF43926. `crc` continues a previous result.
uint32_t Crc32(std::string_view data, uint32_t crc = 0);

}  // namespace mxedge::appservice_router
