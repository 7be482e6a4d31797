#include "support/test_coap_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <coap3/coap.h>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/coap_code.hpp"

namespace mxedge::coap_cli::testing {
namespace {

absl::StatusOr<std::uint16_t> FreeUdpPort() {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    return absl::InternalError("socket() failed");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return absl::InternalError("cannot find a free UDP port");
  }
  close(fd);
  return ntohs(address.sin_port);
}

coap_address_t Loopback(std::uint16_t port) {
  coap_address_t address;
  coap_address_init(&address);
  address.addr.sin.sin_family = AF_INET;
  address.addr.sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.addr.sin.sin_port = htons(port);
  address.size = sizeof(address.addr.sin);
  return address;
}

std::string OptionText(const coap_opt_t* option) {
  return std::string(reinterpret_cast<const char*>(coap_opt_value(option)),
                     coap_opt_length(option));
}

void ReleaseString(coap_session_t*, void* app_ptr) { delete static_cast<std::string*>(app_ptr); }

void AnswerCbor(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
                coap_pdu_t* response, int http_status, const nlohmann::json& body,
                int max_age = -1) {
  const msc3079::CoapCode code = msc3079::HttpStatusToCoap(http_status);
  coap_pdu_set_code(response, static_cast<coap_pdu_code_t>(code.raw()));
  auto* bytes = new std::string(*msc3079::EncodeCbor(body));
  coap_add_data_large_response(resource, session, request, response, nullptr, 60, max_age, 0,
                               bytes->size(), reinterpret_cast<const uint8_t*>(bytes->data()),
                               ReleaseString, bytes);
}

}  // namespace

namespace {
// libcoap 4.3.1 has no context user data: the event handler finds the server here.
TestCoapServer::Impl* g_server = nullptr;
}  // namespace

struct TestCoapServer::Impl {
  TestCoapServerOptions options;
  coap_context_t* context = nullptr;
  coap_resource_t* sync_resource = nullptr;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<int> notify_requests{0};
  std::atomic<int> requests{0};
  std::atomic<int> sessions_closed{0};
  std::atomic<int> deregistrations{0};
  int notifications = 0;  // loop thread

  mutable std::mutex mu;
  nlohmann::json last_echo;                       // guarded by mu
  std::map<coap_session_t*, std::string> sticky;  // loop thread

  static Impl* From(coap_resource_t* resource) {
    return static_cast<Impl*>(coap_resource_get_userdata(resource));
  }

  void HandleUnknown(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
                     coap_pdu_t* response) {
    requests.fetch_add(1);
    nlohmann::json path = nlohmann::json::array();
    nlohmann::json query = nlohmann::json::array();
    nlohmann::json token_option = nullptr;
    std::optional<uint32_t> content_format;
    coap_opt_iterator_t iterator;
    coap_option_iterator_init(request, &iterator, COAP_OPT_ALL);
    while (const coap_opt_t* option = coap_option_next(&iterator)) {
      switch (iterator.number) {
        case COAP_OPTION_URI_PATH:
          path.push_back(OptionText(option));
          break;
        case COAP_OPTION_URI_QUERY:
          query.push_back(OptionText(option));
          break;
        case COAP_OPTION_CONTENT_FORMAT:
          content_format = coap_decode_var_bytes(coap_opt_value(option), coap_opt_length(option));
          break;
        case 256:
          token_option = OptionText(option);
          break;
        default:
          break;
      }
    }
    if (token_option.is_string()) {
      sticky[session] = token_option.get<std::string>();
    }
    const std::string effective = sticky.count(session) ? sticky[session] : "";

    if (path.size() == 2 && path[0] == "status") {
      const int status = std::stoi(path[1].get<std::string>());
      AnswerCbor(resource, session, request, response, status,
                 {{"errcode", status == 429 ? "M_LIMIT_EXCEEDED" : "M_UNKNOWN"},
                  {"error", common::Cat("status ", status)}},
                 2);
      return;
    }
    if (path.size() == 1 && path[0] == "empty404") {
      coap_pdu_set_code(response, COAP_RESPONSE_CODE_NOT_FOUND);
      return;
    }
    if (path.size() == 2 && path[0] == "big") {
      const size_t bytes = std::stoul(path[1].get<std::string>());
      AnswerCbor(resource, session, request, response, 200, {{"big", std::string(bytes, 'x')}});
      return;
    }

    nlohmann::json echo;
    echo["method"] = static_cast<int>(coap_pdu_get_code(request));
    echo["path"] = path;
    echo["query"] = query;
    echo["token_option"] = token_option;
    echo["token"] = effective;
    echo["content_format"] =
        content_format.has_value() ? nlohmann::json(*content_format) : nlohmann::json(nullptr);
    size_t length = 0;
    const uint8_t* data = nullptr;
    size_t offset = 0;
    size_t total = 0;
    echo["body"] = nullptr;
    echo["body_bytes"] = 0;
    if (coap_get_data_large(request, &length, &data, &offset, &total) && length > 0) {
      echo["body_bytes"] = length;
      absl::StatusOr<nlohmann::json> body =
          msc3079::DecodeCbor(std::string_view(reinterpret_cast<const char*>(data), length));
      echo["body"] = body.ok() ? *body : nlohmann::json("<not cbor>");
    }
    if (path == nlohmann::json::array({"1"})) {
      // Login (path code 1) answers carry the homeserver's discovery information.
      echo["well_known"] = {{"m.homeserver", {{"base_url", "https://hs.example.org"}}}};
    }
    {
      std::lock_guard lock(mu);
      last_echo = echo;
    }
    AnswerCbor(resource, session, request, response, 200, echo);
  }

