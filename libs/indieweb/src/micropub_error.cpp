#include "mxedge/indieweb/micropub_error.hpp"

#include <optional>

#include "absl/strings/cord.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/html_links.hpp"
#include "nlohmann/json.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

using nlohmann::json;

constexpr std::string_view kPayloadType = "type.mxedge/indieweb.MicropubError";
constexpr size_t kMaxDescription = 200;

// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence, adding "…" when cut.
std::string Cut(std::string text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "\xE2\x80\xA6";
}

// Control characters become spaces, runs of whitespace one space.
std::string Collapse(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string StringOrJoined(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string out;
    for (const json& item : value) {
      if (!item.is_string()) continue;
      if (!out.empty()) out.push_back(' ');
      out += item.get<std::string>();
    }
    return out;
  }
  return "";
}

bool LooksLikeHtml(const http::Response& response) {
  const std::optional<std::string> type = http::FindHeader(response.headers, "Content-Type");
  if (type.has_value() && (internal::StartsWithIgnoreCase(*type, "text/html") ||
                           internal::StartsWithIgnoreCase(*type, "application/xhtml"))) {
    return true;
  }
  const std::string_view body = internal::Trim(response.body);
  return internal::StartsWithIgnoreCase(body, "<!doctype html") ||
         internal::StartsWithIgnoreCase(body, "<html");
}

}  // namespace

std::string HtmlToText(std::string_view html, size_t max_chars) {
  std::string title;
  std::string text;
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    text.append(html.substr(pos, lt == std::string_view::npos ? std::string_view::npos : lt - pos));
    if (lt == std::string_view::npos) break;
    if (html.substr(lt, 4) == "<!--") {
      const size_t end = html.find("-->", lt + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) break;
    const std::string tag = internal::Lower(html.substr(lt + 1, gt - lt - 1));
    pos = gt + 1;
    for (std::string_view raw : {"script", "style", "title"}) {
      if (tag.starts_with(raw) && (tag.size() == raw.size() || tag[raw.size()] == ' ' ||
                                   tag[raw.size()] == '\t' || tag[raw.size()] == '\n')) {
        size_t close = pos;
        while (true) {
          close = html.find("</", close);
          if (close == std::string_view::npos ||
              internal::StartsWithIgnoreCase(html.substr(close + 2), raw)) {
            break;
          }
          close += 2;
        }
        const size_t stop = close == std::string_view::npos ? html.size() : close;
        if (raw == "title" && title.empty()) title = std::string(html.substr(pos, stop - pos));
        const size_t after = close == std::string_view::npos ? html.size() : html.find('>', close);
        pos = after == std::string_view::npos ? html.size() : after + 1;
        break;
      }
    }
    text.push_back(' ');  // a tag separates words
  }
  std::string body = Collapse(internal::ValidUtf8(DecodeHtmlEntities(text)));
  const std::string heading = Collapse(internal::ValidUtf8(DecodeHtmlEntities(title)));
  if (!heading.empty() && !body.starts_with(heading)) {
    body = body.empty() ? heading : Cat(heading, ": ", body);
  }
  return Cut(std::move(body), max_chars);
}

std::string MicropubError::Summary() const {
  std::string out = Cat("HTTP ", http_status);
  if (!error.empty()) out = Cat(out, " ", error);
  if (!description.empty()) out = Cat(out, ": ", description);
  if (kind == MicropubErrorKind::kInsufficientScope && !scope.empty()) {
    out = Cat(out, " (needs scope ", scope, ")");
  }
  if (kind == MicropubErrorKind::kLoginRedirect) {
    out = Cat(out, ": redirected to ", location.empty() ? "another page" : location,
              " (the token was not accepted)");
  }
  if (kind == MicropubErrorKind::kMissingLocation) {
    out = Cat(out, ": the server did not say where the post is (no Location header)");
  }
  return out;
}

