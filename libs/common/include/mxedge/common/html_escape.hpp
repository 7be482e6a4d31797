#pragma once
// HTML escaping of text for element content and quoted attribute values: & < > " ' become
// entities, every other byte (UTF-8 included) is copied as it is.
#include <string>
#include <string_view>

namespace mxedge::common {

// Appends the escaped `text` to `out`.
void AppendEscapedHtml(std::string_view text, std::string& out);

// The escaped `text`.
std::string EscapeHtml(std::string_view text);

}  // namespace mxedge::common