  void HandleSync(coap_resource_t* resource, coap_session_t* session, const coap_pdu_t* request,
                  coap_pdu_t* response) {
    requests.fetch_add(1);
    coap_opt_iterator_t iterator;
    if (const coap_opt_t* observe = coap_check_option(request, COAP_OPTION_OBSERVE, &iterator);
        observe != nullptr &&
        coap_decode_var_bytes(coap_opt_value(observe), coap_opt_length(observe)) ==
            COAP_OBSERVE_CANCEL) {
      deregistrations.fetch_add(1);
    }
    AnswerCbor(resource, session, request, response, 200, {{"n", notifications}});
  }

  absl::Status Setup() {
    context = coap_new_context(nullptr);
    if (context == nullptr) {
      return absl::InternalError("coap_new_context failed");
    }
    coap_context_set_block_mode(context, COAP_BLOCK_USE_LIBCOAP | COAP_BLOCK_SINGLE_BODY);
    if (options.session_timeout_seconds > 0) {
      coap_context_set_session_timeout(context, options.session_timeout_seconds);
    }
    coap_dtls_spsk_t psk{};
    psk.version = COAP_DTLS_SPSK_SETUP_VERSION;
    psk.psk_info.key.s = reinterpret_cast<const uint8_t*>(options.psk_key.data());
    psk.psk_info.key.length = options.psk_key.size();
    if (!coap_context_set_psk2(context, &psk)) {
      return absl::InternalError("coap_context_set_psk2 failed");
    }
    if (!options.certificate_file.empty()) {
      coap_dtls_pki_t pki{};
      pki.version = COAP_DTLS_PKI_SETUP_VERSION;
      pki.pki_key.key_type = COAP_PKI_KEY_PEM;
      pki.pki_key.key.pem.public_cert = options.certificate_file.c_str();
      pki.pki_key.key.pem.private_key = options.private_key_file.c_str();
      if (!coap_context_set_pki(context, &pki)) {
        return absl::InternalError("coap_context_set_pki failed");
      }
    }
    for (int attempt = 0; attempt < 10; ++attempt) {
      if (options.udp_port == 0 || attempt > 0) {
        absl::StatusOr<std::uint16_t> udp = FreeUdpPort();
        absl::StatusOr<std::uint16_t> dtls = FreeUdpPort();
        if (!udp.ok() || !dtls.ok() || *udp == *dtls) {
          continue;
        }
        options.udp_port = *udp;
        options.dtls_port = *dtls;
      }
      coap_address_t udp_address = Loopback(options.udp_port);
      coap_address_t dtls_address = Loopback(options.dtls_port);
      coap_endpoint_t* udp = coap_new_endpoint(context, &udp_address, COAP_PROTO_UDP);
      coap_endpoint_t* dtls =
          udp == nullptr ? nullptr : coap_new_endpoint(context, &dtls_address, COAP_PROTO_DTLS);
      if (udp != nullptr && dtls != nullptr) {
        break;
      }
      if (udp != nullptr) {
        coap_free_endpoint(udp);
      }
      options.udp_port = 0;
    }
    if (options.udp_port == 0) {
      return absl::InternalError("cannot bind the test CoAP server");
    }

    coap_resource_t* unknown = coap_resource_unknown_init2(
        [](coap_resource_t* r, coap_session_t* s, const coap_pdu_t* request, const coap_string_t*,
           coap_pdu_t* response) { From(r)->HandleUnknown(r, s, request, response); },
        0);
    for (coap_request_t method : {COAP_REQUEST_POST, COAP_REQUEST_DELETE}) {
      coap_register_request_handler(
          unknown, method,
          [](coap_resource_t* r, coap_session_t* s, const coap_pdu_t* request, const coap_string_t*,
             coap_pdu_t* response) { From(r)->HandleUnknown(r, s, request, response); });
    }
    coap_register_request_handler(
        unknown, COAP_REQUEST_GET,
        [](coap_resource_t* r, coap_session_t* s, const coap_pdu_t* request, const coap_string_t*,
           coap_pdu_t* response) { From(r)->HandleUnknown(r, s, request, response); });
    coap_resource_set_userdata(unknown, this);
    coap_add_resource(context, unknown);

    sync_resource = coap_resource_init(coap_make_str_const("7"), 0);
    coap_register_request_handler(
        sync_resource, COAP_REQUEST_GET,
        [](coap_resource_t* r, coap_session_t* s, const coap_pdu_t* request, const coap_string_t*,
           coap_pdu_t* response) { From(r)->HandleSync(r, s, request, response); });
    coap_resource_set_get_observable(sync_resource, 1);
    coap_resource_set_userdata(sync_resource, this);
    coap_add_resource(context, sync_resource);
    g_server = this;
    coap_register_event_handler(context, [](coap_session_t* session, const coap_event_t event) {
      if (event == COAP_EVENT_SERVER_SESSION_DEL && g_server != nullptr) {
        g_server->sticky.erase(session);  // the pointer may be reused by a new session
        g_server->sessions_closed.fetch_add(1);
      }
      return 0;
    });
    return absl::OkStatus();
  }

