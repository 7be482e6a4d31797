#include "mxedge/indieweb/multipart_form.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/pkce.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

// Quotes, backslashes and line breaks cannot appear in a quoted header parameter.
std::string HeaderSafe(std::string_view text) {
  std::string out;
  for (char c : text) {
    out.push_back(c == '"' || c == '\\' || c == '\r' || c == '\n' ? '_' : c);
  }
  return out;
}

}  // namespace

void MultipartForm::AddField(std::string name, std::string value) {
  parts_.push_back({std::move(name), std::move(value), false, "", ""});
}

void MultipartForm::AddFile(std::string name, const MediaFile& file) {
  parts_.push_back({std::move(name), file.bytes, true,
                    file.filename.empty() ? "file" : file.filename,
                    file.content_type.empty() ? "application/octet-stream" : file.content_type});
}

absl::StatusOr<MultipartForm::Encoded> MultipartForm::Encode() const {
  std::string boundary;
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<std::string> random = RandomToken(24);
    if (!random.ok()) return random.status();
    boundary = Cat("mxedge-", *random);
    bool clash = false;
    for (const Part& part : parts_) {
      clash = clash || part.value.find(boundary) != std::string::npos;
    }
    if (!clash) break;
    if (attempt == 3) return absl::InternalError("no multipart boundary fits the content");
  }
  Encoded out;
  out.content_type = Cat("multipart/form-data; boundary=", boundary);
  for (const Part& part : parts_) {
    out.body += Cat("--", boundary, "\r\nContent-Disposition: form-data; name=\"",
                    HeaderSafe(part.name), "\"");
    if (part.is_file) {
      out.body += Cat("; filename=\"", HeaderSafe(part.filename),
                      "\"\r\nContent-Type: ", HeaderSafe(part.content_type));
    }
    out.body += "\r\n\r\n";
    out.body += part.value;
    out.body += "\r\n";
  }
  out.body += Cat("--", boundary, "--\r\n");
  return out;
}

}  // namespace mxedge::indieweb
