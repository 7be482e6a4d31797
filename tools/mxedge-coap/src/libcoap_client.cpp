#include "libcoap_client.hpp"

#include <netdb.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <coap3/coap.h>

#include "client_session.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "pdu_trace.hpp"
#include "sticky_token.hpp"

namespace mxedge::coap_cli {
namespace {

using Clock = std::chrono::steady_clock;

// libcoap's log handler is process-wide: the trace of the one client that asked for it.
std::mutex g_trace_mu;
std::function<void(std::string_view)> g_trace;

void LibcoapLog(coap_log_t /*level*/, const char* message) {
  std::lock_guard lock(g_trace_mu);
  if (!g_trace) {
    return;
  }
  if (std::optional<DatagramEvent> event = ParseDatagramLog(message)) {
    g_trace(common::Cat(event->sent ? "  datagram out " : "  datagram in  ", event->bytes, " B"));
  }
}

void StartLibcoapOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    coap_startup();
    coap_set_log_level(LOG_WARNING);
    coap_dtls_set_log_level(LOG_WARNING);
    coap_set_log_handler(LibcoapLog);
    coap_set_show_pdu_output(0);  // PDU dumps go to the handler (dropped), never to stdout
  });
}

struct Submission {
  CoapRequest request;
  ResponseCallback callback;
};

struct Pending {
  ResponseCallback callback;
  Clock::time_point deadline;
  bool observe = false;
  bool answered = false;     // an Observe registration that got its first answer has no deadline
  bool cancelling = false;   // deregistration sent: the next answer is the last
  bool sticky_done = false;  // StickyToken::OnFinished called
  std::optional<std::string> token_option;
  std::string body;  // blocks collected so far
};

std::optional<std::uint32_t> UintOption(const coap_pdu_t* pdu, coap_option_num_t number) {
  coap_opt_iterator_t iterator;
  const coap_opt_t* option = coap_check_option(pdu, number, &iterator);
  if (option == nullptr) {
    return std::nullopt;
  }
  return coap_decode_var_bytes(coap_opt_value(option), coap_opt_length(option));
}

void ReleaseBody(coap_session_t* /*session*/, void* app_ptr) {
  delete static_cast<std::string*>(app_ptr);
}

}  // namespace

struct LibcoapClient::Impl {
  explicit Impl(LibcoapClientOptions opts)
      : options(std::move(opts)), sticky(options.sticky_token && options.secure) {}

  LibcoapClientOptions options;
  coap_address_t address{};

  std::mutex mu;
  std::deque<Submission> queue;      // guarded by mu
  bool cancel_observations = false;  // guarded by mu
  bool stopping = false;             // guarded by mu
  int wake_fd = -1;
  std::thread thread;
  std::atomic<int> sessions_opened{0};

  // Loop thread only.
  coap_context_t* context = nullptr;
  coap_session_t* session = nullptr;
  bool session_dead = false;
  std::string session_failure;
  StickyToken sticky;
  std::map<std::string, Pending> pending;  // by CoAP token bytes

  void Trace(std::string_view line) const {
    if (options.trace) {
      options.trace(line);
    }
  }

  static Impl* From(coap_session_t* session) {
    return static_cast<Impl*>(coap_session_get_app_data(session));
  }

