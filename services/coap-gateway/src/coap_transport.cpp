// libcoap 4.3.1 behaviour this file relies on (read in its source, checked on the wire by
// coap_transport_integration_test):
// - A handler that returns with code 0 on a CON request makes libcoap send an empty ACK at once;
//   an empty NON response is not sent at all. So a pending request gets its response type set to
//   NON on the first call, and the async is registered with a delay equal to the piggyback window.
// - When the async fires (coap_async_trigger, or its delay expiring), libcoap calls the handler
//   again with a copy of the request that has a NEW MID; the response starts as an ACK with that
//   MID, so the handler puts the original request's MID back. If the
//   answer is ready it goes out piggybacked; if not (the window expired) the handler returns with
//   code 0, which is the empty ACK, and the answer follows later as a separate CON with a fresh MID
//   and the request's token. libcoap frees the async after that second call: never
//   coap_free_async there.
// - A retransmitted CON while the async is pending is answered by libcoap itself with an empty
//   ACK and never reaches the handler; keep the window well under the clients' ACK timeout.
// - libcoap sends a session's next CON only after the previous one was ACKed (NSTART 1) and gives
//   no callback for that ACK; a CON never ACKed (or answered RST) reaches the NACK handler.
#include "coap_transport.hpp"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "coap_address.hpp"
#include "coap_dtls_setup.hpp"
#include "coap_pdu_codec.hpp"
#include "coap_session_table.hpp"
#include "coap_transport_impl.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "response_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

std::once_flag coap_startup_once;

void RouteLibcoapLog(coap_log_t level, const char* message) {
  std::string_view text(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (level <= LOG_WARNING) {
    common::LogWarn("libcoap", {{"detail", text}});
  } else {
    common::LogDebug("libcoap", {{"detail", text}});
  }
}

NackReason ToNackReason(coap_nack_reason_t reason) {
  switch (reason) {
    case COAP_NACK_RST:
      return NackReason::kReset;
    case COAP_NACK_TOO_MANY_RETRIES:
      return NackReason::kTimeout;
    default:
      return NackReason::kSessionGone;
  }
}

OutboundMessage ShutdownReply() {
  CoapResponse error = ErrorResponse(absl::UnavailableError("the gateway is shutting down"), 1);
  OutboundMessage reply;
  reply.code = error.code;
  if (error.content_format) {
    std::string value;
    for (std::uint16_t v = *error.content_format; v != 0; v >>= 8) {
      value.insert(value.begin(), static_cast<char>(v & 0xff));
    }
    reply.options.push_back({kOptionContentFormat, value});
  }
  reply.payload = std::move(error.body);
  return reply;
}

}  // namespace

