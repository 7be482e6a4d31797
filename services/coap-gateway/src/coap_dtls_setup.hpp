#pragma once
// Installs the gateway's DTLS credentials on a libcoap context: X.509 (PEM certificate and key,
// optional CA) and PSK (identity → key), both on one endpoint. Only the transport includes this
// header (it pulls in <coap3/coap.h>). dtls_credentials.hpp checks the files at startup; this
// class hands them to libcoap.
#include <coap3/coap.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"

namespace mxedge::coap_gateway {

struct CoapDtlsSettings {
  std::string certificate_file;
  std::string private_key_file;
  std::string ca_file;
  std::map<std::string, std::string> psk_keys;
  bool session_tickets = false;
};

class CoapDtlsSetup {
 public:
  // `admit` is asked during each PSK handshake whether the session may proceed (a refused session
  // gets no key and its handshake fails).
  CoapDtlsSetup(CoapDtlsSettings settings, std::function<bool(coap_session_t*)> admit);
  CoapDtlsSetup(const CoapDtlsSetup&) = delete;
  CoapDtlsSetup& operator=(const CoapDtlsSetup&) = delete;

  // Installs PKI and/or PSK on `context`. Errors: neither configured, only one of certificate and
  // key, unreadable files, libcoap refusing them. libcoap keeps pointers into this object: it
  // must outlive the context.
  absl::Status Install(coap_context_t* context);

  // Turns session tickets off on one OpenSSL session object (an SSL*) and on its SSL_CTX, from
  // which libcoap creates the later sessions.
  static void DisableTickets(void* ssl);

 private:
  static const coap_bin_const_t* LookupPsk(coap_bin_const_t* identity, coap_session_t* session,
                                           void* arg);
  static int SetupTls(void* tls_session, coap_dtls_pki_t* setup);

  CoapDtlsSettings settings_;
  std::function<bool(coap_session_t*)> admit_;
  // Identity → key as libcoap wants it; the strings in settings_ own the bytes.
  std::map<std::string, coap_bin_const_t, std::less<>> psk_;
  coap_dtls_pki_t pki_{};
  coap_dtls_spsk_t spsk_{};
  std::array<std::uint8_t, 32> unguessable_key_{};
};

}  // namespace mxedge::coap_gateway
