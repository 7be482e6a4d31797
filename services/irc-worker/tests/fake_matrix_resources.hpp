#pragma once
// FakeMatrixResources: MatrixResources in memory for unit tests: uploads are kept and named
// mxc://test/<n>, links are https://media.test/<mxc path>/<filename>, earlier events come from a
// map; each call can be made to fail.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "matrix_resources.hpp"

namespace mxedge::irc_worker {

class FakeMatrixResources final : public MatrixResources {
 public:
  absl::StatusOr<std::string> UploadText(std::string_view filename,
                                         std::string_view text) override {
    if (!upload_result.ok()) {
      return upload_result;
    }
    uploads.emplace_back(std::string(filename), std::string(text));
    return "mxc://test/" + std::to_string(uploads.size());
  }
  absl::StatusOr<std::string> MediaLink(std::string_view content_uri, std::string_view filename,
                                        std::chrono::milliseconds ttl) override {
    if (!link_result.ok()) {
      return link_result;
    }
    last_ttl = ttl;
    std::string_view path = content_uri.substr(std::string_view("mxc://").size());
    return "https://media.test/" + std::string(path) + "/" + std::string(filename);
  }
  absl::StatusOr<EarlierEvent> GetEvent(std::string_view room_id,
                                        std::string_view event_id) override {
    lookups.push_back(std::string(event_id));
    auto it = events.find(std::string(room_id) + " " + std::string(event_id));
    if (it == events.end()) {
      return absl::NotFoundError("M_NOT_FOUND");
    }
    return it->second;
  }

  void AddEvent(std::string room_id, std::string event_id, std::string sender,
                std::string content_json) {
    events[room_id + " " + event_id] = EarlierEvent{std::move(sender), std::move(content_json)};
  }

  absl::Status upload_result;
  absl::Status link_result;
  std::vector<std::pair<std::string, std::string>> uploads;  // filename, text
  std::vector<std::string> lookups;
  std::map<std::string, EarlierEvent> events;
  std::chrono::milliseconds last_ttl{0};
};

}  // namespace mxedge::irc_worker
