#include "mxedge/http/http_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/http_header.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/stream.h>
#include <sys/socket.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mxedge/common/log.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "route_table.hpp"
#include "string_view_compat.hpp"

namespace mxedge::http {
namespace {

namespace PHttp = Pistache::Http;

// Headers Pistache writes itself; a handler's copies would duplicate them.
bool IsFramingHeader(std::string_view name) {
  static const CaseInsensitiveLess less;
  auto eq = [](std::string_view a, std::string_view b) { return !less(a, b) && !less(b, a); };
  return eq(name, "Content-Length") || eq(name, "Connection") || eq(name, "Transfer-Encoding");
}

// A response header with a name chosen at run time (Pistache only writes typed headers).
class NamedHeader final : public PHttp::Header::Header {
 public:
  NamedHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  uint64_t hash() const override { return PHttp::Header::detail::hash(name_.c_str()); }
  void write(std::ostream& os) const override { os << value_; }

 private:
  std::string name_;
  std::string value_;
};

constexpr size_t kHeaderAllowance = 64 * 1024;

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  explicit Impl(HttpServerOptions o) : options(std::move(o)) {}

  void Dispatch(const PHttp::Request& prequest, PHttp::ResponseWriter writer);
  Responder MakeResponder(std::shared_ptr<PHttp::ResponseWriter> writer, std::string method,
                          std::string route, std::chrono::steady_clock::time_point start);
  void Finished();
  void WriteSettled(uint64_t id);
  // Forgets writes whose connection is gone (Pistache may never settle those). Needs `mu`.
  void DropOrphanedWritesLocked();

  HttpServerOptions options;
  internal::RouteTable routes;
  Handler fallback;
  MethodNotAllowedHandler not_allowed;
  RequestObserver observer;
  std::unique_ptr<PHttp::Endpoint> endpoint;
  uint16_t port = 0;
  std::atomic<bool> draining{false};

  std::mutex mu;
  std::condition_variable cv;
  size_t in_flight = 0;  // requests not answered yet + answers not yet written
  uint64_t next_write_id = 0;
  std::map<uint64_t, std::weak_ptr<Pistache::Tcp::Peer>> pending_writes;
  bool started = false;
  bool stopped = false;
  // Shared while a response is written, exclusive while Pistache is stopped: a late answer
  // never touches a transport that is going away.
  std::shared_mutex send_mu;
};

namespace {

// Per-connection bookkeeping kept on the Pistache peer.
struct ConnectionState {
  bool continue_sent = false;  // `100 Continue` already written for the current request
  bool rejected = false;       // answered with an error and half-closed: ignore further input
};
constexpr char kConnectionKey[] = "mxedge.connection";

class PistacheHandler final : public PHttp::Handler {
 public:
  HTTP_PROTOTYPE(PistacheHandler)

  explicit PistacheHandler(HttpServer::Impl* impl) : impl_(impl) {}

  // Replaces Pistache's own input loop (same parser) to add three things it lacks: an answer to
  // `Expect: 100-continue`, a 413 as soon as the headers announce a body over the limit, and a
  // half-close after any framing error so the rest of a rejected body is never parsed as requests.
  void onInput(const char* buffer, size_t len,
               const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto conn = std::static_pointer_cast<ConnectionState>(peer->tryGetData(kConnectionKey));
    if (!conn) {
      conn = std::make_shared<ConnectionState>();
      peer->putData(kConnectionKey, conn);
    }
    if (conn->rejected) {
      return;
    }
    auto parser = getParser(peer);
    PHttp::Request& request = parser->request;
    try {
      if (!parser->feed(buffer, len)) {
        return Reject(peer, *conn, request.version(), 413, "request over the size limit");
      }
      if (parser->parse() != PHttp::Private::State::Done) {
        if (parser->step()->id() == PHttp::Private::BodyStep::Id) {
          OnHeaders(peer, *conn, request);
        }
        return;
      }
      PHttp::ResponseWriter writer(request.version(), transport(), this, peer);
      request.copyAddress(peer->address());
      const auto connection = request.headers().tryGet<PHttp::Header::Connection>();
      // Pistache answers `Connection: Close` when an HTTP/1.1 request has no Connection header,
      // although persistence is HTTP/1.1's default: clients then open a connection per request.
      // While draining, every answer closes its connection so clients reconnect elsewhere.
      if (impl_->draining.load()) {
        writer.headers().add<PHttp::Header::Connection>(PHttp::ConnectionControl::Close);
      } else if (connection) {
        writer.headers().add<PHttp::Header::Connection>(connection->control());
      } else if (request.version() == PHttp::Version::Http11) {
        writer.headers().add<PHttp::Header::Connection>(PHttp::ConnectionControl::KeepAlive);
      } else {
        writer.headers().add<PHttp::Header::Connection>(PHttp::ConnectionControl::Close);
      }
      peer->setIdle(false);
      conn->continue_sent = false;
      impl_->Dispatch(request, std::move(writer));
      parser->reset();
    } catch (const PHttp::HttpError& e) {
      Reject(peer, *conn, request.version(), e.code(), e.reason());
    } catch (const std::exception& e) {
      Reject(peer, *conn, request.version(), 400, e.what());
    }
  }

