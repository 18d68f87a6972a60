// The only translation unit that includes Boost.Beast. One Session per TCP connection reads the request
// head, picks the body limit for that route, reads the body, posts the request to the worker pool and
// writes the response back on the connection's own executor.
#include "web/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace cw::web {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  ServerOptions opts;
  RequestHandler handler;
  BodyLimit body_limit;
  ErrorRenderer errors;
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  asio::thread_pool workers;
  std::atomic<int> connections{0};
  std::mutex per_address_mutex;
  std::map<std::string, int> per_address;  // open connections by peer address (not the unlimited ones)
  std::atomic<int> busy{0};
  std::atomic<bool> stopping{false};
  std::mutex idle_mutex;
  std::set<std::shared_ptr<class Session>> idle_sessions;  // waiting for a next request

  Impl(ServerOptions o, RequestHandler h, BodyLimit b, ErrorRenderer e)
      : opts(std::move(o)),
        handler(std::move(h)),
        body_limit(std::move(b)),
        errors(std::move(e)),
        ioc(std::max(1, opts.io_threads)),
        workers(static_cast<std::size_t>(std::max(1, opts.worker_threads))) {}

  void accept();
  bool make_room();
  void begin_stop();
  void wait_for_drain(std::shared_ptr<asio::steady_timer> timer,
                      std::chrono::steady_clock::time_point deadline);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    server_.connections.fetch_add(1);
    beast::error_code ignored;
    auto ep = stream_.socket().remote_endpoint(ignored);
    if (ignored) return;
    peer_ = ep.address().to_string();
    const auto& unlimited = server_.opts.unlimited_addresses;
    if (std::find(unlimited.begin(), unlimited.end(), peer_) != unlimited.end()) return;
    std::lock_guard lock(server_.per_address_mutex);
    from_address_ = ++server_.per_address[peer_];
  }
  ~Session() {
    server_.connections.fetch_sub(1);
    if (from_address_ == 0) return;
    std::lock_guard lock(server_.per_address_mutex);
    if (--server_.per_address[peer_] <= 0) server_.per_address.erase(peer_);
  }
  // How many connections its address had open when it arrived, itself included (0: not counted).
  int from_address() const { return from_address_; }

  void reject_from_address() {
    send_error(503, "too_many_connections",
               "Too many connections from your network at once. Close some pages and try again.", false);
  }

  void start() { read_head(server_.opts.header_timeout); }

  void reject_busy() {
    send_error(503, "server_busy", "The server is busy. Please try again in a moment.", false);
  }

  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.socket().close();
    });
  }

 private:
  void read_head(std::chrono::seconds timeout) {
    idle_ = true;
    remember_idle(true);
    head_.emplace();
    head_->header_limit(static_cast<std::uint32_t>(server_.opts.header_limit));
    head_->body_limit(boost::none);
    stream_.expires_after(timeout);
    http::async_read_header(
        stream_, buffer_, *head_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void remember_idle(bool idle) {
    std::lock_guard lock(server_.idle_mutex);
    if (idle) {
      idle_since_ = std::chrono::steady_clock::now();
      server_.idle_sessions.insert(shared_from_this());
    } else {
      server_.idle_sessions.erase(shared_from_this());
    }
  }

 public:
  // Guarded by the server's idle_mutex, like its membership of idle_sessions.
  std::chrono::steady_clock::time_point idle_since() const { return idle_since_; }

 private:
  void on_head(beast::error_code ec) {
    idle_ = false;
    remember_idle(false);
    if (ec) return on_read_error(ec);
    if (server_.stopping.load()) keep_alive_allowed_ = false;
    const auto& h = head_->get();
    std::string target(h.target());
    std::size_t limit = server_.body_limit(method_from(std::string(h.method_string())), target,
                                           std::string(h[http::field::cookie]));
    if (auto len = head_->content_length(); len && *len > limit)
      return send_error(413, "body_too_large", too_large_message(limit), wants_json(h));
    body_.emplace(std::move(*head_));
    body_->body_limit(limit);
    limit_ = limit;
    stream_.expires_after(server_.opts.body_timeout);
    http::async_read(stream_, buffer_, *body_,
                     [self = shared_from_this()](beast::error_code e, std::size_t) { self->on_body(e); });
  }

  static std::string too_large_message(std::size_t limit) {
    return "The request is too large. The limit here is " + std::to_string(limit / 1024) + " KiB.";
  }

  template <typename Header>
  static bool wants_json(const Header& h) {
    auto accept = std::string(h[http::field::accept]);
    return std::string_view(h.target()).starts_with("/api/") ||
           (accept.find("application/json") != std::string::npos &&
            accept.find("text/html") == std::string::npos);
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
      return close();
    // beast::tcp_stream has already closed the socket on a timeout, so there is no one to send a 408 to:
    // a slow or idle client is simply disconnected.
    if (ec == beast::error::timeout) return close();
    if (ec == http::error::header_limit)
      return send_error(431, "headers_too_large", "The request headers are too large (limit 8 KiB).", false);
    if (ec == http::error::body_limit)
      return send_error(413, "body_too_large", too_large_message(limit_), false);
    send_error(400, "bad_request", "The request could not be understood: " + ec.message() + ".", false);
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    auto& msg = body_->get();
    keep_alive_ = msg.keep_alive() && keep_alive_allowed_;
    head_request_ = msg.method() == http::verb::head;
    Headers headers;
    for (const auto& f : msg) headers.emplace(std::string(f.name_string()), std::string(f.value()));
    auto raw =
        std::make_shared<RawRequest>(RawRequest{std::string(msg.method_string()), std::string(msg.target()),
                                                std::move(headers), std::move(msg.body()), peer_});
    body_.reset();
    server_.busy.fetch_add(1);
    asio::post(server_.workers, [self = shared_from_this(), raw] {
      Response res = self->run_handler(*raw);
      self->server_.busy.fetch_sub(1);
      asio::post(self->stream_.get_executor(),
                 [self, res = std::move(res)]() mutable { self->write(std::move(res)); });
    });
  }

  struct RawRequest {
    std::string method, target;
    Headers headers;
    std::string body, remote;
  };

  Response run_handler(RawRequest& raw) {
    try {
      Request req =
          build_request(raw.method, raw.target, std::move(raw.headers), std::move(raw.body), raw.remote);
      return server_.handler(req);
    } catch (const HttpError& e) {
      return server_.errors(e.status, e.code, e.what(), raw.target.starts_with("/api/"));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "{\"level\":\"error\",\"route\":\"unparsed\",\"error\":\"%s\"}\n",
                   json_escape(e.what()).c_str());
      return server_.errors(500, "internal_error", "Something went wrong on our side.",
                            raw.target.starts_with("/api/"));
    }
  }

  void send_error(int status, const std::string& code, const std::string& message, bool json) {
    keep_alive_ = false;
    head_request_ = false;
    write(server_.errors(status, code, message, json));
  }

  void write(Response res) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->result(static_cast<unsigned>(res.status));
    out->version(11);
    for (const auto& [k, v] : res.headers) out->insert(k, v);
    out->keep_alive(keep_alive_);
    out->content_length(res.body.size());
    if (!head_request_) out->body() = std::move(res.body);
    stream_.expires_after(server_.opts.body_timeout);
    http::async_write(stream_, *out, [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
      self->on_write(ec);
    });
  }

  void on_write(beast::error_code ec) {
    if (ec || !keep_alive_ || server_.stopping.load()) return close();
    read_head(server_.opts.idle_timeout);
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_{16 * 1024};
  std::optional<http::request_parser<http::empty_body>> head_;
  std::optional<http::request_parser<http::string_body>> body_;
  std::size_t limit_ = 0;
  bool keep_alive_ = false;
  bool keep_alive_allowed_ = true;
  bool head_request_ = false;
  std::atomic<bool> idle_{false};
  std::string peer_;      // the client's address, read once when it connects ("" if it was already gone)
  int from_address_ = 0;  // counted in per_address when > 0
  std::chrono::steady_clock::time_point idle_since_;
};

