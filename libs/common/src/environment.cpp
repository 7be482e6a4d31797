#include "mxedge/common/environment.hpp"

#include <cstdlib>
#include <memory>
#include <utility>

namespace mxedge::common {

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    const char* value = std::getenv(key.c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

EnvLookup MapEnvironment(std::map<std::string, std::string, std::less<>> values) {
  auto shared =
      std::make_shared<const std::map<std::string, std::string, std::less<>>>(std::move(values));
  return [shared](std::string_view name) -> std::optional<std::string> {
    const auto it = shared->find(name);
    if (it == shared->end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

}  // namespace mxedge::common
