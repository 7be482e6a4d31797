// Bytes on the wire for one "Hello World" PUT /_matrix/client/r0/rooms/<room>/send/
// m.room.message/<txn> with its answer: CoAP+CBOR through coap-gateway → appservice-router →
// FakeHomeserver (counted by a UDP relay in front of the gateway), and HTTP/1.1+JSON over TLS 1.3
// with libcurl to the same FakeHomeserver (counted by a TLS-terminating relay). Prints Markdown
// tables. Flags starting with --benchmark_ (from `./dev bench`) are ignored.
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench_stack.hpp"
#include "coap_load_client.hpp"
#include "mxedge/msc3079/path_codes.hpp"
#include "tls_relay.hpp"
#include "udp_relay.hpp"

namespace mxedge::coap_bench {
namespace {

using std::chrono::milliseconds;

// lb (matrix-org/lb), measured on loopback with the same request: IP bytes.
constexpr double kLbNew = 1699;
constexpr double kLbHandshake = 1393;
constexpr double kLbWarm = 277;
constexpr double kLbHttp11Tls13 = 2862;

struct CoapRun {
  UdpTotals first;   // handshake + first request (option 256) + answer
  UdpTotals second;  // a later request on the same session, option 256 left out + answer
  std::vector<long> first_datagrams;
  std::vector<long> second_datagrams;
};

absl::Status Expect2xx(const std::vector<CoapCompletion>& done) {
  if (done.size() != 1 || done[0].code_class != 2) {
    return absl::InternalError(absl::StrCat("the send was not answered 2.xx (class ",
                                            done.empty() ? -1 : done[0].code_class, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CoapRun> MeasureCoap(coap_e2e::CoapStack& stack, Link link,
                                    const std::string& room) {
  std::uint16_t port = link == Link::kPlain ? stack.plain_port() : stack.dtls_port();
  absl::StatusOr<std::unique_ptr<UdpRelay>> relay = UdpRelay::Start(port);
  if (!relay.ok()) {
    return relay.status();
  }
  absl::StatusOr<std::unique_ptr<CoapLoadClient>> client =
      CoapLoadClient::Create(stack.access_token(), coap_e2e::kPskIdentity, coap_e2e::kPskKey);
  if (!client.ok()) {
    return client.status();
  }
  absl::StatusOr<size_t> session = (*client)->Open(link, (*relay)->port());
  if (!session.ok()) {
    return session.status();
  }
  CoapRun run;
  for (int round = 0; round < 2; ++round) {
    // Opening a DTLS session already sends its ClientHello: the first exchange counts from the
    // relay's start.
    UdpTotals before = round == 0 ? UdpTotals{} : (*relay)->totals();
    size_t datagrams_before = round == 0 ? 0 : (*relay)->datagrams().size();
    // Plain CoAP has no sticky tokens: every request carries option 256 there.
    const bool with_token = round == 0 || link == Link::kPlain;
    if (absl::Status s = (*client)->SendHelloWorld(*session, room, with_token); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::vector<CoapCompletion>> done = (*client)->Drain(milliseconds(10'000));
    if (!done.ok()) {
      return done.status();
    }
    if (absl::Status s = Expect2xx(*done); !s.ok()) {
      return s;
    }
    UdpTotals delta = (*relay)->totals() - before;
    std::vector<long> all = (*relay)->datagrams();
    std::vector<long> sizes(all.begin() + static_cast<long>(datagrams_before), all.end());
    (round == 0 ? run.first : run.second) = delta;
    (round == 0 ? run.first_datagrams : run.second_datagrams) = std::move(sizes);
  }
  return run;
}

size_t DiscardBody(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

// `requests` sends over one new HTTPS connection; the relay's totals for it.
absl::StatusOr<TlsConnectionTotals> MeasureHttps(coap_e2e::CoapStack& stack, TlsRelay& relay,
                                                 const std::string& room, int requests,
                                                 size_t connections_before) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    return absl::InternalError("curl_easy_init failed");
  }
  const std::string body = R"({"msgtype":"m.text","body":"Hello World"})";
  curl_slist* headers = nullptr;
  const std::string authorization = absl::StrCat("Authorization: Bearer ", stack.access_token());
  headers = curl_slist_append(headers, authorization.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/json");
  // Pistache keeps a connection only when asked (a real homeserver keeps it by default).
  headers = curl_slist_append(headers, "Connection: keep-alive");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
  absl::Status failure;
  for (int i = 0; i < requests && failure.ok(); ++i) {
    const std::string url = absl::StrCat(
        "https://127.0.0.1:", relay.port(), "/_matrix/client/r0/rooms/",
        msc3079::EscapePathSegment(room), "/send/m.room.message/h", connections_before, "-", i);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status != 200) {
      failure = absl::InternalError(
          absl::StrCat("https send failed: ", curl_easy_strerror(code), " status ", status));
    }
  }
  curl_easy_cleanup(curl);  // close_notify + FIN
  curl_slist_free_all(headers);
  if (!failure.ok()) {
    return failure;
  }
  absl::StatusOr<std::vector<TlsConnectionTotals>> closed =
      relay.WaitForConnections(connections_before + 1, milliseconds(10'000));
  if (!closed.ok()) {
    return closed.status();
  }
  return closed->back();
}

std::string Ratio(double ours, double theirs) { return absl::StrFormat("%.2f", ours / theirs); }

std::string Sequence(const std::vector<long>& sizes) {
  return absl::StrJoin(sizes, " ", [](std::string* out, long size) {
    absl::StrAppend(out, size > 0 ? "→" : "←", size > 0 ? size : -size);
  });
}

int Run() {
  absl::StatusOr<std::unique_ptr<coap_e2e::CoapStack>> stack =
      coap_e2e::CoapStack::Start(coap_e2e::CoapStackOptions());
  if (!stack.ok()) {
    std::fprintf(stderr, "cannot start the stack: %s\n", stack.status().ToString().c_str());
    return 1;
  }
  const std::string room = (*stack)->CreateRoom();
  std::printf("## CoAP+CBOR through coap-gateway (client: in-process libcoap 4.3.1)\n\n");
  std::printf(
      "| scenario | datagrams | IP bytes | vs lb | datagram sizes (UDP payload, → to gateway) |\n");
  std::printf("|---|---|---|---|---|\n");
  for (Link link : {Link::kDtlsPki, Link::kDtlsPsk, Link::kPlain}) {
    absl::StatusOr<CoapRun> run = MeasureCoap(**stack, link, room);
    if (!run.ok()) {
      std::fprintf(stderr, "%s: %s\n%s\n", LinkName(link), run.status().ToString().c_str(),
                   (*stack)->GatewayLogTail().c_str());
      return 1;
    }
    const UdpTotals& first = run->first;
    const UdpTotals& second = run->second;
    // The last two datagrams of the first exchange are the request and its piggybacked answer.
    std::uint64_t exchange = 0;
    if (first.Datagrams() >= 2 && run->first_datagrams.size() >= 2) {
      for (size_t i = run->first_datagrams.size() - 2; i < run->first_datagrams.size(); ++i) {
        long size = run->first_datagrams[i];
        exchange += static_cast<std::uint64_t>(size > 0 ? size : -size) + 28;
      }
    }
    const bool dtls = link != Link::kPlain;
    std::printf("| %s, new session | %llu | %llu | %s |%s |\n", LinkName(link),
                static_cast<unsigned long long>(first.Datagrams()),
                static_cast<unsigned long long>(first.IpBytes()),
                dtls ? Ratio(first.IpBytes(), kLbNew).c_str() : "",
                Sequence(run->first_datagrams).c_str());
    if (dtls) {
      std::printf("| %s, handshake alone | %llu | %llu | %s | |\n", LinkName(link),
                  static_cast<unsigned long long>(first.Datagrams() - 2),
                  static_cast<unsigned long long>(first.IpBytes() - exchange),
                  Ratio(first.IpBytes() - exchange, kLbHandshake).c_str());
    }
    std::printf("| %s, warm%s | %llu | %llu | %s | %s |\n", LinkName(link),
                dtls ? " (sticky token, no option 256)" : " (option 256 on every request)",
                static_cast<unsigned long long>(second.Datagrams()),
                static_cast<unsigned long long>(second.IpBytes()),
                dtls ? Ratio(second.IpBytes(), kLbWarm).c_str() : "",
                Sequence(run->second_datagrams).c_str());
  }

  const std::string base = (*stack)->homeserver().base_url();
  const auto homeserver_port =
      static_cast<std::uint16_t>(std::stoi(base.substr(base.rfind(':') + 1)));
  absl::StatusOr<std::unique_ptr<TlsRelay>> relay =
      TlsRelay::Start((*stack)->cert_file(), (*stack)->key_file(), homeserver_port);
  if (!relay.ok()) {
    std::fprintf(stderr, "%s\n", relay.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<TlsConnectionTotals> one = MeasureHttps(**stack, **relay, room, 1, 0);
  absl::StatusOr<TlsConnectionTotals> two =
      one.ok() ? MeasureHttps(**stack, **relay, room, 2, 1) : one;
  if (!two.ok()) {
    std::fprintf(stderr, "https: %s\n", two.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "\n## HTTP/1.1+JSON over %s (libcurl %s) to the same FakeHomeserver\n\n"
      "| scenario | TCP segments (in+out) | TLS bytes (from client / to client) | IP bytes | vs lb "
      "HTTP/1.1 |\n|---|---|---|---|---|\n",
      one->tls_version.c_str(), curl_version_info(CURLVERSION_NOW)->version);
  std::printf("| new connection, 1 request, close | %llu (%llu+%llu) | %llu / %llu | %llu | %s |\n",
              static_cast<unsigned long long>(one->Segments()),
              static_cast<unsigned long long>(one->segments_in),
              static_cast<unsigned long long>(one->segments_out),
              static_cast<unsigned long long>(one->bytes_from_client),
              static_cast<unsigned long long>(one->bytes_to_client),
              static_cast<unsigned long long>(one->IpBytes()),
              Ratio(one->IpBytes(), kLbHttp11Tls13).c_str());
  std::printf(
      "| warm: a 2nd request on the connection (difference) | %lld | %lld / %lld | %lld | |\n",
      static_cast<long long>(two->Segments() - one->Segments()),
      static_cast<long long>(two->bytes_from_client - one->bytes_from_client),
      static_cast<long long>(two->bytes_to_client - one->bytes_to_client),
      static_cast<long long>(two->IpBytes() - one->IpBytes()));
  std::printf("\nTCP timestamps: %s. lb: new %g (handshake %g), warm %g, HTTP/1.1+TLS 1.3 %g.\n",
              one->timestamps ? "on (52 header bytes per segment)" : "off (40)", kLbNew,
              kLbHandshake, kLbWarm, kLbHttp11Tls13);
  return 0;
}

}  // namespace
}  // namespace mxedge::coap_bench

int main(int /*argc*/, char** /*argv*/) {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = mxedge::coap_bench::Run();
  curl_global_cleanup();
  return rc;
}
