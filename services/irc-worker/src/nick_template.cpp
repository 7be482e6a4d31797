#include "nick_template.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<bridge::PuppetNamer> ParseNickTemplate(std::string_view nick_template) {
  absl::StatusOr<bridge::PuppetNamer> namer = bridge::PuppetNamer::Create(nick_template);
  if (!namer.ok()) {
    return namer.status();
  }
  if (nick_template.find("$DISPLAY") == std::string_view::npos &&
      nick_template.find("$LOCALPART") == std::string_view::npos) {
    return absl::InvalidArgumentError("must contain $DISPLAY or $LOCALPART");
  }
  return namer;
}

}  // namespace mxedge::irc_worker
