#include "tls_context.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<std::shared_ptr<asio::ssl::context>> MakeTlsClientContext(
    const TlsSettings& settings) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  asio::error_code ec;
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                           asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                           asio::ssl::context::no_tlsv1_1,
                       ec);
  if (ec) return absl::InternalError(common::Cat("tls options: ", ec.message()));
  if (settings.ca_files.empty() || settings.system_store) {
    context->set_default_verify_paths(ec);
    if (ec) return absl::InternalError(common::Cat("tls system trust store: ", ec.message()));
  }
  for (const std::string& ca_file : settings.ca_files) {
    context->load_verify_file(ca_file, ec);
    if (ec) {
      return absl::InvalidArgumentError(common::Cat("tls ca_file ", ca_file, ": ", ec.message()));
    }
  }
  context->set_verify_mode(settings.verify_peer ? asio::ssl::verify_peer : asio::ssl::verify_none,
                           ec);
  if (ec) return absl::InternalError(common::Cat("tls verify mode: ", ec.message()));
  return context;
}

}  // namespace mxedge::irc_worker
