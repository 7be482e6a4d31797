#include "client_session.hpp"

#include "ascii_text.hpp"

namespace mxedge::coap_cli {
namespace {

// The certificate chain must have verified, and the peer's CN must equal the host we dialled.
int CheckCommonName(const char* cn, const uint8_t* /*asn1*/, size_t /*asn1_length*/,
                    coap_session_t* /*session*/, unsigned depth, int validated, void* arg) {
  if (!validated) {
    return 0;
  }
  if (depth > 0) {
    return 1;
  }
  const auto* host = static_cast<const std::string*>(arg);
  return cn != nullptr && EqualsIgnoreCase(cn, *host) ? 1 : 0;
}

}  // namespace

coap_session_t* OpenClientSession(coap_context_t* context, const coap_address_t& address,
                                  bool secure, const DtlsSettings& dtls, const std::string& host) {
  coap_session_t* opened = nullptr;
  if (!secure) {
    opened = coap_new_client_session(context, nullptr, &address, COAP_PROTO_UDP);
  } else if (dtls.UsesPsk()) {
    coap_dtls_cpsk_t psk{};
    psk.version = COAP_DTLS_CPSK_SETUP_VERSION;
    psk.psk_info.identity.s = reinterpret_cast<const uint8_t*>(dtls.psk_identity.data());
    psk.psk_info.identity.length = dtls.psk_identity.size();
    psk.psk_info.key.s = reinterpret_cast<const uint8_t*>(dtls.psk_key.data());
    psk.psk_info.key.length = dtls.psk_key.size();
    opened = coap_new_client_session_psk2(context, nullptr, &address, COAP_PROTO_DTLS, &psk);
  } else {
    coap_dtls_pki_t pki{};
    pki.version = COAP_DTLS_PKI_SETUP_VERSION;
    pki.pki_key.key_type = COAP_PKI_KEY_PEM;
    if (!dtls.insecure && !dtls.ca_file.empty()) {
      pki.verify_peer_cert = 1;
      pki.check_common_ca = 1;
      pki.cert_chain_validation = 1;
      pki.cert_chain_verify_depth = 3;
      pki.pki_key.key.pem.ca_file = dtls.ca_file.c_str();
      pki.validate_cn_call_back = CheckCommonName;
      pki.cn_call_back_arg = const_cast<std::string*>(&host);
    } else if (!dtls.insecure) {
      // No CA given: the system's trust store, and the name must match.
      pki.verify_peer_cert = 1;
      pki.check_common_ca = 1;
      pki.cert_chain_validation = 1;
      pki.cert_chain_verify_depth = 3;
      pki.validate_cn_call_back = CheckCommonName;
      pki.cn_call_back_arg = const_cast<std::string*>(&host);
      coap_context_set_pki_root_cas(context, nullptr, "/etc/ssl/certs");
    }
    opened = coap_new_client_session_pki(context, nullptr, &address, COAP_PROTO_DTLS, &pki);
  }
  return opened;
}

}  // namespace mxedge::coap_cli
