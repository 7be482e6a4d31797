#pragma once
// A small, tolerant scanner for the rel links of an HTML page: `<link rel href>`, `<a rel href>`
// and the first `<base href>`. Not an HTML parser: it skips comments, <script>, <style> and
// <template> content, reads attributes in any quoting and decodes character references in their
// values. It never fails; it stops at `max_bytes`.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/indieweb/link_header.hpp"

namespace mxedge::indieweb {

struct HtmlLinks {
  std::vector<Link> links;  // in document order; targets as written
  std::string base_href;    // the first <base href>, empty when none
  bool truncated = false;   // the page was longer than max_bytes
};

inline constexpr size_t kDefaultMaxHtmlBytes = size_t{1} << 20;

HtmlLinks ScanHtmlLinks(std::string_view html, size_t max_bytes = kDefaultMaxHtmlBytes);

// Decodes the character references HTML attribute values use (&amp; &lt; &gt; &quot; &apos;
// &#NN; &#xHH;); unknown ones are kept as written.
std::string DecodeHtmlEntities(std::string_view text);

}  // namespace mxedge::indieweb