  void Run(std::promise<absl::Status>& started) {
    absl::Status status = Setup();
    started.set_value(status);
    while (status.ok() && !stopping.load()) {
      coap_io_process(context, 20);
      while (notify_requests.load() > 0) {
        notify_requests.fetch_sub(1);
        ++notifications;
        coap_resource_notify_observers(sync_resource, nullptr);
      }
    }
    if (context != nullptr) {
      coap_free_context(context);
    }
    g_server = nullptr;
  }
};

absl::StatusOr<std::unique_ptr<TestCoapServer>> TestCoapServer::Start(
    TestCoapServerOptions options) {
  static std::once_flag once;
  std::call_once(once, [] {
    coap_startup();
    coap_set_log_level(LOG_WARNING);
  });
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  std::promise<absl::Status> started;
  std::future<absl::Status> result = started.get_future();
  Impl* raw = impl.get();
  impl->thread = std::thread([raw, &started] { raw->Run(started); });
  absl::Status status = result.get();
  if (!status.ok()) {
    impl->thread.join();
    return status;
  }
  return std::unique_ptr<TestCoapServer>(new TestCoapServer(std::move(impl)));
}

TestCoapServer::TestCoapServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TestCoapServer::~TestCoapServer() {
  impl_->stopping.store(true);
  impl_->thread.join();
}

std::uint16_t TestCoapServer::udp_port() const { return impl_->options.udp_port; }
std::uint16_t TestCoapServer::dtls_port() const { return impl_->options.dtls_port; }
int TestCoapServer::requests() const { return impl_->requests.load(); }

nlohmann::json TestCoapServer::last_echo() const {
  std::lock_guard lock(impl_->mu);
  return impl_->last_echo;
}

void TestCoapServer::Notify() { impl_->notify_requests.fetch_add(1); }

int TestCoapServer::deregistrations() const { return impl_->deregistrations.load(); }

int TestCoapServer::sessions_closed() const { return impl_->sessions_closed.load(); }

}  // namespace mxedge::coap_cli::testing
