#include "request_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <ostream>
#include <thread>

#include "body_source.hpp"
#include "libcoap_client.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/content_format.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

using msc3079::ContentFormat;

// Answers, errors and the interrupt, in arrival order, for the main thread.
class EventQueue {
 public:
  struct Event {
    std::optional<absl::StatusOr<CoapResponse>> answer;  // nullopt: interrupted
  };

  void Push(Event event) {
    {
      std::lock_guard lock(mu_);
      events_.push_back(std::move(event));
    }
    cv_.notify_one();
  }

  Event Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !events_.empty(); });
    Event event = std::move(events_.front());
    events_.pop_front();
    return event;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> events_;
};

std::string CodeLine(const CoapResponse& response, size_t body_bytes) {
  std::string line = common::Cat(response.code.ToString());
  if (response.observe.has_value()) {
    line += common::Cat(" observe=", *response.observe);
  }
  if (response.max_age.has_value()) {
    line += common::Cat(" max-age=", *response.max_age);
  }
  line += common::Cat(" (", body_bytes, " bytes)\n");
  return line;
}

// Prints one answer; returns its exit status.
int Print(const absl::StatusOr<CoapResponse>& answer, bool compact, std::ostream& out,
          std::ostream& err) {
  if (!answer.ok()) {
    err << "mxedge-coap: " << answer.status().message() << "\n";
    return 1;
  }
  err << CodeLine(*answer, answer->body.size());
  absl::StatusOr<std::string> body = RenderBody(*answer);
  if (!body.ok()) {
    err << "mxedge-coap: " << body.status().message() << "\n";
    return 1;
  }
  if (compact && !body->empty()) {
    // One notification per line, so a consumer can read them as they come.
    try {
      *body = nlohmann::json::parse(*body).dump();
    } catch (const nlohmann::json::exception&) {
      // Not JSON: printed as it came.
    }
  }
  out << *body;
  if (!body->empty() && body->back() != '\n') {
    out << "\n";
  }
  out.flush();
  err.flush();
  return ExitStatusFor(*answer);
}

}  // namespace

absl::StatusOr<CoapRequest> BuildCoapRequest(const RequestOptions& options, const CoapUrl& url,
                                             std::istream& standard_input) {
  CoapRequest request;
  absl::StatusOr<CoapMethod> method = ParseCoapMethod(options.method);
  if (!method.ok()) {
    return method.status();
  }
  request.method = *method;
  request.path = url.path;
  request.query = url.query;
  request.access_token = options.token;
  request.observe = options.observe;
  if (options.accept_json) {
    request.accept = static_cast<std::uint16_t>(ContentFormat::kJson);
  }
  if (options.data.has_value()) {
    absl::StatusOr<nlohmann::json> json = LoadJsonBody(*options.data, standard_input);
    if (!json.ok()) {
      return json.status();
    }
    absl::StatusOr<std::string> cbor = msc3079::EncodeCbor(*json);
    if (!cbor.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("the body cannot be encoded as CBOR: ", cbor.status().message()));
    }
    request.body = *std::move(cbor);
    request.content_format = static_cast<std::uint16_t>(ContentFormat::kCbor);
  }
  return request;
}

absl::StatusOr<std::string> RenderBody(const CoapResponse& response) {
  if (response.body.empty()) {
    return std::string();
  }
  const std::optional<std::uint16_t> format = response.content_format;
  const bool labelled_cbor = format == static_cast<std::uint16_t>(ContentFormat::kCbor);
  if (labelled_cbor || !format.has_value()) {
    absl::StatusOr<nlohmann::json> json = msc3079::DecodeCbor(response.body);
    if (json.ok()) {
      return common::Cat(json->dump(2), "\n");
    }
    if (labelled_cbor) {
      return absl::InvalidArgumentError(
          common::Cat("the answer is not valid CBOR: ", json.status().message()));
    }
  }
  return response.body;
}

int ExitStatusFor(const CoapResponse& response) {
  switch (response.code.code_class()) {
    case 2:
      return 0;
    case 4:
      return 4;
    case 5:
      return 5;
    default:
      return 1;
  }
}

int RunRequest(const RequestOptions& options, std::istream& standard_input, std::ostream& out,
               std::ostream& err) {
  absl::StatusOr<CoapUrl> url = ParseCoapUrl(options.url);
  if (!url.ok()) {
    err << "mxedge-coap: " << url.status().message() << "\n";
    return 2;
  }
  const bool dtls_flags =
      options.dtls.UsesPsk() || !options.dtls.ca_file.empty() || options.dtls.insecure;
  if (dtls_flags && !url->secure) {
    err << "mxedge-coap: --psk, --ca and --insecure need a coaps:// URL\n";
    return 2;
  }
  absl::StatusOr<CoapRequest> request = BuildCoapRequest(options, *url, standard_input);
  if (!request.ok()) {
    err << "mxedge-coap: " << request.status().message() << "\n";
    return 2;
  }

  // Observe runs until SIGINT/SIGTERM: block them in every thread and wait for them on one.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR2);  // ends the signal thread
  if (options.observe) {
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  }

  std::mutex trace_mu;
  LibcoapClientOptions client_options;
  client_options.host = url->host;
  client_options.port = url->port;
  client_options.secure = url->secure;
  client_options.dtls = options.dtls;
  client_options.request_timeout = options.timeout;
  if (options.verbose) {
    client_options.trace = [&err, &trace_mu](std::string_view line) {
      std::lock_guard lock(trace_mu);
      err << line << "\n";
      err.flush();
    };
  }
  absl::StatusOr<std::unique_ptr<LibcoapClient>> client =
      LibcoapClient::Start(std::move(client_options));
  if (!client.ok()) {
    err << "mxedge-coap: " << client.status().message() << "\n";
    return 1;
  }

  EventQueue events;
  std::thread signal_thread;
  if (options.observe) {
    signal_thread = std::thread([&signals, &events] {
      int received = 0;
      sigwait(&signals, &received);
      if (received != SIGUSR2) {
        events.Push(EventQueue::Event{});
      }
    });
  }
  (*client)->Send(*std::move(request), [&events](absl::StatusOr<CoapResponse> answer) {
    events.Push(EventQueue::Event{std::move(answer)});
  });

  int status = 0;
  for (;;) {
    EventQueue::Event event = events.Pop();
    if (!event.answer.has_value()) {
      // Interrupted while observing: deregister, and wait for that answer (or its 2 s limit).
      (*client)->CancelObservations();
      for (;;) {
        EventQueue::Event last = events.Pop();
        if (last.answer.has_value() &&
            (!last.answer->ok() || !(*last.answer)->observe.has_value())) {
          break;
        }
      }
      status = 0;
      break;
    }
    const bool notification = event.answer->ok() && (*event.answer)->observe.has_value();
    {
      std::lock_guard lock(trace_mu);
      status = Print(*event.answer, options.observe, out, err);
    }
    if (!options.observe || !notification) {
      break;
    }
  }
  client->reset();
  if (signal_thread.joinable()) {
    pthread_kill(signal_thread.native_handle(), SIGUSR2);
    signal_thread.join();
  }
  return status;
}

}  // namespace mxedge::coap_cli