  absl::Status Resolve() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* result = nullptr;
    const std::string port = std::to_string(options.port);
    const int rc = getaddrinfo(options.host.c_str(), port.c_str(), &hints, &result);
    if (rc != 0 || result == nullptr) {
      return absl::UnavailableError(
          common::Cat("cannot resolve ", options.host, ": ", gai_strerror(rc)));
    }
    coap_address_init(&address);
    address.size = result->ai_addrlen;
    std::memcpy(&address.addr, result->ai_addr, result->ai_addrlen);
    freeaddrinfo(result);
    return absl::OkStatus();
  }

  coap_session_t* OpenSession() {
    coap_session_t* opened =
        OpenClientSession(context, address, options.secure, options.dtls, options.host);
    if (opened == nullptr) {
      return nullptr;
    }
    coap_session_set_app_data(opened, this);
    coap_session_set_nstart(opened, options.nstart);
    sessions_opened.fetch_add(1);
    sticky.Reset();
    session_dead = false;
    common::LogInfo("coap session opened", {{"peer", common::Cat(options.host, ":", options.port)},
                                            {"dtls", options.secure}});
    return opened;
  }

  void FailAll(const absl::Status& status) {
    std::map<std::string, Pending> failed;
    failed.swap(pending);
    for (auto& [token, entry] : failed) {
      entry.callback(status);
    }
  }

  void CloseDeadSession() {
    if (session == nullptr || !session_dead) {
      return;
    }
    common::LogInfo("coap session closed", {{"reason", session_failure}});
    Trace(common::Cat("* session closed: ", session_failure));
    coap_session_set_app_data(session, nullptr);
    coap_session_release(session);
    session = nullptr;
    session_dead = false;
    FailAll(absl::UnavailableError(session_failure));
  }

  void StartRequest(Submission submission) {
    CloseDeadSession();
    if (session == nullptr) {
      session = OpenSession();
      if (session == nullptr) {
        submission.callback(absl::UnavailableError(
            common::Cat("cannot open a CoAP session to ", options.host, ":", options.port)));
        return;
      }
    }
    const CoapRequest& request = submission.request;
    coap_pdu_t* pdu =
        coap_new_pdu(COAP_MESSAGE_CON, static_cast<coap_pdu_code_t>(request.method), session);
    if (pdu == nullptr) {
      submission.callback(absl::ResourceExhaustedError("cannot allocate a CoAP message"));
      return;
    }
    uint8_t token[8];
    size_t token_length = 0;
    coap_session_new_token(session, &token_length, token);
    coap_add_token(pdu, token_length, token);

    coap_optlist_t* optlist = nullptr;
    uint8_t buffer[4];
    const auto add_uint = [&](coap_option_num_t number, uint32_t value) {
      coap_insert_optlist(
          &optlist,
          coap_new_optlist(number, coap_encode_var_safe(buffer, sizeof(buffer), value), buffer));
    };
    const auto add_text = [&](coap_option_num_t number, const std::string& value) {
      static const uint8_t kEmpty = 0;
      coap_insert_optlist(
          &optlist, coap_new_optlist(
                        number, value.size(),
                        value.empty() ? &kEmpty : reinterpret_cast<const uint8_t*>(value.data())));
    };
    if (request.observe) {
      add_uint(COAP_OPTION_OBSERVE, COAP_OBSERVE_ESTABLISH);
    }
    for (const std::string& segment : request.path) {
      add_text(COAP_OPTION_URI_PATH, segment);
    }
    if (request.content_format.has_value()) {
      add_uint(COAP_OPTION_CONTENT_FORMAT, *request.content_format);
    }
    for (const std::string& item : request.query) {
      add_text(COAP_OPTION_URI_QUERY, item);
    }
    if (request.accept.has_value()) {
      add_uint(COAP_OPTION_ACCEPT, *request.accept);
    }
    std::optional<std::string> token_option = sticky.OptionFor(request.access_token);
    if (token_option.has_value()) {
      add_text(kAccessTokenOption, *token_option);
    }
    if (request.enum_version.has_value()) {
      add_uint(257, *request.enum_version);
    }
    const int options_added = optlist == nullptr ? 1 : coap_add_optlist_pdu(pdu, &optlist);
    coap_delete_optlist(optlist);
    if (!options_added) {
      coap_delete_pdu(pdu);
      submission.callback(absl::InvalidArgumentError("the request's options do not fit"));
      return;
    }
    if (!request.body.empty()) {
      auto* body = new std::string(request.body);
      if (!coap_add_data_large_request(session, pdu, body->size(),
                                       reinterpret_cast<const uint8_t*>(body->data()), ReleaseBody,
                                       body)) {
        coap_delete_pdu(pdu);
        submission.callback(absl::InvalidArgumentError("the request body cannot be sent"));
        return;
      }
    }
    Trace(DescribePdu('>', pdu));
    const coap_mid_t mid = coap_send(session, pdu);
    if (mid == COAP_INVALID_MID) {
      submission.callback(absl::UnavailableError("libcoap refused to send the request"));
      return;
    }
    Pending entry;
    entry.callback = std::move(submission.callback);
    entry.deadline = Clock::now() + options.request_timeout;
    entry.observe = request.observe;
    entry.token_option = std::move(token_option);
    pending[std::string(reinterpret_cast<const char*>(token), token_length)] = std::move(entry);
  }

  coap_response_t OnResponse(const coap_pdu_t* received) {
    Trace(DescribePdu('<', received));
    const coap_bin_const_t token = coap_pdu_get_token(received);
    auto found = pending.find(std::string(reinterpret_cast<const char*>(token.s), token.length));
    if (found == pending.end()) {
      return COAP_RESPONSE_FAIL;  // a late answer or a notification nobody wants: RST
    }
    Pending& entry = found->second;
    size_t length = 0;
    const uint8_t* data = nullptr;
    size_t offset = 0;
    size_t total = 0;
    if (coap_get_data_large(received, &length, &data, &offset, &total)) {
      if (offset == 0) {
        entry.body.clear();
      }
      entry.body.append(reinterpret_cast<const char*>(data), length);
      if (offset + length < total) {
        return COAP_RESPONSE_OK;  // libcoap asks for the next block
      }
    } else {
      entry.body.clear();
    }
    CoapResponse response;
    response.code = msc3079::CoapCode::FromRaw(static_cast<uint8_t>(coap_pdu_get_code(received)));
    response.body = std::move(entry.body);
    entry.body.clear();
    if (std::optional<uint32_t> format = UintOption(received, COAP_OPTION_CONTENT_FORMAT)) {
      response.content_format = static_cast<uint16_t>(*format);
    }
    response.observe = UintOption(received, COAP_OPTION_OBSERVE);
    response.max_age = UintOption(received, COAP_OPTION_MAXAGE);
    FinishSticky(entry, true);

    if (entry.cancelling && response.observe.has_value()) {
      return COAP_RESPONSE_OK;  // a notification that crossed the deregistration
    }
    const bool keeps_observing = entry.observe && !entry.cancelling &&
                                 response.observe.has_value() && response.code.IsSuccess();
    ResponseCallback callback = entry.callback;
    if (keeps_observing) {
      entry.answered = true;
    } else {
      pending.erase(found);
    }
    callback(std::move(response));
    return COAP_RESPONSE_OK;
  }

  void FinishSticky(Pending& entry, bool answered) {
    if (!entry.sticky_done) {
      entry.sticky_done = true;
      sticky.OnFinished(entry.token_option, answered);
    }
  }

  void OnNack(const coap_pdu_t* sent, coap_nack_reason_t reason) {
    std::string why;
    switch (reason) {
      case COAP_NACK_TOO_MANY_RETRIES:
        why = "no answer from the CoAP server after retransmissions";
        session_dead = true;
        break;
      case COAP_NACK_NOT_DELIVERABLE:
        why = "the request could not be delivered";
        session_dead = true;
        break;
      case COAP_NACK_RST:
        why = "the CoAP server reset the exchange";
        break;
      case COAP_NACK_TLS_FAILED:
        why = "the DTLS handshake failed";
        session_dead = true;
        break;
      case COAP_NACK_ICMP_ISSUE:
      default:
        why = "the CoAP server is unreachable (ICMP)";
        session_dead = true;
        break;
    }
    if (session_dead) {
      session_failure = why;
    }
    if (sent == nullptr) {
      return;
    }
    const coap_bin_const_t token = coap_pdu_get_token(sent);
    auto found = pending.find(std::string(reinterpret_cast<const char*>(token.s), token.length));
    if (found == pending.end()) {
      return;
    }
    FinishSticky(found->second, false);
    ResponseCallback callback = std::move(found->second.callback);
    pending.erase(found);
    callback(absl::UnavailableError(why));
  }

  void OnEvent(coap_event_t event) {
    switch (event) {
      case COAP_EVENT_DTLS_CONNECTED:
        Trace("* DTLS session established");
        break;
      case COAP_EVENT_DTLS_CLOSED:
      case COAP_EVENT_DTLS_ERROR:
      case COAP_EVENT_SESSION_CLOSED:
      case COAP_EVENT_SESSION_FAILED:
        session_dead = true;
        session_failure = event == COAP_EVENT_DTLS_ERROR ? "DTLS error on the CoAP session"
                                                         : "the CoAP session closed";
        break;
      default:
        break;
    }
  }

  // Deregisters every Observe registration (GET with Observe: 1, same token); each one's
  // callback gets the answer to that, or DeadlineExceeded after a short wait.
  void CancelObservations() {
    for (auto& [token, entry] : pending) {
      if (!entry.observe || entry.cancelling || session == nullptr) {
        continue;
      }
      coap_binary_t binary{token.size(),
                           reinterpret_cast<uint8_t*>(const_cast<char*>(token.data()))};
      entry.cancelling = true;
      entry.answered = false;
      entry.deadline = Clock::now() + std::chrono::seconds(2);
      if (!coap_cancel_observe(session, &binary, COAP_MESSAGE_CON)) {
        entry.deadline = Clock::now();  // nothing was sent: end it at once
      }
    }
  }

  void ExpireDeadlines() {
    const Clock::time_point now = Clock::now();
    for (auto it = pending.begin(); it != pending.end();) {
      if (!it->second.answered && it->second.deadline <= now) {
        FinishSticky(it->second, false);
        ResponseCallback callback = std::move(it->second.callback);
        const bool cancelling = it->second.cancelling;
        it = pending.erase(it);
        if (!cancelling) {
          // A peer that lost the DTLS session (a restart) stays silent; a new session heals that.
          session_dead = session != nullptr;
          session_failure = "a request timed out";
        }
        callback(absl::DeadlineExceededError("no answer from the CoAP server in time"));
      } else {
        ++it;
      }
    }
  }

  absl::Status Setup() {
    context = coap_new_context(nullptr);
    if (context == nullptr) {
      return absl::InternalError("cannot create a libcoap context");
    }
    coap_context_set_block_mode(context, COAP_BLOCK_USE_LIBCOAP);
    coap_register_response_handler(
        context,
        [](coap_session_t* s, const coap_pdu_t*, const coap_pdu_t* received,
           const coap_mid_t) -> coap_response_t {
          Impl* self = From(s);
          return self == nullptr ? COAP_RESPONSE_FAIL : self->OnResponse(received);
        });
    coap_register_nack_handler(context, [](coap_session_t* s, const coap_pdu_t* sent,
                                           const coap_nack_reason_t reason, const coap_mid_t) {
      if (Impl* self = From(s)) {
        self->OnNack(sent, reason);
      }
    });
    coap_register_event_handler(context, [](coap_session_t* s, const coap_event_t event) {
      if (Impl* self = From(s)) {
        self->OnEvent(event);
      }
      return 0;
    });
    return absl::OkStatus();
  }

  void Run(std::promise<absl::Status>& started) {
    absl::Status setup = Setup();
    const int coap_fd = context == nullptr ? -1 : coap_context_get_coap_fd(context);
    const int epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (setup.ok() && (coap_fd < 0 || epoll_fd < 0)) {
      setup = absl::InternalError("libcoap has no epoll fd");
    }
    if (setup.ok()) {
      epoll_event event{};
      event.events = EPOLLIN;
      event.data.fd = coap_fd;
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, coap_fd, &event);
      event.data.fd = wake_fd;
      epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &event);
    }
    started.set_value(setup);
    while (setup.ok()) {
      coap_tick_t now;
      coap_ticks(&now);
      const unsigned next_ms = coap_io_prepare_epoll(context, now);
      const int wait_ms = (next_ms == 0 || next_ms > 100) ? 100 : static_cast<int>(next_ms);
      epoll_event events[8];
      const int count = epoll_wait(epoll_fd, events, 8, wait_ms);
      for (int i = 0; i < count; ++i) {
        if (events[i].data.fd == coap_fd) {
          coap_io_process(context, COAP_IO_NO_WAIT);
        } else {
          uint64_t ignored = 0;
          [[maybe_unused]] const ssize_t n = read(wake_fd, &ignored, sizeof(ignored));
        }
      }
      std::deque<Submission> batch;
      bool cancel = false;
      {
        std::lock_guard lock(mu);
        if (stopping) {
          break;
        }
        batch.swap(queue);
        std::swap(cancel, cancel_observations);
      }
      if (cancel) {
        CancelObservations();
      }
      CloseDeadSession();
      for (Submission& submission : batch) {
        StartRequest(std::move(submission));
      }
      ExpireDeadlines();
    }
    FailAll(absl::CancelledError("the CoAP client stopped"));
    {
      std::lock_guard lock(mu);
      for (Submission& submission : queue) {
        submission.callback(absl::CancelledError("the CoAP client stopped"));
      }
      queue.clear();
    }
    if (session != nullptr) {
      coap_session_set_app_data(session, nullptr);
      coap_session_release(session);
      session = nullptr;
    }
    if (context != nullptr) {
      coap_free_context(context);
      context = nullptr;
    }
    if (epoll_fd >= 0) {
      close(epoll_fd);
    }
  }

  void Wake() const {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(wake_fd, &one, sizeof(one));
  }
};

