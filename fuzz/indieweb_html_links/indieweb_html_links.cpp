// Fuzz target: ScanHtmlLinks (and the entity decoder it uses) on arbitrary bytes. Beyond not
// crashing: the byte limit holds (a scan of the first half finds no more links than the whole
// page's limit allows), every link has a rel, and rels are lower case without whitespace.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mxedge/indieweb/html_links.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto full = mxedge::indieweb::ScanHtmlLinks(input);
  for (const auto& link : full.links) {
    if (link.rels.empty()) __builtin_trap();
    for (const auto& rel : link.rels) {
      for (char c : rel) {
        if ((c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' || c == '\n') __builtin_trap();
      }
    }
  }
  const auto half = mxedge::indieweb::ScanHtmlLinks(input, size / 2);
  if (half.truncated != (size / 2 < size)) __builtin_trap();
  // Each link needs at least "<a rel href>" (12 bytes) of input.
  if (half.links.size() * 12 > size / 2 + 12) __builtin_trap();
  (void)mxedge::indieweb::DecodeHtmlEntities(input);
  return 0;
}
