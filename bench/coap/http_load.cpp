#include "http_load.hpp"

#include <curl/curl.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/msc3079/path_codes.hpp"

namespace mxedge::coap_bench {
namespace {

size_t DiscardBody(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

}  // namespace

HttpLoadResult RunHttpLoad(const std::string& base_url, const std::string& room,
                           const std::string& access_token, int clients,
                           std::chrono::seconds duration) {
  HttpLoadResult result;
  std::mutex mutex;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + duration;
  const std::string prefix =
      absl::StrCat(base_url, "/_matrix/client/r0/rooms/", msc3079::EscapePathSegment(room),
                   "/send/m.room.message/");
  const std::string body = R"({"msgtype":"m.text","body":"Hello World"})";
  const std::string authorization = absl::StrCat("Authorization: Bearer ", access_token);
  std::vector<std::thread> threads;
  for (int client = 0; client < clients; ++client) {
    threads.emplace_back([&, client] {
      LatencyRecorder local;
      std::uint64_t errors = 0;
      CURL* curl = curl_easy_init();
      curl_slist* headers = nullptr;
      headers = curl_slist_append(headers, authorization.c_str());
      headers = curl_slist_append(headers, "Content-Type: application/json");
      headers = curl_slist_append(headers, "Connection: keep-alive");
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
      curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
      curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10'000L);
      for (std::uint64_t i = 0; std::chrono::steady_clock::now() < end; ++i) {
        const std::string url = absl::StrCat(prefix, "c", client, "-", i);
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        const auto sent = std::chrono::steady_clock::now();
        CURLcode code = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        const auto now = std::chrono::steady_clock::now();
        if (code == CURLE_OK && status == 200) {
          local.Record(now - start, now - sent);
        } else {
          ++errors;
        }
      }
      curl_easy_cleanup(curl);
      curl_slist_free_all(headers);
      std::lock_guard lock(mutex);
      result.latencies.Merge(local);
      result.errors += errors;
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  return result;
}

}  // namespace mxedge::coap_bench
