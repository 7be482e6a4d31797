// Fuzz target: ParseLinkHeader on arbitrary bytes. Beyond not crashing: every rejection says
// why, no rel is empty or has upper case or whitespace, and a target never contains '>'.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mxedge/indieweb/link_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto links = mxedge::indieweb::ParseLinkHeader(input);
  if (!links.ok()) {
    if (links.status().message().empty()) __builtin_trap();
    return 0;
  }
  for (const auto& link : *links) {
    if (link.target.find('>') != std::string::npos) __builtin_trap();
    for (const auto& rel : link.rels) {
      if (rel.empty()) __builtin_trap();
      for (char c : rel) {
        if ((c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          __builtin_trap();
        }
      }
    }
  }
  return 0;
}
