#include "mxedge/indieweb/post_update.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::indieweb {

using common::Cat;
using nlohmann::json;

PostUpdate PostUpdate::ReplaceContent(std::string url, std::string text) {
  PostUpdate update;
  update.url = std::move(url);
  update.operation = Operation::kReplace;
  update.values["content"] = json::array({std::move(text)});
  return update;
}

absl::StatusOr<json> UpdateToJson(const PostUpdate& u) {
  if (u.url.empty()) return absl::InvalidArgumentError("update has no post URL");
  json doc = {{"action", "update"}, {"url", u.url}};
  if (u.operation == PostUpdate::Operation::kDeleteProperties) {
    if (u.properties.empty()) {
      return absl::InvalidArgumentError("delete update names no properties");
    }
    doc["delete"] = u.properties;
    return doc;
  }
  if (u.values.empty()) return absl::InvalidArgumentError("update has no values");
  json values = json::object();
  for (const auto& [name, value] : u.values) {
    if (name.empty() || !value.is_array() || value.empty()) {
      return absl::InvalidArgumentError(
          Cat("update value of '", name, "' must be a non-empty array"));
    }
    values[name] = value;
  }
  const char* key = u.operation == PostUpdate::Operation::kReplace ? "replace"
                    : u.operation == PostUpdate::Operation::kAdd   ? "add"
                                                                   : "delete";
  doc[key] = std::move(values);
  return doc;
}

}  // namespace mxedge::indieweb
