#pragma once
// A multipart/form-data body (RFC 7578) for media uploads and multipart creates.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::indieweb {

struct MediaFile {
  std::string filename;      // sent in the part's Content-Disposition
  std::string content_type;  // e.g. "image/png"; empty → application/octet-stream
  std::string bytes;
};

class MultipartForm {
 public:
  void AddField(std::string name, std::string value);
  void AddFile(std::string name, const MediaFile& file);

  struct Encoded {
    std::string content_type;  // "multipart/form-data; boundary=…"
    std::string body;
  };
  // Picks a random boundary that occurs in no part. Internal when randomness fails.
  absl::StatusOr<Encoded> Encode() const;

 private:
  struct Part {
    std::string name;
    std::string value;
    bool is_file = false;
    std::string filename;
    std::string content_type;
  };
  std::vector<Part> parts_;
};

}  // namespace mxedge::indieweb
