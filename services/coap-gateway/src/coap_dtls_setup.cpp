#include "coap_dtls_setup.hpp"

#include <openssl/ssl.h>

#include <fstream>
#include <random>
#include <utility>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway {
namespace {

absl::Status CheckReadable(const std::string& path, std::string_view setting) {
  std::ifstream file(path);
  if (!file.good()) {
    return absl::InvalidArgumentError(common::Cat(setting, ": cannot read ", path));
  }
  return absl::OkStatus();
}

}  // namespace

CoapDtlsSetup::CoapDtlsSetup(CoapDtlsSettings settings, std::function<bool(coap_session_t*)> admit)
    : settings_(std::move(settings)), admit_(std::move(admit)) {
  for (const auto& [identity, key] : settings_.psk_keys) {
    psk_.emplace(identity,
                 coap_bin_const_t{key.size(), reinterpret_cast<const std::uint8_t*>(key.data())});
  }
}

void CoapDtlsSetup::DisableTickets(void* ssl) {
  if (ssl == nullptr) {
    return;
  }
  auto* session = static_cast<SSL*>(ssl);
  SSL_set_options(session, SSL_OP_NO_TICKET);
  SSL_CTX_set_options(SSL_get_SSL_CTX(session), SSL_OP_NO_TICKET);
}

int CoapDtlsSetup::SetupTls(void* tls_session, coap_dtls_pki_t* /*setup*/) {
  DisableTickets(tls_session);
  return 1;
}

const coap_bin_const_t* CoapDtlsSetup::LookupPsk(coap_bin_const_t* identity,
                                                 coap_session_t* session, void* arg) {
  auto* self = static_cast<CoapDtlsSetup*>(arg);
  if (identity == nullptr || (self->admit_ && !self->admit_(session))) {
    return nullptr;
  }
  const std::string_view name(reinterpret_cast<const char*>(identity->s), identity->length);
  auto it = self->psk_.find(name);
  return it == self->psk_.end() ? nullptr : &it->second;
}

absl::Status CoapDtlsSetup::Install(coap_context_t* context) {
  const bool has_certificate = !settings_.certificate_file.empty();
  const bool has_key = !settings_.private_key_file.empty();
  if (has_certificate != has_key) {
    return absl::InvalidArgumentError(
        "dtls.certificate_file and dtls.private_key_file must be set together");
  }
  if (!has_certificate && psk_.empty()) {
    return absl::InvalidArgumentError(
        "dtls: neither a certificate (dtls.certificate_file) nor PSK keys are set");
  }
  if (!coap_dtls_is_supported()) {
    return absl::FailedPreconditionError("dtls: libcoap was built without DTLS support");
  }
  if (has_certificate) {
    if (auto s = CheckReadable(settings_.certificate_file, "dtls.certificate_file"); !s.ok()) {
      return s;
    }
    if (auto s = CheckReadable(settings_.private_key_file, "dtls.private_key_file"); !s.ok()) {
      return s;
    }
    pki_ = {};
    pki_.version = COAP_DTLS_PKI_SETUP_VERSION;
    // Clients normally present no certificate; with a CA configured they may (mutual TLS).
    pki_.verify_peer_cert = settings_.ca_file.empty() ? 0 : 1;
    pki_.check_common_ca = settings_.ca_file.empty() ? 0 : 1;
    pki_.cert_chain_validation = 1;
    pki_.cert_chain_verify_depth = 3;
    if (!settings_.session_tickets) {
      pki_.additional_tls_setup_call_back = &CoapDtlsSetup::SetupTls;
    }
    pki_.pki_key.key_type = COAP_PKI_KEY_PEM;
    pki_.pki_key.key.pem.public_cert = settings_.certificate_file.c_str();
    pki_.pki_key.key.pem.private_key = settings_.private_key_file.c_str();
    pki_.pki_key.key.pem.ca_file = settings_.ca_file.empty() ? nullptr : settings_.ca_file.c_str();
    if (coap_context_set_pki(context, &pki_) == 0) {
      return absl::InvalidArgumentError(
          common::Cat("dtls.certificate_file: libcoap refused the certificate/key pair ",
                      settings_.certificate_file));
    }
  }
  if (!psk_.empty()) {
    spsk_ = {};
    spsk_.version = COAP_DTLS_SPSK_SETUP_VERSION;
    spsk_.validate_id_call_back = &CoapDtlsSetup::LookupPsk;
    spsk_.id_call_back_arg = this;
    // libcoap 4.3.1 only looks for PSK cipher suites in a ClientHello when a default key is set
    // (otherwise every PSK client gets a handshake failure). The default is random and never
    // handed out: the identity callback returns null for unknown identities, which fails the
    // handshake.
    std::random_device random;
    for (auto& byte : unguessable_key_) {
      byte = static_cast<std::uint8_t>(random());
    }
    spsk_.psk_info.key = coap_bin_const_t{unguessable_key_.size(), unguessable_key_.data()};
    if (coap_context_set_psk2(context, &spsk_) == 0) {
      return absl::InvalidArgumentError("dtls: libcoap refused the PSK setup");
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::coap_gateway