absl::Status CoapTransport::Impl::Start() {
  if (running_) {
    return absl::FailedPreconditionError("coap transport already started");
  }
  if (settings_.plain_port != 0) {
    if (auto s = ValidatePlainBindAddress(settings_.plain_bind_address); !s.ok()) {
      return s;
    }
  }
  if (settings_.plain_port == 0 && settings_.dtls_port == 0) {
    return absl::InvalidArgumentError("coap: neither dtls_port nor plain_port is set");
  }
  if (settings_.piggyback_window <= std::chrono::milliseconds(0)) {
    return absl::InvalidArgumentError("piggyback_window: must be positive");
  }
  std::call_once(coap_startup_once, [] {
    coap_startup();
    coap_set_log_handler(&RouteLibcoapLog);
    coap_set_log_level(common::LogEnabled(common::LogLevel::kDebug) ? LOG_INFO : LOG_WARNING);
  });
  context_ = coap_new_context(nullptr);
  if (context_ == nullptr) {
    return absl::InternalError("coap: cannot create a libcoap context");
  }
  coap_set_app_data(context_, this);
  // The gateway does blockwise itself (libcoap keys transfers by resource, and every path lands
  // on the one unknown resource): block mode stays 0.
  coap_context_set_max_handshake_sessions(context_, settings_.max_handshake_sessions);
  coap_context_set_session_timeout(context_,
                                   static_cast<unsigned>(settings_.session_idle_timeout.count()));
  // Option 257 (CBOR enum version) has an odd, so critical, number: libcoap rejects requests
  // carrying an unknown critical option before any handler sees them.
  coap_register_option(context_, kOptionEnumVersion);
  coap_register_event_handler(context_, &OnEventThunk);
  coap_register_nack_handler(context_, &OnNackThunk);

  coap_resource_t* unknown = coap_resource_unknown_init2(&OnRequestThunk, 0);
  for (coap_request_t method :
       {COAP_REQUEST_GET, COAP_REQUEST_POST, COAP_REQUEST_PUT, COAP_REQUEST_DELETE,
        COAP_REQUEST_FETCH, COAP_REQUEST_PATCH, COAP_REQUEST_IPATCH}) {
    coap_register_request_handler(unknown, method, &OnRequestThunk);
  }
  coap_add_resource(context_, unknown);

  absl::Status status = absl::OkStatus();
  if (settings_.dtls_port != 0) {
    credentials_ = std::make_unique<CoapDtlsSetup>(
        CoapDtlsSettings{settings_.certificate_file, settings_.private_key_file, settings_.ca_file,
                         settings_.psk_keys, settings_.session_tickets},
        [this](coap_session_t* session) { return !sessions_.Refused(session); });
    status = credentials_->Install(context_);
    if (status.ok()) {
      auto address =
          ParseAddress(settings_.dtls_bind_address, settings_.dtls_port, "dtls_bind_address");
      if (!address.ok()) {
        status = address.status();
      } else if (coap_new_endpoint(context_, &*address, COAP_PROTO_DTLS) == nullptr) {
        status = absl::UnavailableError(common::Cat(
            "dtls_port: cannot bind UDP ", settings_.dtls_bind_address, ":", settings_.dtls_port));
      }
    }
  }
  if (status.ok() && settings_.plain_port != 0) {
    auto address =
        ParseAddress(settings_.plain_bind_address, settings_.plain_port, "plain_bind_address");
    if (!address.ok()) {
      status = address.status();
    } else if (coap_new_endpoint(context_, &*address, COAP_PROTO_UDP) == nullptr) {
      status = absl::UnavailableError(common::Cat(
          "plain_port: cannot bind UDP ", settings_.plain_bind_address, ":", settings_.plain_port));
    }
  }
  const int coap_fd = coap_context_get_coap_fd(context_);
  if (status.ok() && coap_fd < 0) {
    status = absl::InternalError("coap: libcoap was built without epoll support");
  }
  if (status.ok()) {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = coap_fd;
    bool ok =
        epoll_fd_ >= 0 && event_fd_ >= 0 && epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, coap_fd, &ev) == 0;
    ev.data.fd = event_fd_;
    ok = ok && epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, event_fd_, &ev) == 0;
    if (!ok) {
      status = absl::InternalError(common::Cat("coap: epoll setup failed: ", std::strerror(errno)));
    }
  }
  if (!status.ok()) {
    coap_free_context(context_);
    context_ = nullptr;
    credentials_.reset();
    for (int* fd : {&epoll_fd_, &event_fd_}) {
      if (*fd >= 0) {
        close(*fd);
        *fd = -1;
      }
    }
    return status;
  }
  {
    std::lock_guard lock(queue_mu_);
    accepting_ = true;
  }
  stop_requested_ = false;
  running_ = true;
  loop_ = std::thread([this] { RunLoop(); });
  common::LogInfo(
      "coap transport started",
      {{"dtls_port", static_cast<int>(settings_.dtls_port)},
       {"plain_port", static_cast<int>(settings_.plain_port)},
       {"piggyback_window_ms", static_cast<int64_t>(settings_.piggyback_window.count())}});
  return absl::OkStatus();
}

void CoapTransport::Impl::Stop() {
  if (!running_.exchange(false)) {
    return;
  }
  stop_requested_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(event_fd_, &one, sizeof(one));
  loop_.join();
  close(epoll_fd_);
  close(event_fd_);
  epoll_fd_ = event_fd_ = -1;
  common::LogInfo("coap transport stopped");
}