absl::StatusOr<std::unique_ptr<LibcoapClient>> LibcoapClient::Start(LibcoapClientOptions options) {
  StartLibcoapOnce();
  auto impl = std::make_unique<Impl>(std::move(options));
  if (absl::Status status = impl->Resolve(); !status.ok()) {
    return status;
  }
  impl->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (impl->wake_fd < 0) {
    return absl::InternalError("cannot create an eventfd");
  }
  if (impl->options.trace) {
    std::lock_guard lock(g_trace_mu);
    g_trace = impl->options.trace;
    coap_set_log_level(LOG_DEBUG);
  }
  std::promise<absl::Status> started;
  std::future<absl::Status> started_future = started.get_future();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw, &started] { raw->Run(started); });
  absl::Status status = started_future.get();
  if (!status.ok()) {
    impl->thread.join();
    close(impl->wake_fd);
    return status;
  }
  return std::unique_ptr<LibcoapClient>(new LibcoapClient(std::move(impl)));
}

LibcoapClient::LibcoapClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LibcoapClient::~LibcoapClient() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->Wake();
  impl_->thread.join();
  close(impl_->wake_fd);
  if (impl_->options.trace) {
    std::lock_guard lock(g_trace_mu);
    g_trace = nullptr;
    coap_set_log_level(LOG_WARNING);
  }
}

void LibcoapClient::Send(CoapRequest request, ResponseCallback callback) {
  bool stopped = false;
  {
    std::lock_guard lock(impl_->mu);
    stopped = impl_->stopping;
    if (!stopped) {
      impl_->queue.push_back(Submission{std::move(request), std::move(callback)});
    }
  }
  if (stopped) {
    callback(absl::CancelledError("the CoAP client stopped"));
    return;
  }
  impl_->Wake();
}

void LibcoapClient::CancelObservations() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->cancel_observations = true;
  }
  impl_->Wake();
}

int LibcoapClient::sessions_opened() const { return impl_->sessions_opened.load(); }

}  // namespace mxedge::coap_cli
