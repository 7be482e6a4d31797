#pragma once
// Environment lookup behind a function, so config loading is testable with a map.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace mxedge::common {

// Returns the value of an environment variable, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment. The only place in the suite that reads it.
EnvLookup ProcessEnvironment();

// A fixed map (tests, tools).
EnvLookup MapEnvironment(std::map<std::string, std::string, std::less<>> values);

}  // namespace mxedge::common
