#pragma once
// The request body of `-d`: a JSON literal, `@file` or `-` (standard input), like curl.
#include <istream>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {

// Reads the text `spec` names. A missing or unreadable file is an InvalidArgumentError naming
// the file.
absl::StatusOr<std::string> LoadBodyText(std::string_view spec, std::istream& standard_input);

// LoadBodyText, then parses it as JSON. Not JSON → InvalidArgumentError naming where the body came
// from and the byte offset of the error.
absl::StatusOr<nlohmann::json> LoadJsonBody(std::string_view spec, std::istream& standard_input);

}  // namespace mxedge::coap_cli
