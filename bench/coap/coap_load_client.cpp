#include "coap_load_client.hpp"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <netinet/in.h>

#include "absl/strings/str_cat.h"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/content_format.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_bench {

struct CoapLoadClient::SessionState {
  CoapLoadClient* owner = nullptr;
  size_t index = 0;
  coap_session_t* session = nullptr;
  bool outstanding = false;
  std::chrono::steady_clock::time_point sent_at;
};

namespace {

constexpr std::uint16_t kAccessTokenOption = 256;

CoapLoadClient::SessionState* StateOf(coap_session_t* session) {
  return static_cast<CoapLoadClient::SessionState*>(coap_session_get_app_data(session));
}

}  // namespace

const char* LinkName(Link link) {
  switch (link) {
    case Link::kPlain:
      return "plain UDP";
    case Link::kDtlsPki:
      return "DTLS, ECDSA P-256 certificate";
    case Link::kDtlsPsk:
      return "DTLS, PSK";
  }
  return "?";
}

CoapLoadClient::CoapLoadClient(coap_context_t* context, std::string access_token,
                               std::string psk_identity, std::string psk_key)
    : context_(context),
      access_token_(std::move(access_token)),
      psk_identity_(std::move(psk_identity)),
      psk_key_(std::move(psk_key)) {}

absl::StatusOr<std::unique_ptr<CoapLoadClient>> CoapLoadClient::Create(std::string access_token,
                                                                       std::string psk_identity,
                                                                       std::string psk_key) {
  coap_startup();
  coap_set_log_level(LOG_ERR);
  coap_dtls_set_log_level(LOG_ERR);
  coap_context_t* context = coap_new_context(nullptr);
  if (context == nullptr) {
    return absl::InternalError("coap_new_context failed");
  }
  std::unique_ptr<CoapLoadClient> client(new CoapLoadClient(
      context, std::move(access_token), std::move(psk_identity), std::move(psk_key)));
  absl::StatusOr<std::string> body =
      msc3079::EncodeCbor(nlohmann::json{{"msgtype", "m.text"}, {"body", "Hello World"}});
  if (!body.ok()) {
    return body.status();
  }
  client->body_ = std::move(*body);
  coap_register_response_handler(
      context,
      [](coap_session_t* session, const coap_pdu_t* /*sent*/, const coap_pdu_t* received,
         const coap_mid_t /*mid*/) -> coap_response_t {
        SessionState* state = StateOf(session);
        if (state == nullptr || !state->outstanding) {
          return COAP_RESPONSE_OK;
        }
        state->outstanding = false;
        state->owner->completions_.push_back({state->index,
                                              static_cast<int>(coap_pdu_get_code(received)) >> 5,
                                              std::chrono::steady_clock::now() - state->sent_at});
        return COAP_RESPONSE_OK;
      });
  coap_register_nack_handler(
      context, [](coap_session_t* session, const coap_pdu_t* /*sent*/,
                  const coap_nack_reason_t /*reason*/, const coap_mid_t /*mid*/) {
        SessionState* state = StateOf(session);
        if (state == nullptr || !state->outstanding) {
          return;
        }
        state->outstanding = false;
        state->owner->completions_.push_back(
            {state->index, 0, std::chrono::steady_clock::now() - state->sent_at});
      });
  return client;
}

CoapLoadClient::~CoapLoadClient() {
  for (const std::unique_ptr<SessionState>& state : sessions_) {
    coap_session_set_app_data(state->session, nullptr);
    coap_session_release(state->session);
  }
  coap_free_context(context_);
}

