#pragma once
// How config keys and values are written in errors and in --help (not a public header).
#include <string>
#include <string_view>

#include "mxedge/common/config_schema_core.hpp"

namespace mxedge::common::internal {

// A value as shown in an error: quoted, control characters escaped, cut after 40 characters.
std::string Shown(std::string_view value);
// "[1, 65535]", "[0, 1]", "[100ms, 10m]" for ranged kinds; empty otherwise.
std::string RangeText(const ConfigKeySpec& spec);
// What a value of this key must look like: "an integer in [1, 65535]".
std::string Expectation(const ConfigKeySpec& spec);
// The type column of --help: "integer [1, 65535]", "one of a|b".
std::string TypeName(const ConfigKeySpec& spec);
// A default value for --help; empty for secrets.
std::string DefaultText(const ConfigKeySpec& spec, const ConfigValue& value);

}  // namespace mxedge::common::internal
