#pragma once
// The per-network message settings of the config (docs/irc.md §5) as the options of both message
// paths: line_limit, media_link_ttl and drop_matrix_messages_after for Matrix → IRC,
// fallback_charset and coalesce_window for IRC → Matrix.
#include "absl/status/status.h"
#include "config.hpp"
#include "irc_to_matrix.hpp"
#include "matrix_to_irc.hpp"

namespace mxedge::irc_worker {

// Fills `matrix_to_irc.rendering` / `.drop_after` and `irc_to_matrix.charsets` /
// `.coalesce_windows` for every network
// of `config`. InvalidArgumentError naming the key for a charset ValidateConfig would refuse.
absl::Status ApplyMessageSettings(const Config& config, MatrixToIrcOptions& matrix_to_irc,
                                  IrcToMatrixOptions& irc_to_matrix);

}  // namespace mxedge::irc_worker
