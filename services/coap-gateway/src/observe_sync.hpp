#pragma once
// Observe on /sync (RFC 7641, MSC3079): the sync loop of each registration in ObserveRegistry.
//
// GET /sync with Observe = 0 → Register: the registering request stays pending while the first
// poll runs and is answered with an Observe option and that first body. Then, per registration,
// one ClientApi /sync call at a time (since = the last next_batch pushed, timeout from
// ObserveLimits): a changed next_batch is pushed as a CON 2.05 notification through
// Transport::SendConfirmable (same token, fresh MID from the transport, rising Observe number,
// Content-Format 60, Max-Age so a client re-registers after a gateway restart). A body over one
// block goes out as block 0 with Size2 and ETag; the follow-ups are served from Block2Store under
// NotificationKey(session, token). A non-200 answer (or the router unreachable) ends the
// registration with one last message carrying the mapped code and a Matrix error body. A NACK of
// a notification (never ACKed, or RST) drops the registration; the client re-registers with the
// `since` of the last notification it received and misses nothing.
//
// At most one notification in flight per registration: the next poll starts when a notification
// was handed to the transport, and ObserveRegistry accepts the next notification only from a
// poll started after that (libcoap holds a session's next CON until the previous one is ACKed).
//
// Loop thread only, like the pipeline that owns it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "block2_store.hpp"
#include "exchange.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "observe_registry.hpp"
#include "response_translator.hpp"
#include "upstream.hpp"

namespace mxedge::coap_gateway {

struct ObserveSyncSettings {
  ObserveLimits limits;
  // Deadline of each poll; above the poll `timeout` (ObserveLimits::poll_timeout_ms).
  std::chrono::milliseconds poll_deadline{60000};
  // Max-Age of the answer and of each notification: a client that hears nothing for this long
  // (e.g. the gateway restarted and lost its registrations) registers again.
  std::uint32_t max_age_seconds = 120;
};

// How the registering request wants its bodies.
struct ObserveReplyContext {
  int key_table_version = 1;
  std::optional<std::uint16_t> accept;
  std::uint16_t dtls_port = 0;
};

class ObserveSync {
 public:
  ObserveSync(ObserveSyncSettings settings, ClientApiUpstream& upstream, Block2Store& bodies,
              common::MetricsRegistry& metrics);
  ~ObserveSync();
  ObserveSync(const ObserveSync&) = delete;
  ObserveSync& operator=(const ObserveSync&) = delete;

  void Bind(Transport& transport, LoopPoster& poster);
  // Told about every answer to a registering request (the pipeline remembers it for
  // retransmissions of that request).
  using AnswerHook =
      std::function<void(SessionId session, std::uint16_t message_id, const OutboundMessage&)>;
  void SetAnswerHook(AnswerHook hook) { answer_hook_ = std::move(hook); }
  // A retransmission (same session and message id) of a registering request still waiting for
  // its first answer: `id` gets that answer too. False when there is no such request.
  bool AddDuplicate(SessionId session, std::uint16_t message_id, ExchangeId id);

  // A GET /sync with Observe = 0; `call` is the translated call (default filter applied).
  // Pending until the first poll answers; an error answer now when the caps refuse it.
  HandleResult Register(const InboundRequest& request, ExchangeId id, v1::HttpCall call,
                        const ObserveReplyContext& context);
  // Observe = 1 (or an RST): removes the registration; false when there was none.
  bool Deregister(SessionId session, const std::string& token);
  // True when `message_id` was a notification of a registration, which is then dropped.
  bool OnNack(SessionId session, std::uint16_t message_id);
  void DropSession(SessionId session);

  // The Content-Format of the body last pushed for a registration (its Block2 follow-ups).
  std::optional<std::uint16_t> BodyFormat(const NotificationKey& key) const;
  std::size_t registrations() const { return registry_.size(); }
  const ObserveRegistry& registry() const { return registry_; }

 private:
  struct Active {
    ObserveKey key;
    ObserveReplyContext context;
    std::string http_path;
    // The registering request, until its answer went out.
    std::optional<ExchangeId> answer;
    std::uint16_t answer_mid = 0;
    std::vector<ExchangeId> duplicates;
    std::shared_ptr<UpstreamCall> call;
    std::optional<std::uint16_t> body_format;
  };

  void Poll(RegistrationId id);
  void OnPollDone(RegistrationId id, absl::StatusOr<v1::HttpResult> result);
  // Sends `message` as the answer or as a notification; false when the registration is gone.
  bool Deliver(RegistrationId id, Active& active, OutboundMessage message,
               const std::string& next_batch);
  void End(RegistrationId id, Active& active, const CoapResponse& last);
  void Forget(RegistrationId id);
  void SendAnswer(Active& active, OutboundMessage message);

  ObserveSyncSettings settings_;
  ClientApiUpstream& upstream_;
  Block2Store& bodies_;
  Transport* transport_ = nullptr;
  LoopPoster* poster_ = nullptr;
  ObserveRegistry registry_;
  std::map<RegistrationId, Active> active_;
  std::shared_ptr<ObserveSync*> self_;
  AnswerHook answer_hook_;

  common::Gauge& registrations_gauge_;
  common::CounterFamily& events_;
};

}  // namespace mxedge::coap_gateway
