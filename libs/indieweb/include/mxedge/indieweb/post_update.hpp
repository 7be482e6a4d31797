#pragma once
// A Micropub `action=update` request (REC §3.4) and its JSON.
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {

// One `action=update` operation. Several operations go as several requests: some servers apply
// only one per request.
struct PostUpdate {
  enum class Operation { kReplace, kAdd, kDeleteValues, kDeleteProperties };
  std::string url;
  Operation operation = Operation::kReplace;
  // For kReplace, kAdd, kDeleteValues: property name → array of values.
  std::map<std::string, nlohmann::json> values;
  // For kDeleteProperties: the names.
  std::vector<std::string> properties;

  static PostUpdate ReplaceContent(std::string url, std::string text);
};

// InvalidArgument for an empty url, no values/properties, or a value that is not a non-empty
// array.
absl::StatusOr<nlohmann::json> UpdateToJson(const PostUpdate& update);

}  // namespace mxedge::indieweb
