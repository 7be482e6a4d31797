#pragma once
// Opens the one client session of LibcoapClient: plain UDP, DTLS with a pre-shared key, or DTLS
// with X.509 (the certificate checked against --ca or the system store, and its CN against the
// host; --insecure checks nothing).
#include <string>

#include <coap3/coap.h>

#include "cli_options.hpp"

namespace mxedge::coap_cli {

// nullptr when libcoap refuses (bad credentials, no memory). `host` is read during the DTLS
// handshake, after this returns: it must outlive the session.
coap_session_t* OpenClientSession(coap_context_t* context, const coap_address_t& address,
                                  bool secure, const DtlsSettings& dtls, const std::string& host);

}  // namespace mxedge::coap_cli