absl::StatusOr<size_t> CoapLoadClient::Open(Link link, std::uint16_t port) {
  coap_address_t address;
  coap_address_init(&address);
  address.addr.sin.sin_family = AF_INET;
  address.addr.sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.addr.sin.sin_port = htons(port);
  address.size = sizeof(sockaddr_in);
  coap_session_t* session = nullptr;
  if (link == Link::kPlain) {
    session = coap_new_client_session(context_, nullptr, &address, COAP_PROTO_UDP);
  } else if (link == Link::kDtlsPsk) {
    coap_dtls_cpsk_t psk{};
    psk.version = COAP_DTLS_CPSK_SETUP_VERSION;
    psk.psk_info.identity.s = reinterpret_cast<const uint8_t*>(psk_identity_.data());
    psk.psk_info.identity.length = psk_identity_.size();
    psk.psk_info.key.s = reinterpret_cast<const uint8_t*>(psk_key_.data());
    psk.psk_info.key.length = psk_key_.size();
    session = coap_new_client_session_psk2(context_, nullptr, &address, COAP_PROTO_DTLS, &psk);
  } else {
    // The server's P-256 certificate is sent and checked for a valid signature by the handshake;
    // its chain is not verified (a self-signed bench certificate), as with `--insecure`.
    coap_dtls_pki_t pki{};
    pki.version = COAP_DTLS_PKI_SETUP_VERSION;
    pki.pki_key.key_type = COAP_PKI_KEY_PEM;
    session = coap_new_client_session_pki(context_, nullptr, &address, COAP_PROTO_DTLS, &pki);
  }
  if (session == nullptr) {
    return absl::InternalError(absl::StrCat("cannot open a ", LinkName(link), " session"));
  }
  auto state = std::make_unique<SessionState>();
  state->owner = this;
  state->index = sessions_.size();
  state->session = session;
  coap_session_set_app_data(session, state.get());
  sessions_.push_back(std::move(state));
  return sessions_.size() - 1;
}

absl::Status CoapLoadClient::SendHelloWorld(size_t session, const std::string& room,
                                            bool with_token) {
  if (session >= sessions_.size()) {
    return absl::OutOfRangeError(absl::StrCat("no session ", session));
  }
  SessionState& state = *sessions_[session];
  if (state.outstanding) {
    return absl::FailedPreconditionError(absl::StrCat("session ", session, " is busy"));
  }
  coap_pdu_t* pdu =
      coap_pdu_init(COAP_MESSAGE_CON, COAP_REQUEST_CODE_PUT, coap_new_message_id(state.session),
                    coap_session_max_pdu_size(state.session));
  if (pdu == nullptr) {
    return absl::ResourceExhaustedError("coap_pdu_init failed");
  }
  uint8_t token[8];
  size_t token_length = 0;
  coap_session_new_token(state.session, &token_length, token);
  coap_add_token(pdu, token_length, token);
  const std::string txn = absl::StrCat("t", next_txn_++);
  for (const std::string& segment : {std::string("9"), room, std::string("m.room.message"), txn}) {
    coap_add_option(pdu, COAP_OPTION_URI_PATH, segment.size(),
                    reinterpret_cast<const uint8_t*>(segment.data()));
  }
  uint8_t format[4];
  coap_add_option(pdu, COAP_OPTION_CONTENT_FORMAT,
                  coap_encode_var_safe(format, sizeof(format),
                                       static_cast<unsigned>(msc3079::ContentFormat::kCbor)),
                  format);
  if (with_token) {
    coap_add_option(pdu, kAccessTokenOption, access_token_.size(),
                    reinterpret_cast<const uint8_t*>(access_token_.data()));
  }
  coap_add_data(pdu, body_.size(), reinterpret_cast<const uint8_t*>(body_.data()));
  state.sent_at = std::chrono::steady_clock::now();
  state.outstanding = true;
  if (coap_send(state.session, pdu) == COAP_INVALID_MID) {
    state.outstanding = false;
    return absl::UnavailableError(absl::StrCat("coap_send failed on session ", session));
  }
  return absl::OkStatus();
}

bool CoapLoadClient::outstanding(size_t session) const {
  return session < sessions_.size() && sessions_[session]->outstanding;
}

std::vector<CoapCompletion> CoapLoadClient::Poll(std::chrono::milliseconds wait) {
  coap_io_process(context_,
                  wait.count() <= 0 ? COAP_IO_NO_WAIT : static_cast<uint32_t>(wait.count()));
  std::vector<CoapCompletion> done;
  done.swap(completions_);
  return done;
}

absl::StatusOr<std::vector<CoapCompletion>> CoapLoadClient::Drain(
    std::chrono::milliseconds deadline) {
  std::vector<CoapCompletion> all;
  auto until = std::chrono::steady_clock::now() + deadline;
  while (true) {
    std::vector<CoapCompletion> done = Poll(std::chrono::milliseconds(10));
    all.insert(all.end(), done.begin(), done.end());
    bool busy = false;
    for (const std::unique_ptr<SessionState>& state : sessions_) {
      busy = busy || state->outstanding;
    }
    if (!busy) {
      return all;
    }
    if (std::chrono::steady_clock::now() >= until) {
      return absl::DeadlineExceededError("requests still outstanding at the deadline");
    }
  }
}

}  // namespace mxedge::coap_bench
