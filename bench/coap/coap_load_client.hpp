#pragma once
// libcoap 4.3.1 client sessions in one context, driven from the calling thread only (libcoap
// 4.3.1 is not thread-safe). Each session sends one "Hello World" PUT
// /9/<room>/m.room.message/<txn> (CBOR body, v1 keys) at a time, as libcoap holds a session's
// next CON until the previous one is ACKed anyway.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

typedef struct coap_context_t coap_context_t;
typedef struct coap_session_t coap_session_t;

namespace mxedge::coap_bench {

enum class Link { kPlain, kDtlsPki, kDtlsPsk };
const char* LinkName(Link link);

struct CoapCompletion {
  size_t session = 0;
  int code_class = 0;  // 2 for 2.xx; 0 when the request was given up (NACK)
  std::chrono::steady_clock::duration latency{};
};

class CoapLoadClient {
 public:
  // `access_token` goes in option 256 when a request asks for it; `psk_identity`/`psk_key` are
  // used by kDtlsPsk sessions.
  static absl::StatusOr<std::unique_ptr<CoapLoadClient>> Create(std::string access_token,
                                                                std::string psk_identity,
                                                                std::string psk_key);
  ~CoapLoadClient();
  CoapLoadClient(const CoapLoadClient&) = delete;
  CoapLoadClient& operator=(const CoapLoadClient&) = delete;

  // A new client session to 127.0.0.1:<port>; its index. DTLS starts its handshake with the first
  // request.
  absl::StatusOr<size_t> Open(Link link, std::uint16_t port);
  // Sends the PUT on a session that has nothing outstanding; with_token adds option 256.
  absl::Status SendHelloWorld(size_t session, const std::string& room, bool with_token);
  bool outstanding(size_t session) const;
  // One pass of libcoap's I/O, waiting at most `wait`; completions since the last call.
  std::vector<CoapCompletion> Poll(std::chrono::milliseconds wait);
  // Polls until no session has a request outstanding, or the deadline passes.
  absl::StatusOr<std::vector<CoapCompletion>> Drain(std::chrono::milliseconds deadline);

  struct SessionState;

 private:
  CoapLoadClient(coap_context_t* context, std::string access_token, std::string psk_identity,
                 std::string psk_key);

  coap_context_t* context_;
  std::string access_token_;
  std::string psk_identity_;
  std::string psk_key_;
  std::string body_;  // the CBOR "Hello World" body
  std::uint64_t next_txn_ = 0;
  std::vector<std::unique_ptr<SessionState>> sessions_;
  std::vector<CoapCompletion> completions_;
};

}  // namespace mxedge::coap_bench