void Server::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping.load() && ec != asio::error::operation_aborted) accept();
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    if (session->from_address() > opts.max_connections_per_address)
      session->reject_from_address();
    else if (connections.load() > opts.max_connections && !make_room())
      session->reject_busy();
    else
      session->start();
    if (!stopping.load()) accept();
  });
}

// At the cap, the connection that has waited longest for a request head (an idle keep-alive, a
// silent client, a slowloris trickling its headers) gives way to the new one, so that many idle or slow
// connections cannot lock everyone else out; only when every connection is busy with a request is the
// new one turned away. A browser whose idle keep-alive connection closes simply opens another.
bool Server::Impl::make_room() {
  std::shared_ptr<Session> oldest;
  {
    std::lock_guard lock(idle_mutex);
    for (const auto& s : idle_sessions)
      if (!oldest || s->idle_since() < oldest->idle_since()) oldest = s;
    if (oldest) idle_sessions.erase(oldest);
  }
  if (oldest) oldest->close_if_idle();
  return oldest != nullptr;
}

void Server::Impl::begin_stop() {
  if (stopping.exchange(true)) return;
  beast::error_code ignored;
  acceptor.close(ignored);
  {
    std::lock_guard lock(idle_mutex);
    for (const auto& s : idle_sessions) s->close_if_idle();
  }
  auto timer = std::make_shared<asio::steady_timer>(ioc);
  wait_for_drain(timer, std::chrono::steady_clock::now() + opts.drain_timeout);
}

void Server::Impl::wait_for_drain(std::shared_ptr<asio::steady_timer> timer,
                                  std::chrono::steady_clock::time_point deadline) {
  if ((connections.load() == 0 && busy.load() == 0) || std::chrono::steady_clock::now() >= deadline) {
    ioc.stop();
    return;
  }
  {
    // A connection that went idle after its last response is closed rather than waited for.
    std::lock_guard lock(idle_mutex);
    for (const auto& s : idle_sessions) s->close_if_idle();
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait([this, timer, deadline](beast::error_code) { wait_for_drain(timer, deadline); });
}

Server::Server(ServerOptions options, RequestHandler handler, BodyLimit body_limit, ErrorRenderer errors)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(body_limit),
                                   std::move(errors))) {}

Server::~Server() {
  impl_->ioc.stop();
  impl_->workers.join();
  std::lock_guard lock(impl_->idle_mutex);
  impl_->idle_sessions.clear();
}

void Server::listen() {
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->opts.host, ec);
  if (ec) throw std::runtime_error("not an IP address: " + impl_->opts.host);
  tcp::endpoint ep{address, impl_->opts.port};
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->opts.host + ":" + std::to_string(impl_->opts.port) +
                             ": " + ec.message());
}

std::uint16_t Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
  asio::signal_set signals(impl_->ioc);
  if (handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) impl_->begin_stop();
    });
  }
  impl_->accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->opts.io_threads; ++i) extra.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : extra) t.join();
  impl_->workers.join();
  std::lock_guard lock(impl_->idle_mutex);
  impl_->idle_sessions.clear();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_stop(); });
}

ServerStats Server::stats() const {
  return {impl_->connections.load(), impl_->busy.load(), impl_->opts.worker_threads};
}

}  // namespace cw::web
