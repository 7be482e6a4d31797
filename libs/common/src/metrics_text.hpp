#pragma once
// Text exposition helpers shared by the metric types and the registry (not a public header).
#include <string>
#include <string_view>

namespace mxedge::common::internal {

// Label values: backslash, double quote and newline are escaped.
void AppendEscapedLabelValue(std::string& out, std::string_view value);
// HELP text: backslash and newline are escaped.
void AppendEscapedHelp(std::string& out, std::string_view help);
// A sample value: shortest round-trip decimal, or NaN / +Inf / -Inf.
std::string FormatSampleValue(double value);

}  // namespace mxedge::common::internal