void CoapTransport::Impl::RunLoop() {
  const int coap_fd = coap_context_get_coap_fd(context_);
  epoll_event events[16];
  while (!stop_requested_) {
    coap_tick_t now;
    coap_ticks(&now);
    const unsigned timeout = coap_io_prepare_epoll(context_, now);
    const int wait_ms = (timeout == 0 || timeout > 100) ? 100 : static_cast<int>(timeout);
    const int n = epoll_wait(epoll_fd_, events, 16, wait_ms);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == coap_fd) {
        coap_io_process(context_, COAP_IO_NO_WAIT);
      } else if (events[i].data.fd == event_fd_) {
        std::uint64_t count = 0;
        [[maybe_unused]] ssize_t r = read(event_fd_, &count, sizeof(count));
        DrainQueue();
      }
    }
  }
  // Drain: no new work, pending exchanges answered 5.03, fired asyncs flushed, then the context
  // goes (libcoap reports each session's end through the event handler).
  {
    std::lock_guard lock(queue_mu_);
    accepting_ = false;
  }
  DrainQueue();
  FailPending();
  coap_tick_t now;
  coap_ticks(&now);
  coap_io_prepare_epoll(context_, now);
  coap_io_process(context_, COAP_IO_NO_WAIT);
  coap_free_context(context_);
  context_ = nullptr;
  pending_.clear();
}

void CoapTransport::Impl::DrainQueue() {
  std::vector<Work> batch;
  {
    std::lock_guard lock(queue_mu_);
    batch.swap(queue_);
  }
  for (Work& work : batch) {
    loop_lag_.Observe(std::chrono::duration<double>(clock_.SteadyNow() - work.posted).count());
    try {
      work.run();
    } catch (const std::exception& e) {
      handler_errors_.Increment();
      common::LogError("coap loop work threw", {{"error", e.what()}});
    }
  }
}

