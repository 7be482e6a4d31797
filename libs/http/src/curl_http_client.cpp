#include "mxedge/http/curl_http_client.hpp"

#include <curl/curl.h>

#include <array>
#include <atomic>
#include <mutex>
#include <random>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "mxedge/common/log.hpp"
#include "string_view_compat.hpp"

namespace mxedge::http {
namespace {

std::once_flag g_curl_init;

// The URL without its query: queries may carry access tokens, which never reach logs or errors.
absl::string_view RedactedUrl(std::string_view url) {
  return internal::ToAbsl(url.substr(0, url.find('?')));
}

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x", rng());
}

struct Transfer {
  size_t max_body = 0;
  bool too_large = false;
  Response response;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (absl::StartsWith(internal::ToAbsl(line), "HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return n;
  }
  t->response.headers.emplace(
      std::string(absl::StripAsciiWhitespace(internal::ToAbsl(line.substr(0, colon)))),
      std::string(absl::StripAsciiWhitespace(internal::ToAbsl(line.substr(colon + 1)))));
  return n;
}

absl::Status MapCurlError(CURLcode code, const Transfer& t, const ClientRequest& request,
                          const char* detail) {
  const std::string context = absl::StrCat(request.method, " ", RedactedUrl(request.url), ": ",
                                           detail[0] != '\0' ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(context);
    case CURLE_FILESIZE_EXCEEDED:
      return absl::ResourceExhaustedError(context);
    case CURLE_WRITE_ERROR:
      if (t.too_large) {
        return absl::ResourceExhaustedError(
            absl::StrCat(request.method, " ", RedactedUrl(request.url), ": response body over ",
                         t.max_body, " bytes"));
      }
      return absl::InternalError(context);
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return absl::UnavailableError(context);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::InvalidArgumentError(context);
    default:
      return absl::InternalError(context);
  }
}

}  // namespace

struct CurlHttpClient::Impl {
  explicit Impl(CurlHttpClientOptions o) : options(std::move(o)) {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Impl::Lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Impl::Unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  }
  ~Impl() {
    for (CURL* handle : idle) {
      curl_easy_cleanup(handle);
    }
    curl_share_cleanup(share);
  }

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->locks[static_cast<size_t>(data) % kLocks].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->locks[static_cast<size_t>(data) % kLocks].unlock();
  }

  CURL* Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        curl_easy_reset(handle);
        return handle;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    std::lock_guard<std::mutex> lock(pool_mu);
    if (idle.size() < options.max_idle_handles) {
      idle.push_back(handle);
      return;
    }
    curl_easy_cleanup(handle);
  }

  static constexpr size_t kLocks = CURL_LOCK_DATA_LAST + 1;
  CurlHttpClientOptions options;
  CURLSH* share = nullptr;
  std::array<std::mutex, kLocks> locks;
  std::mutex pool_mu;
  std::vector<CURL*> idle;
  std::atomic<size_t> connections{0};
};

CurlHttpClient::CurlHttpClient(CurlHttpClientOptions options) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_ = std::make_unique<Impl>(std::move(options));
}

CurlHttpClient::~CurlHttpClient() = default;

size_t CurlHttpClient::connections_opened() const { return impl_->connections.load(); }

absl::StatusOr<Response> CurlHttpClient::Send(const ClientRequest& request) {
  const std::string method = absl::AsciiStrToUpper(request.method);
  if (method.empty() || method.find_first_of(" \r\n") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("invalid HTTP method '", request.method, "'"));
  }
  CURL* curl = impl_->Acquire();
  if (curl == nullptr) {
    return absl::InternalError("curl_easy_init failed");
  }
  const CurlHttpClientOptions& o = impl_->options;
  Transfer transfer;
  transfer.max_body = o.max_response_bytes;
  if (request.max_response_bytes > 0 && request.max_response_bytes < transfer.max_body) {
    transfer.max_body = request.max_response_bytes;
  }
  char error[CURL_ERROR_SIZE] = {0};

  curl_slist* headers = nullptr;
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    headers = curl_slist_append(headers, absl::StrCat(name, ": ", value).c_str());
    has_content_type = has_content_type || absl::EqualsIgnoreCase(name, "Content-Type");
  }
  // Pistache never answers `Expect: 100-continue`: without this curl stalls 1 s per large body.
  headers = curl_slist_append(headers, "Expect:");
  if (!has_content_type) {
    headers = curl_slist_append(headers, "Content-Type:");  // no form-urlencoded default
  }
  if (!o.request_id_header.empty() && !FindHeader(request.headers, o.request_id_header)) {
    headers =
        curl_slist_append(headers, absl::StrCat(o.request_id_header, ": ", NewRequestId()).c_str());
  }

  const auto timeout = request.timeout.count() > 0 ? request.timeout : o.default_timeout;
  curl_easy_setopt(curl, CURLOPT_SHARE, impl_->share);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, o.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.max_body));
  // "::ADDRESS:" pins every host and port of this call to the vetted address.
  curl_slist* connect_to = nullptr;
  if (!request.connect_address.empty()) {
    const bool v6 = request.connect_address.find(':') != std::string::npos;
    connect_to = curl_slist_append(connect_to,
                                   v6 ? absl::StrCat("::[", request.connect_address, "]:").c_str()
                                      : absl::StrCat("::", request.connect_address, ":").c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
    // A proxy from the environment would make its own connection, around the pinned address.
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  impl_->connections += static_cast<size_t>(connects);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(curl, CURLOPT_CONNECT_TO, nullptr);
  curl_slist_free_all(headers);
  curl_slist_free_all(connect_to);
  impl_->Release(curl);

  if (code != CURLE_OK) {
    absl::Status status_out = MapCurlError(code, transfer, request, error);
    common::LogDebug("http call failed", {{"method", method},
                                          {"url", internal::ToStd(RedactedUrl(request.url))},
                                          {"error", std::string(status_out.message())}});
    return status_out;
  }
  transfer.response.status = static_cast<int>(status);
  return std::move(transfer.response);
}

}  // namespace mxedge::http
