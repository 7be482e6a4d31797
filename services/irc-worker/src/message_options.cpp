#include "message_options.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::Status ApplyMessageSettings(const Config& config, MatrixToIrcOptions& matrix_to_irc,
                                  IrcToMatrixOptions& irc_to_matrix) {
  for (const NetworkConfig& net : config.networks) {
    absl::StatusOr<bridge::FallbackCharset> charset =
        bridge::ParseFallbackCharset(net.fallback_charset);
    if (!charset.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("networks[", net.id, "].fallback_charset: ", charset.status().message()));
    }
    irc_to_matrix.charsets[net.id] = *charset;
    matrix_to_irc.rendering[net.id] =
        MessageRenderSettings{.line_limit = static_cast<std::size_t>(net.line_limit),
                              .media_link_ttl = net.media_link_ttl};
    matrix_to_irc.drop_after[net.id] = net.drop_matrix_messages_after;
    irc_to_matrix.coalesce_windows[net.id] = net.coalesce_window;
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
