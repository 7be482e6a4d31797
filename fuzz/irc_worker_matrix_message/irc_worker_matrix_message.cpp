// Fuzz target: the content of a Matrix m.room.message from any client, rendered for IRC by the
// worker (MatrixMessageRenderer: formatting, splitting, uploads, replies, edits, media), with
// MatrixOut answering at once. Every content either renders to lines that are valid IRC (no CR,
// LF or NUL, within 512 bytes with the relayed prefix and CRLF) or is refused with
// InvalidArgumentError; the reply fallback reader never crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "matrix_message_renderer.hpp"
#include "reply_nicks.hpp"

namespace {

using mxedge::irc_worker::EarlierEvent;

// MatrixOut answering every call; the edited or replied-to event is a plain text message.
class InstantResources final : public mxedge::irc_worker::MatrixResources {
 public:
  absl::StatusOr<std::string> UploadText(std::string_view, std::string_view) override {
    return std::string("mxc://fuzz/upload");
  }
  absl::StatusOr<std::string> MediaLink(std::string_view, std::string_view filename,
                                        std::chrono::milliseconds) override {
    return "https://media.test/" + std::string(filename);
  }
  absl::StatusOr<EarlierEvent> GetEvent(std::string_view, std::string_view) override {
    return EarlierEvent{"@bob:fuzz", R"({"msgtype":"m.text","body":"an earlier message"})"};
  }
};

constexpr char kSource[] = "alice[m]!alice@host.example.org";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)mxedge::irc_worker::ReplyFallbackSender(input);
  nlohmann::json content = nlohmann::json::parse(input, nullptr, false);
  if (content.is_discarded() ||
      !mxedge::irc_worker::MatrixMessageRenderer::IsBridgedMessage(content)) {
    return 0;
  }
  static InstantResources resources;
  static const mxedge::irc_worker::ReplyNicks nicks(
      {{"fuzz", "irc_$NETWORK_$NICK"}}, "fuzz",
      [](std::string_view, std::string_view) { return std::string("someone[m]"); });
  mxedge::irc_worker::MatrixMessageRenderer renderer(resources, nicks);
  mxedge::v1::MatrixEvent event;
  event.set_event_id("$fuzz");
  event.set_room_id("!room:fuzz");
  event.set_sender("@alice:fuzz");
  event.set_type("m.room.message");
  absl::StatusOr<mxedge::irc_worker::RenderedMessage> rendered = renderer.Render(
      "fuzz", event, content, "#channel", kSource, mxedge::irc_worker::MessageRenderSettings{});
  if (!rendered.ok()) {
    if (rendered.status().code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  for (const std::string& line : rendered->lines) {
    if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos ||
        line.size() + std::string_view(kSource).size() + 4 > 512) {
      std::abort();
    }
  }
  return 0;
}