absl::Status MicropubError::ToStatus() const {
  absl::StatusCode code = absl::StatusCode::kUnknown;
  switch (kind) {
    case MicropubErrorKind::kInvalidRequest:
      code = absl::StatusCode::kInvalidArgument;
      break;
    case MicropubErrorKind::kUnauthorized:
    case MicropubErrorKind::kLoginRedirect:
      code = absl::StatusCode::kUnauthenticated;
      break;
    case MicropubErrorKind::kForbidden:
    case MicropubErrorKind::kInsufficientScope:
      code = absl::StatusCode::kPermissionDenied;
      break;
    case MicropubErrorKind::kNotFound:
      code = absl::StatusCode::kNotFound;
      break;
    case MicropubErrorKind::kRateLimited:
      code = absl::StatusCode::kResourceExhausted;
      break;
    case MicropubErrorKind::kServerError:
      code = absl::StatusCode::kUnavailable;
      break;
    case MicropubErrorKind::kMissingLocation:
      code = absl::StatusCode::kFailedPrecondition;
      break;
    case MicropubErrorKind::kUnexpected:
      code = absl::StatusCode::kUnknown;
      break;
  }
  absl::Status status(code, Cat("micropub: ", Summary()));
  const json payload = {{"http_status", http_status},
                        {"kind", static_cast<int>(kind)},
                        {"error", error},
                        {"description", description},
                        {"scope", scope},
                        {"location", location}};
  status.SetPayload(common::Absl(kPayloadType),
                    absl::Cord(payload.dump(-1, ' ', false, json::error_handler_t::replace)));
  return status;
}

std::optional<MicropubError> MicropubErrorFromStatus(const absl::Status& status) {
  const auto payload = status.GetPayload(common::Absl(kPayloadType));
  if (!payload.has_value()) return std::nullopt;
  const json doc = json::parse(std::string(*payload), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;
  MicropubError e;
  e.http_status = doc.value("http_status", 0);
  const int kind = doc.value("kind", static_cast<int>(MicropubErrorKind::kUnexpected));
  if (kind < 0 || kind > static_cast<int>(MicropubErrorKind::kUnexpected)) return std::nullopt;
  e.kind = static_cast<MicropubErrorKind>(kind);
  e.error = doc.value("error", "");
  e.description = doc.value("description", "");
  e.scope = doc.value("scope", "");
  e.location = doc.value("location", "");
  return e;
}

MicropubError ParseMicropubError(const http::Response& response) {
  MicropubError e;
  e.http_status = response.status;
  const std::string_view body = internal::Trim(response.body);
  if (!body.empty() && body.front() == '{') {
    const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_object()) {
      if (const auto it = doc.find("error"); it != doc.end()) e.error = StringOrJoined(*it);
      for (const char* key : {"error_description", "message", "error_message", "detail"}) {
        const auto it = doc.find(key);
        if (it != doc.end() && it->is_string() && !it->get<std::string>().empty()) {
          e.description = it->get<std::string>();
          break;
        }
      }
      if (const auto it = doc.find("scope"); it != doc.end()) e.scope = StringOrJoined(*it);
    } else {
      e.description = std::string(body);
    }
  } else if (LooksLikeHtml(response)) {
    e.description = HtmlToText(body, kMaxDescription);
  } else {
    e.description = std::string(body);
  }
  e.error = Cut(Collapse(internal::ValidUtf8(e.error)), 64);
  e.description = Cut(Collapse(internal::ValidUtf8(e.description)), kMaxDescription);
  e.scope = Cut(Collapse(internal::ValidUtf8(e.scope)), 200);

  const int s = response.status;
  if (s >= 300 && s <= 399) {
    e.kind = MicropubErrorKind::kLoginRedirect;
    e.location = Cut(
        Collapse(internal::ValidUtf8(http::FindHeader(response.headers, "Location").value_or(""))),
        300);
    e.description.clear();
  } else if (e.error == "insufficient_scope") {
    e.kind = MicropubErrorKind::kInsufficientScope;
  } else if (s == 401 || e.error == "unauthorized" || e.error == "invalid_token") {
    e.kind = MicropubErrorKind::kUnauthorized;
  } else if (s == 403 || e.error == "forbidden") {
    e.kind = MicropubErrorKind::kForbidden;
  } else if (s == 400 || e.error == "invalid_request") {
    e.kind = MicropubErrorKind::kInvalidRequest;
  } else if (s == 404) {
    e.kind = MicropubErrorKind::kNotFound;
  } else if (s == 429) {
    e.kind = MicropubErrorKind::kRateLimited;
  } else if (s >= 500) {
    e.kind = MicropubErrorKind::kServerError;
  } else if (s >= 200 && s <= 299) {
    e.kind = MicropubErrorKind::kMissingLocation;
  }
  return e;
}

}  // namespace mxedge::indieweb
