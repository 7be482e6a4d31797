#include "ident_server.hpp"

#include <utility>

#include "asio/read_until.hpp"
#include "asio/steady_timer.hpp"
#include "asio/streambuf.hpp"
#include "asio/write.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// host:port → endpoint; the host must be an IP address.
absl::StatusOr<asio::ip::tcp::endpoint> ParseListen(std::string_view listen) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(Cat("ident.listen: ", listen, " is not host:port"));
  }
  std::string host(listen.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string_view port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5) {
    return absl::InvalidArgumentError(Cat("ident.listen: bad port in ", listen));
  }
  int port = 0;
  for (char ch : port_text) {
    if (ch < '0' || ch > '9') {
      return absl::InvalidArgumentError(Cat("ident.listen: bad port in ", listen));
    }
    port = port * 10 + (ch - '0');
  }
  if (port > 65535) {
    return absl::InvalidArgumentError(Cat("ident.listen: bad port in ", listen));
  }
  asio::error_code ec;
  asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) {
    return absl::InvalidArgumentError(Cat("ident.listen: ", host, " is not an IP address"));
  }
  return asio::ip::tcp::endpoint(address, static_cast<std::uint16_t>(port));
}

}  // namespace

// One client: read one line (bounded), answer, close. Lives while an operation holds it.
class IdentServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(IdentServer& server, asio::ip::tcp::socket socket)
      : server_(server),
        socket_(std::move(socket)),
        timer_(server.io_),
        buffer_(kMaxIdentQueryBytes) {}

  void Start() {
    timer_.expires_after(server_.options_.timeout);
    timer_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
      if (!ec) {
        self->Finish(Result::kTimeout);
      }
    });
    asio::async_read_until(socket_, buffer_, '\n',
                           [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
                             self->OnLine(ec, n);
                           });
  }

 private:
  void OnLine(const asio::error_code& ec, std::size_t n) {
    if (done_) {
      return;
    }
    IdentQuery query;
    std::string reply;
    Result result = Result::kInvalid;
    // A query ends at LF, or at the end of the stream for a client that sent no LF.
    const bool unterminated = ec == asio::error::eof && buffer_.size() > 0;
    if (ec && !unterminated) {
      if (ec != asio::error::not_found) {  // the client went away before a query
        Finish(Result::kInvalid);
        return;
      }
      reply = FormatIdentErrorReply(query, "INVALID-PORT");  // a line over the limit
    } else {
      const std::size_t length = unterminated ? buffer_.size() : n;
      std::string line(asio::buffers_begin(buffer_.data()),
                       asio::buffers_begin(buffer_.data()) + static_cast<std::ptrdiff_t>(length));
      absl::StatusOr<IdentQuery> parsed = ParseIdentQuery(line);
      if (!parsed.ok()) {
        common::LogDebug("ident query refused", {{"error", parsed.status().ToString()}});
        reply = FormatIdentErrorReply(query, "INVALID-PORT");
      } else {
        query = *parsed;
        absl::StatusOr<std::optional<std::string>> user = server_.lookup_(query);
        if (!user.ok()) {
          common::LogWarn("ident lookup failed", {{"error", user.status().ToString()}});
          reply = FormatIdentErrorReply(query, "UNKNOWN-ERROR");
          result = Result::kError;
        } else if (!user->has_value() || !IsIdentUser(**user)) {
          reply = FormatIdentErrorReply(query, "NO-USER");
          result = Result::kNoUser;
        } else {
          reply = FormatIdentUserReply(query, **user);
          result = Result::kUser;
        }
      }
    }
    reply_ = std::move(reply);
    asio::async_write(socket_, asio::buffer(reply_),
                      [self = shared_from_this(), result](const asio::error_code&, std::size_t) {
                        self->Finish(result);
                      });
  }

  void Finish(Result result) {
    if (done_) {
      return;
    }
    done_ = true;
    --server_.active_;
    server_.Count(result);  // before the close the client sees
    asio::error_code ignored;
    timer_.cancel();
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  IdentServer& server_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  asio::streambuf buffer_;
  std::string reply_;
  bool done_ = false;
};

IdentServer::IdentServer(IdentServerOptions options, Lookup lookup,
                         common::MetricsRegistry* metrics)
    : options_(std::move(options)), lookup_(std::move(lookup)), acceptor_(io_) {
  if (metrics != nullptr) {
    auto& family = metrics->AddCounterFamily("mxedge_irc_worker_ident_queries_total",
                                             "RFC 1413 queries answered, by result.", {"result"});
    const char* names[] = {"user", "no_user", "invalid", "error", "timeout", "refused"};
    for (int i = 0; i < 6; ++i) {
      results_[i] = &family.WithLabels({names[i]});
    }
  }
}

absl::StatusOr<std::unique_ptr<IdentServer>> IdentServer::Start(IdentServerOptions options,
                                                                Lookup lookup,
                                                                common::MetricsRegistry* metrics) {
  if (options.max_concurrent < 1) {
    return absl::InvalidArgumentError("ident.max_concurrent: must be at least 1");
  }
  absl::StatusOr<asio::ip::tcp::endpoint> endpoint = ParseListen(options.listen);
  if (!endpoint.ok()) {
    return endpoint.status();
  }
  std::unique_ptr<IdentServer> server(
      new IdentServer(std::move(options), std::move(lookup), metrics));
  asio::error_code ec;
  server->acceptor_.open(endpoint->protocol(), ec);
  if (!ec) {
    server->acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
  }
  if (!ec) {
    server->acceptor_.bind(*endpoint, ec);
  }
  if (!ec) {
    server->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return absl::UnavailableError(
        Cat("ident.listen: cannot listen on ", server->options_.listen, ": ", ec.message()));
  }
  server->port_ = server->acceptor_.local_endpoint().port();
  server->Accept();
  server->thread_ = std::thread([s = server.get()] { s->io_.run(); });
  return server;
}

IdentServer::~IdentServer() { Stop(); }

void IdentServer::Stop() {
  if (stopped_.exchange(true)) {
    return;
  }
  asio::post(io_, [this] {
    asio::error_code ignored;
    acceptor_.close(ignored);
  });
  io_.stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void IdentServer::Accept() {
  acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
      return;
    }
    if (!ec) {
      if (active_ >= options_.max_concurrent) {
        Count(Result::kRefused);  // before the close the client sees
        asio::error_code ignored;
        socket.close(ignored);
      } else {
        ++active_;
        std::make_shared<Session>(*this, std::move(socket))->Start();
      }
    }
    Accept();
  });
}

void IdentServer::Count(Result result) {
  if (common::Counter* counter = results_[static_cast<int>(result)]) {
    counter->Increment();
  }
}

}  // namespace mxedge::irc_worker
