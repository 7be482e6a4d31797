#pragma once
// Test wiring shared by the unit tests: a FakeHttpClient behind the real guard, with a resolver
// that maps every test host to one public address.
#include <string>
#include <utility>

#include "mxedge/http/fake_http_client.hpp"
#include "mxedge/indieweb/guarded_http_client.hpp"

namespace mxedge::indieweb::testing {

struct FakeWeb {
  FakeWeb() : guard(resolver), client(fake, guard) {
    for (const char* host : {"me.example", "www.me.example", "auth.example", "other.example",
                             "mp.example", "media.example", "client.example"}) {
      resolver.Set(host, {*IpAddress::Parse("93.184.216.34")});
    }
    resolver.Set("internal.example", {*IpAddress::Parse("10.1.1.1")});
  }
  FakeResolver resolver;
  UrlGuard guard;
  http::FakeHttpClient fake;
  GuardedHttpClient client;
};

inline http::Response Html(std::string body) {
  http::Response r;
  r.status = 200;
  r.headers.emplace("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}

inline http::Response WithHeader(http::Response r, std::string name, std::string value) {
  r.headers.emplace(std::move(name), std::move(value));
  return r;
}

inline http::Response Status(int status, std::string location = "") {
  http::Response r;
  r.status = status;
  if (!location.empty()) r.headers.emplace("Location", std::move(location));
  return r;
}

}  // namespace mxedge::indieweb::testing