  // Pistache calls this only from its own input loop, which onInput() replaces; kept complete
  // so the handler stays correct if that ever changes.
  void onRequest(const PHttp::Request& request, PHttp::ResponseWriter writer) override {
    impl_->Dispatch(request, std::move(writer));
  }

 private:
  // The headers are complete and the body is still arriving.
  void OnHeaders(const std::shared_ptr<Pistache::Tcp::Peer>& peer, ConnectionState& conn,
                 const PHttp::Request& request) {
    const auto length = request.headers().tryGet<PHttp::Header::ContentLength>();
    if (length && length->value() > impl_->options.max_body_bytes) {
      return Reject(peer, conn, request.version(), 413,
                    absl::StrCat("request body over ", impl_->options.max_body_bytes, " bytes"));
    }
    const auto expect = request.headers().tryGetRaw("Expect");
    if (expect && !conn.continue_sent &&
        absl::EqualsIgnoreCase(internal::ToAbsl(expect->value()), "100-continue")) {
      conn.continue_sent = true;
      static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      peer->send(Pistache::RawBuffer(kContinue, sizeof(kContinue) - 1));
    }
  }

  // Answers `status` with `Connection: close`, then half-closes the connection once the answer
  // is written; input arriving meanwhile is dropped.
  void Reject(const std::shared_ptr<Pistache::Tcp::Peer>& peer, ConnectionState& conn,
              PHttp::Version version, int status, std::string message) {
    conn.rejected = true;
    common::LogDebug("http request rejected before routing",
                     {{"status", status}, {"error", message}});
    getParser(peer)->reset();
    PHttp::ResponseWriter writer(version, transport(), this, peer);
    writer.headers().add<PHttp::Header::Connection>(PHttp::ConnectionControl::Close);
    const std::string body =
        Response::MatrixError(status, status == 413 ? "M_TOO_LARGE" : "M_UNKNOWN", message).body;
    writer.headers().add(std::make_shared<NamedHeader>("Content-Type", "application/json"));
    writer.send(static_cast<PHttp::Code>(status), body)
        .then([peer](ssize_t) { ::shutdown(peer->fd(), SHUT_WR); },
              [peer](std::exception_ptr&) { ::shutdown(peer->fd(), SHUT_WR); });
  }

  HttpServer::Impl* impl_;
};

}  // namespace

void HttpServer::Impl::Finished() {
  std::lock_guard<std::mutex> lock(mu);
  --in_flight;
  cv.notify_all();
}

void HttpServer::Impl::WriteSettled(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu);
  if (pending_writes.erase(id) > 0) {
    --in_flight;
    cv.notify_all();
  }
}

void HttpServer::Impl::DropOrphanedWritesLocked() {
  for (auto it = pending_writes.begin(); it != pending_writes.end();) {
    if (it->second.expired()) {
      it = pending_writes.erase(it);
      --in_flight;
    } else {
      ++it;
    }
  }
}

