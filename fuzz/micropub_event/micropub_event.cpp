// Fuzz target: the micropub bot's reading of Matrix events. The input's first byte picks the
// event type, the rest is the content JSON (and, as it is, the HTML for SanitizeHtml). Beyond not
// crashing: a rejection says why, sanitised HTML holds no tag outside the allow-list
// and sanitising it again changes nothing, and every tag found is non-empty.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "event_mapping.hpp"
#include "html_sanitizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mxedge::micropub;
  if (size == 0) return 0;
  static constexpr const char* kTypes[] = {"m.room.message", "m.reaction", "m.room.redaction",
                                           "m.room.encrypted"};
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  mxedge::v1::MatrixEvent event;
  event.set_event_id("$fuzz");
  event.set_room_id("!fuzz:hs");
  event.set_type(kTypes[data[0] % 4]);
  event.set_content_json(std::string(rest));
  const auto action = MapEvent(event, {});
  if (!action.ok() && action.status().message().empty()) __builtin_trap();
  if (action.ok()) {
    for (const std::string& tag : action->post.category) {
      if (tag.empty()) __builtin_trap();
    }
    if (action->post.content_html.find("<script") != std::string::npos) __builtin_trap();
  }

  const std::string clean = SanitizeHtml(rest);
  // Every '<' in the output starts a tag the sanitiser wrote itself, from its allow-list.
  for (std::string_view bad : {"<script", "<style", "<mx-reply", "<img", "<span"}) {
    if (clean.find(bad) != std::string::npos) __builtin_trap();
  }
  if (SanitizeHtml(clean) != clean) __builtin_trap();
  return 0;
}
