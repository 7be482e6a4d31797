#include "coap_message.hpp"

#include <array>
#include <utility>

#include "ascii_text.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_cli {
namespace {

constexpr std::array<std::pair<std::string_view, CoapMethod>, 7> kMethods = {{
    {"GET", CoapMethod::kGet},
    {"POST", CoapMethod::kPost},
    {"PUT", CoapMethod::kPut},
    {"DELETE", CoapMethod::kDelete},
    {"FETCH", CoapMethod::kFetch},
    {"PATCH", CoapMethod::kPatch},
    {"iPATCH", CoapMethod::kIPatch},
}};

}  // namespace

absl::StatusOr<CoapMethod> ParseCoapMethod(std::string_view name) {
  for (const auto& [method_name, method] : kMethods) {
    if (EqualsIgnoreCase(method_name, name)) {
      return method;
    }
  }
  return absl::InvalidArgumentError(common::Cat(
      "unknown method \"", name, "\": use GET, POST, PUT, DELETE, FETCH, PATCH or iPATCH"));
}

std::string_view CoapMethodName(CoapMethod method) {
  for (const auto& [method_name, candidate] : kMethods) {
    if (candidate == method) {
      return method_name;
    }
  }
  return "?";
}

}  // namespace mxedge::coap_cli