Responder HttpServer::Impl::MakeResponder(std::shared_ptr<PHttp::ResponseWriter> writer,
                                          std::string method, std::string route,
                                          std::chrono::steady_clock::time_point start) {
  std::shared_ptr<Impl> self = shared_from_this();
  return Responder([self, writer, method = std::move(method), route = std::move(route),
                    start](Response response) {
    {
      std::shared_lock<std::shared_mutex> send_lock(self->send_mu);
      bool stopped;
      uint64_t write_id = 0;
      {
        std::lock_guard<std::mutex> lock(self->mu);
        stopped = self->stopped;
        if (!stopped) {
          write_id = ++self->next_write_id;
          self->pending_writes.emplace(write_id, writer->getPeer());
        }
      }
      if (stopped) {
        common::LogWarn("http answer dropped: server already shut down",
                        {{"method", method}, {"route", route}, {"status", response.status}});
        self->Finished();
        return;
      }
      if (response.body.size() > self->options.max_response_bytes) {
        // Pistache would refuse to write it and the client would wait for nothing.
        common::LogError("http answer over max_response_bytes replaced by 500",
                         {{"method", method},
                          {"route", route},
                          {"bytes", static_cast<int64_t>(response.body.size())}});
        response = Response::MatrixError(500, "M_UNKNOWN", "Response too large");
      }
      // Pistache keeps one header per name, so repeated fields (several `Link` headers) are
      // joined into one comma-separated field, as RFC 9110 §5.3 allows for list fields.
      for (auto it = response.headers.begin(); it != response.headers.end();) {
        const auto end = response.headers.upper_bound(it->first);
        std::string value = it->second;
        for (auto next = std::next(it); next != end; ++next) {
          value += ", " + next->second;
        }
        if (!IsFramingHeader(it->first)) {
          writer->headers().add(std::make_shared<NamedHeader>(it->first, value));
        }
        it = end;
      }
      // Pistache never closes a connection itself: after answering `Connection: Close` the
      // wrapper half-closes it, so clients that read until EOF (HTTP/1.0) see the end.
      const auto connection = writer->headers().tryGet<PHttp::Header::Connection>();
      std::shared_ptr<Pistache::Tcp::Peer> close_after;
      if (connection && connection->control() == PHttp::ConnectionControl::Close) {
        close_after = writer->getPeer();
      }
      writer->send(static_cast<PHttp::Code>(response.status), response.body)
          .then(
              [self, write_id, close_after](ssize_t) {
                if (close_after) {
                  ::shutdown(close_after->fd(), SHUT_WR);
                }
                self->WriteSettled(write_id);
              },
              [self, write_id](std::exception_ptr&) { self->WriteSettled(write_id); });
    }
    if (self->observer) {
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      self->observer(method, route, response.status, seconds);
    }
  });
}

void HttpServer::Impl::Dispatch(const PHttp::Request& prequest, PHttp::ResponseWriter writer) {
  const auto start = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu);
    ++in_flight;
  }
  auto shared_writer = std::make_shared<PHttp::ResponseWriter>(std::move(writer));
  Request request;
  request.method = PHttp::methodString(prequest.method());
  request.raw_path = prequest.resource();
  request.received_at = start;
  request.remote_address =
      absl::StrCat(prequest.address().host(), ":", prequest.address().port().toString());

  internal::RouteTable::Result match = routes.Find(request.method, request.raw_path);
  request.route = match.pattern;
  Responder responder = MakeResponder(shared_writer, request.method, request.route, start);

  auto reject = [&](int status, std::string_view errcode, std::string message) {
    common::LogDebug("http request rejected",
                     {{"method", request.method}, {"status", status}, {"error", message}});
    responder.Send(Response::MatrixError(status, errcode, message));
  };

  auto path = PercentDecode(request.raw_path);
  if (!path.ok()) {
    return reject(400, "M_INVALID_PARAM", absl::StrCat("path: ", path.status().message()));
  }
  request.path = std::move(*path);
  for (auto it = prequest.query().parameters_begin(); it != prequest.query().parameters_end();
       ++it) {
    auto key = PercentDecode(it->first, PlusMeaning::kSpace);
    auto value = PercentDecode(it->second, PlusMeaning::kSpace);
    if (!key.ok() || !value.ok()) {
      const absl::Status& bad = key.ok() ? value.status() : key.status();
      return reject(400, "M_INVALID_PARAM",
                    absl::StrCat("query parameter '", it->first, "': ", bad.message()));
    }
    request.query.emplace(std::move(*key), std::move(*value));
  }
  for (const auto& [name, raw] : prequest.headers().rawList()) {
    request.headers.emplace(raw.name(), raw.value());
  }
  for (const auto& [name, raw_value] : match.raw_params) {
    auto value = PercentDecode(raw_value);
    if (!value.ok()) {
      return reject(400, "M_INVALID_PARAM",
                    absl::StrCat("path parameter '", name, "': ", value.status().message()));
    }
    request.params.emplace(name, std::move(*value));
  }
  if (prequest.body().size() > options.max_body_bytes) {
    return reject(413, "M_TOO_LARGE",
                  absl::StrCat("request body over ", options.max_body_bytes, " bytes"));
  }
  request.body = prequest.body();

  try {
    switch (match.outcome) {
      case internal::RouteTable::Outcome::kMatched:
        (*match.handler)(request, responder);
        break;
      case internal::RouteTable::Outcome::kMethodNotAllowed:
        if (not_allowed) {
          not_allowed(request, match.allowed, responder);
        } else {
          Response r = Response::MatrixError(405, "M_UNRECOGNIZED", "Unrecognized request");
          std::sort(match.allowed.begin(), match.allowed.end());
          r.headers.emplace("Allow", absl::StrJoin(match.allowed, ", "));
          responder.Send(std::move(r));
        }
        break;
      case internal::RouteTable::Outcome::kNotFound:
        if (fallback) {
          fallback(request, responder);
        } else {
          responder.Send(Response::MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request"));
        }
        break;
    }
  } catch (const std::exception& e) {
    common::LogError("http handler threw",
                     {{"method", request.method}, {"route", request.route}, {"error", e.what()}});
    responder.Send(Response::MatrixError(500, "M_UNKNOWN", "Internal server error"));
  } catch (...) {
    common::LogError("http handler threw a non-exception",
                     {{"method", request.method}, {"route", request.route}});
    responder.Send(Response::MatrixError(500, "M_UNKNOWN", "Internal server error"));
  }
}