void CoapTransport::Impl::Post(std::function<void()> work) {
  {
    std::lock_guard lock(queue_mu_);
    if (!accepting_) {
      return;
    }
    queue_.push_back(Work{std::move(work), clock_.SteadyNow()});
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = write(event_fd_, &one, sizeof(one));
}

void CoapTransport::Impl::FailPending() {
  std::vector<ExchangeId> ids;
  ids.reserve(pending_.size());
  for (const auto& [id, pending] : pending_) {
    ids.push_back(id);
  }
  for (ExchangeId id : ids) {
    Complete(id, ShutdownReply());
  }
}

void CoapTransport::Impl::Respond(const OutboundMessage& message, std::size_t token_length,
                                  coap_pdu_t* response) {
  if (!WriteMessage(message, response)) {
    // Too large for one datagram: the logic splits bodies into blocks, so this is a bug there.
    common::LogError("coap response does not fit a datagram",
                     {{"code", message.code.ToString()}, {"bytes", message.payload.size()}});
    coap_pdu_set_code(response, COAP_RESPONSE_CODE_INTERNAL_ERROR);
    return;
  }
  out_messages_->Increment();
  out_bytes_->Increment(EncodedSize(token_length, message.options, message.payload.size()));
}

void CoapTransport::Impl::HandleRequest(coap_session_t* session, const coap_pdu_t* request,
                                        coap_pdu_t* response) {
  const coap_bin_const_t token = coap_pdu_get_token(request);
  if (coap_async_t* async = coap_find_async(session, token)) {
    AnswerFiredAsync(async, request, response);
    return;
  }
  SessionTable::Entry* entry = sessions_.Find(session);
  if (entry == nullptr) {
    entry = sessions_.Add(session);
  }
  InboundRequest inbound;
  inbound.session = entry->id;
  inbound.secure = coap_session_get_proto(session) == COAP_PROTO_DTLS;
  inbound.type = coap_pdu_get_type(request) == COAP_MESSAGE_CON ? MessageType::kConfirmable
                                                                : MessageType::kNonConfirmable;
  inbound.code = static_cast<std::uint8_t>(coap_pdu_get_code(request));
  inbound.message_id = static_cast<std::uint16_t>(coap_pdu_get_mid(request));
  inbound.token.assign(reinterpret_cast<const char*>(token.s), token.length);
  inbound.options = ReadOptions(request);
  inbound.payload = ReadPayload(request);
  in_messages_->Increment();
  in_bytes_->Increment(EncodedSize(token.length, inbound.options, inbound.payload.size()));
  if (entry->refused) {
    // Over the session caps: no answer at all (an empty NON response is not sent).
    sessions_.CountDroppedRequest();
    coap_pdu_set_type(response, COAP_MESSAGE_NON);
    return;
  }

  const ExchangeId id = next_exchange_++;
  HandleResult result;
  try {
    result = handler_.OnRequest(inbound, id);
  } catch (const std::exception& e) {
    handler_errors_.Increment();
    common::LogError("coap request handler threw", {{"error", e.what()}});
    result = HandleResult::Now(OutboundMessage{msc3079::kCoapInternalServerError, {}, {}});
  }
  if (!result.pending) {
    Respond(result.reply, token.length, response);
    return;
  }
  coap_async_t* async = coap_register_async(
      session, request,
      static_cast<coap_tick_t>(settings_.piggyback_window.count()) * COAP_TICKS_PER_SECOND / 1000);
  if (async == nullptr) {
    // libcoap refuses a second async for the same token while one is pending.
    common::LogWarn("coap async registration failed", {{"session", entry->id}});
    Respond(ShutdownReply(), token.length, response);
    return;
  }
  coap_async_set_app_data(async, reinterpret_cast<void*>(static_cast<std::uintptr_t>(id)));
  Pending pending;
  pending.session = entry->id;
  pending.coap_session = session;
  pending.token = inbound.token;
  pending.message_id = coap_pdu_get_mid(request);
  pending.confirmable = inbound.type == MessageType::kConfirmable;
  pending.async = async;
  pending_.emplace(id, std::move(pending));
  // Nothing is sent now: an empty NON response is dropped by libcoap.
  coap_pdu_set_type(response, COAP_MESSAGE_NON);
}

void CoapTransport::Impl::AnswerFiredAsync(coap_async_t* async, const coap_pdu_t* request,
                                           coap_pdu_t* response) {
  const auto id =
      static_cast<ExchangeId>(reinterpret_cast<std::uintptr_t>(coap_async_get_app_data(async)));
  const bool confirmable = coap_pdu_get_type(request) == COAP_MESSAGE_CON;
  coap_pdu_set_type(response, confirmable ? COAP_MESSAGE_ACK : COAP_MESSAGE_NON);
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    return;  // Empty ACK (CON) or nothing (NON).
  }
  Pending& pending = it->second;
  pending.async = nullptr;  // libcoap frees it when this call returns.
  coap_pdu_set_mid(response, pending.message_id);
  if (pending.ready) {
    Respond(*pending.ready, pending.token.size(), response);
    piggybacked_->Increment();
    pending_.erase(it);
    return;
  }
  // The window expired: an empty ACK now (code 0), the answer later as a separate message.
  if (confirmable) {
    out_messages_->Increment();
    out_bytes_->Increment(4);
  }
}

void CoapTransport::Impl::Complete(ExchangeId id, OutboundMessage reply) {
  auto it = pending_.find(id);
  if (it == pending_.end()) {
    return;
  }
  Pending& pending = it->second;
  if (pending.async != nullptr) {
    pending.ready = std::move(reply);
    coap_async_trigger(pending.async);
    return;
  }
  auto sent =
      SendNew(pending.coap_session, pending.confirmable ? COAP_MESSAGE_CON : COAP_MESSAGE_NON,
              pending.token, reply);
  if (sent.ok()) {
    separate_->Increment();
  } else {
    common::LogWarn("coap separate response not sent",
                    {{"session", pending.session}, {"error", sent.status().ToString()}});
  }
  pending_.erase(it);
}