HttpServer::HttpServer(HttpServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(options))) {}

HttpServer::~HttpServer() { Shutdown(std::chrono::milliseconds(0)).IgnoreError(); }

void HttpServer::Route(std::string_view method, std::string_view pattern, Handler handler) {
  impl_->routes.Add(method, pattern, std::move(handler));
}

void HttpServer::SetFallback(Handler handler) { impl_->fallback = std::move(handler); }

void HttpServer::SetMethodNotAllowed(MethodNotAllowedHandler handler) {
  impl_->not_allowed = std::move(handler);
}

void HttpServer::SetObserver(RequestObserver observer) { impl_->observer = std::move(observer); }

absl::Status HttpServer::Start() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->started) {
    return absl::FailedPreconditionError("http server already started");
  }
  const HttpServerOptions& o = impl_->options;
  try {
    Pistache::Address address(o.bind_address, Pistache::Port(o.port));
    auto endpoint = std::make_unique<PHttp::Endpoint>(address);
    auto opts = PHttp::Endpoint::options()
                    .threads(std::max(1, o.threads))
                    .flags(Pistache::Tcp::Options::ReuseAddr)
                    .maxRequestSize(o.max_body_bytes + kHeaderAllowance)
                    .maxResponseSize(o.max_response_bytes + kHeaderAllowance)
                    .headerTimeout(o.header_timeout)
                    .bodyTimeout(o.body_timeout)
                    .keepaliveTimeout(o.idle_timeout);
    endpoint->init(opts);
    endpoint->setHandler(PHttp::make_handler<PistacheHandler>(impl_.get()));
    endpoint->serveThreaded();
    impl_->port = static_cast<uint16_t>(endpoint->getPort());
    impl_->endpoint = std::move(endpoint);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("http server on ", o.bind_address, ":", o.port, ": ", e.what()));
  }
  impl_->started = true;
  common::LogInfo("http server listening",
                  {{"address", o.bind_address}, {"port", static_cast<int64_t>(impl_->port)}});
  return absl::OkStatus();
}

uint16_t HttpServer::port() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->port;
}

std::string HttpServer::base_url() const {
  return absl::StrCat("http://", impl_->options.bind_address, ":", port());
}

void HttpServer::StartDrain() {
  if (!impl_->draining.exchange(true)) {
    common::LogInfo("http server draining", {{"in_flight", static_cast<int64_t>(in_flight())}});
  }
}

bool HttpServer::draining() const { return impl_->draining.load(); }

size_t HttpServer::in_flight() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->in_flight;
}

absl::Status HttpServer::Shutdown(std::chrono::milliseconds timeout) {
  impl_->draining.store(true);
  size_t left = 0;
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    if (!impl_->started || impl_->stopped) {
      return absl::OkStatus();
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      impl_->DropOrphanedWritesLocked();
      const auto now = std::chrono::steady_clock::now();
      if (impl_->in_flight == 0 || now >= deadline) {
        break;
      }
      // Woken by every settled request; the short period catches connections that vanished.
      impl_->cv.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(10)));
    }
    left = impl_->in_flight;
  }
  {
    // Waits for answers being written; later answers see `stopped` and are dropped. Not held
    // while the endpoint joins its threads: a handler answering on one of them would block on it.
    std::unique_lock<std::shared_mutex> send_lock(impl_->send_mu);
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopped = true;
  }
  impl_->endpoint->shutdown();
  // Destroyed here, on the caller's thread: a late answer may hold the last reference to
  // Impl on a Pistache thread, and an Endpoint destroyed there would join itself.
  impl_->endpoint.reset();
  common::LogInfo("http server stopped", {{"port", static_cast<int64_t>(impl_->port)},
                                          {"abandoned", static_cast<int64_t>(left)}});
  if (left > 0) {
    return absl::DeadlineExceededError(
        absl::StrCat("http server shut down with ", left, " request(s) still in flight"));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::http