absl::StatusOr<coap_mid_t> CoapTransport::Impl::SendNew(coap_session_t* session,
                                                        coap_pdu_type_t type,
                                                        std::string_view token,
                                                        const OutboundMessage& message) {
  coap_pdu_t* pdu = coap_pdu_init(type, static_cast<coap_pdu_code_t>(message.code.raw()),
                                  coap_new_message_id(session), coap_session_max_pdu_size(session));
  if (pdu == nullptr) {
    return absl::ResourceExhaustedError("coap: cannot allocate a PDU");
  }
  if (coap_add_token(pdu, token.size(), reinterpret_cast<const std::uint8_t*>(token.data())) == 0 ||
      !WriteMessage(message, pdu)) {
    coap_delete_pdu(pdu);
    return absl::InvalidArgumentError("coap: the message does not fit one datagram");
  }
  const coap_mid_t mid = coap_send(session, pdu);
  if (mid == COAP_INVALID_MID) {
    return absl::UnavailableError("coap: libcoap could not send the message");
  }
  out_messages_->Increment();
  out_bytes_->Increment(EncodedSize(token.size(), message.options, message.payload.size()));
  return mid;
}

absl::StatusOr<std::uint16_t> CoapTransport::Impl::SendConfirmable(SessionId session,
                                                                   std::string_view token,
                                                                   OutboundMessage message) {
  SessionTable::Entry* entry = sessions_.FindById(session);
  if (entry == nullptr || context_ == nullptr) {
    return absl::NotFoundError(common::Cat("coap session ", session, " is gone"));
  }
  auto mid = SendNew(entry->session, COAP_MESSAGE_CON, token, message);
  if (!mid.ok()) {
    return mid.status();
  }
  return static_cast<std::uint16_t>(*mid);
}

void CoapTransport::Impl::HandleEvent(coap_session_t* session, coap_event_t event) {
  switch (event) {
    case COAP_EVENT_SERVER_SESSION_NEW: {
      SessionTable::Entry* entry = sessions_.Add(session);
      if (!settings_.session_tickets && coap_session_get_proto(session) == COAP_PROTO_DTLS) {
        coap_tls_library_t library;
        CoapDtlsSetup::DisableTickets(coap_session_get_tls(session, &library));
      }
      if (entry->refused) {
        common::LogWarn("coap session refused", {{"reason", entry->refused_reason}});
      }
      break;
    }
    case COAP_EVENT_DTLS_CONNECTED:
      sessions_.MarkDtlsConnected(session);
      break;
    case COAP_EVENT_DTLS_ERROR:
      sessions_.CountHandshakeFailure();
      break;
    case COAP_EVENT_DTLS_CLOSED:
    case COAP_EVENT_SERVER_SESSION_DEL:
      SessionGone(session);
      break;
    default:
      break;
  }
}

void CoapTransport::Impl::SessionGone(coap_session_t* session) {
  SessionTable::Entry* entry = sessions_.Find(session);
  if (entry == nullptr) {
    return;
  }
  const SessionId id = entry->id;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.session == id) {
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  sessions_.Remove(session);
  handler_.OnSessionClosed(id);
}

void CoapTransport::Impl::HandleNack(coap_session_t* session, coap_nack_reason_t reason,
                                     coap_mid_t mid) {
  SessionTable::Entry* entry = sessions_.Find(session);
  if (entry == nullptr || mid == COAP_INVALID_MID) {
    return;
  }
  handler_.OnNack(entry->id, static_cast<std::uint16_t>(mid), ToNackReason(reason));
}

CoapTransport::CoapTransport(CoapTransportSettings settings, ExchangeHandler& handler,
                             common::MetricsRegistry& metrics, common::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(settings), handler, metrics, clock)) {}

CoapTransport::~CoapTransport() = default;

absl::Status CoapTransport::Start() { return impl_->Start(); }
void CoapTransport::Stop() { impl_->Stop(); }
void CoapTransport::Complete(ExchangeId id, OutboundMessage reply) {
  impl_->Complete(id, std::move(reply));
}
absl::StatusOr<std::uint16_t> CoapTransport::SendConfirmable(SessionId session,
                                                             std::string_view token,
                                                             OutboundMessage message) {
  return impl_->SendConfirmable(session, token, std::move(message));
}
void CoapTransport::Post(std::function<void()> work) { impl_->Post(std::move(work)); }

}  // namespace mxedge::coap_gateway
