#include "services/lintasd/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "adapters/config/key_ring_loader.h"
#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/audit_mac.h"
#include "adapters/crypto/os_random.h"
#include "adapters/grpc/caller_identity.h"
#include "adapters/redis/audit_log.h"
#include "adapters/redis/case_listing_index.h"
#include "adapters/redis/event_store.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/referral_index.h"
#include "adapters/sync/thread_name.h"
#include "core/intake/case_intake.h"
#include "core/util/string_view.h"
#include "services/common/audit_trail.h"
#include "services/common/conversation_reader.h"
#include "services/conversation/conversation_service.h"
#include "services/feeds/case_watch_feed.h"
#include "services/feeds/feeds.h"
#include "services/feeds/notification_service.h"
#include "services/intake/intake_service.h"
#include "services/lintasd/key_check_gate.h"
#include "services/lintasd/notify_runner.h"
#include "services/lintasd/portal_runner.h"
#include "services/lintasd/routing_runner.h"
#include "services/lintasd/webhook_runner.h"
#include "services/lintasd/worker_identity.h"
#include "services/referral/referral_service.h"
#include "services/referral/triage_service.h"
#include "services/status/case_status_service.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {
namespace {

class SystemClock final : public core::Clock {
 public:
  core::Timestamp Now() const override { return std::chrono::system_clock::now(); }
};

constexpr auto kHealthProbeInterval = std::chrono::milliseconds(500);

grpcx::CallerAuthenticator::Options AuthOptions(const config::ServerConfig& server,
                                                const core::Clock& clock) {
  grpcx::CallerAuthenticator::Options options;
  if (server.tls) {
    options.mode = grpcx::CallerAuthenticator::Mode::kMutualTls;
    options.trust_domain = server.tls->trust_domain;
    options.revoked_certificates = server.tls->revoked_certificates;
  } else {
    options.mode = grpcx::CallerAuthenticator::Mode::kDevHeader;
  }
  options.rate_limit = {static_cast<double>(server.rate_limit.requests_per_second),
                        static_cast<double>(server.rate_limit.burst)};
  options.clock = &clock;
  return options;
}

// The file's content, or FAILED_PRECONDITION naming the config key. Never logs the content.
absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(AsAbsl(key), ": cannot read '", path, "': ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::FailedPreconditionError(
        absl::StrCat(AsAbsl(key), ": '", path, "' holds no PEM block"));
  }
  return text.str();
}

// Mutual TLS: a client certificate is required and must chain to the configured CA. gRPC does
// the verification (expiry included) during the handshake; CallerAuthenticator then maps the
// certificate's SPIFFE ID to an agency.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const config::ServerConfig& server) {
  if (!server.tls) return grpc::InsecureServerCredentials();
  auto ca = ReadPem(server.tls->ca_file, "server.tls.ca_file");
  if (!ca.ok()) return ca.status();
  auto cert = ReadPem(server.tls->cert_file, "server.tls.cert_file");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(server.tls->key_file, "server.tls.key_file");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = *std::move(ca);
  options.pem_key_cert_pairs.push_back({*std::move(key), *std::move(cert)});
  return grpc::SslServerCredentials(options);
}

}  // namespace

// Everything the services use, owned in one place and destroyed after the gRPC server.
struct Server::Wiring {
  Wiring(const config::LintasdConfig& config, crypto::KeyRing ring, redis::RedisAddress address)
      : config(config),
        ring(std::move(ring)),
        cipher(this->ring),
        hasher(this->ring),
        redis(std::move(address),
              redis::PipelineOptions{config.redis.connections,
                                     std::chrono::milliseconds(config.redis.connect_timeout_ms),
                                     std::chrono::milliseconds(config.redis.command_timeout_ms)}),
        audit_mac(this->ring),
        audit_log(redis, redis::KeyLayout(config.redis.key_prefix), audit_mac.key_id(),
                  audit_mac.Function()),
        audit(audit_log, clock),
        store(redis, redis::KeyLayout(config.redis.key_prefix), cipher, hasher, random,
              "/lintas/intake"),
        auth(this->config.agencies, AuthOptions(this->config.server, clock)),
        intake(core::CaseIntake::Deps{this->config.regions, config.intake.limits,
                                      config.redis.partitions, store, clock, random}),
        intake_service(auth, intake, audit),
        referral_store(redis, redis::KeyLayout(config.redis.key_prefix), cipher, hasher, random,
                       "/lintas/referral"),
        index(redis, redis::KeyLayout(config.redis.key_prefix)),
        views(services::CaseViews::Deps{redis, redis::KeyLayout(config.redis.key_prefix),
                                        referral_store, cipher, index, hasher}),
        case_index(redis, redis::KeyLayout(config.redis.key_prefix), config.redis.partitions),
        case_lister(case_index, referral_store),
        conversation_store(redis, redis::KeyLayout(config.redis.key_prefix), cipher, hasher, random,
                           "/lintas/conversation"),
        conversation_reader(redis, redis::KeyLayout(config.redis.key_prefix), cipher) {}

  const config::LintasdConfig config;
  crypto::KeyRing ring;
  crypto::AesGcmFieldCipher cipher;
  crypto::HmacKeyedHasher hasher;
  crypto::OsRandom random;
  SystemClock clock;
  redis::PipelinedClient redis;
  crypto::AuditMac audit_mac;
  redis::AuditLog audit_log;  // its writer thread stops after the gRPC server (Shutdown flushes)
  services::AuditTrail audit;
  redis::RedisCaseStore store;
  grpcx::CallerAuthenticator auth;
  core::CaseIntake intake;
  intake::IntakeService intake_service;
  redis::RedisCaseStore referral_store;  // its events say source "/lintas/referral"
  redis::ReferralIndex index;
  services::CaseViews views;  // how a case looks to each agency
  redis::RedisCaseListingIndex case_index;
  status::CaseLister case_lister;
  // The conversation with portal reporters: its events say source "/lintas/conversation".
  redis::RedisCaseStore conversation_store;
  services::ConversationReader conversation_reader;
  // Made only when this process serves them (the listing runs threads of its own).
  std::unique_ptr<referral::ReferralService> referral_service;
  std::unique_ptr<referral::TriageService> triage_service;
  std::unique_ptr<status::CaseStatusService> status_service;
  std::unique_ptr<conversation::ConversationService> conversation_service;
  // The feeds, when served: the inbox, the shared hub and render threads, the services.
  std::unique_ptr<redis::Inbox> inbox;
  std::unique_ptr<feeds::Feeds> feeds;
  std::unique_ptr<feeds::NotificationService> notification_service;
  std::unique_ptr<feeds::CaseWatchFeed> case_watch;
};

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const config::LintasdConfig& config, ServiceSet services,
    const std::optional<config::PortalConfig>& portal_config) {
  if (config.server.insecure_dev_identity &&
      !config::IsLoopbackListenAddress(config.server.listen)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "server.listen: '", config.server.listen,
        "' is not a loopback address, and server.insecure_dev_identity trusts a header that "
        "anyone can send; it is allowed on loopback only"));
  }
  if (config.server.insecure_dev_identity == config.server.tls.has_value()) {
    return absl::FailedPreconditionError(
        "server: configure exactly one of server.tls (mutual TLS) and "
        "server.insecure_dev_identity (development, loopback only)");
  }
  auto credentials = Credentials(config.server);
  if (!credentials.ok()) return credentials.status();
  auto ring = config::LoadKeyRing(config.crypto);
  if (!ring.ok()) return ring.status();
  auto address = redis::RedisAddress::Parse(config.redis.address);
  if (!address.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("redis.address: ", address.status().message()));
  }

  std::unique_ptr<Server> server(new Server());
  server->wiring_ = std::make_unique<Wiring>(config, *std::move(ring), *address);
  if (absl::Status keys = CheckKeysAtStart(
          server->wiring_->redis, redis::KeyLayout(config.redis.key_prefix), server->wiring_->ring);
      !keys.ok()) {
    return keys;
  }
  server->grace_ = std::chrono::milliseconds(config.server.shutdown_grace_ms);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(config.server.listen, *credentials, &server->port_);
  // gRPC sets SO_REUSEPORT by default: a second lintasd would bind the same port without an
  // error and take half the calls. One owner per port; the second one fails to start.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(config.server.max_message_bytes);
  builder.SetMaxSendMessageSize(config.server.max_message_bytes);
  if (services.intake) builder.RegisterService(&server->wiring_->intake_service);
  if (services.referral) {
    Wiring& w = *server->wiring_;
    w.referral_service = std::make_unique<referral::ReferralService>(
        w.auth, w.referral_store, w.index, w.clock, w.audit,
        referral::ReferralService::Options{config.redis.partitions, 2, 64});
    w.triage_service =
        std::make_unique<referral::TriageService>(w.auth, w.referral_store, w.clock, w.audit);
    builder.RegisterService(w.referral_service.get());
    builder.RegisterService(w.triage_service.get());
  }
  if (services.feeds) {
    Wiring& w = *server->wiring_;
    const redis::KeyLayout keys(config.redis.key_prefix);
    w.inbox = std::make_unique<redis::Inbox>(w.redis, keys);
    feeds::Feeds::Options options;
    options.settings.heartbeat_interval =
        std::chrono::milliseconds(config.feeds.heartbeat_interval_ms);
    options.settings.slow_write_timeout =
        std::chrono::milliseconds(config.feeds.slow_write_timeout_ms);
    options.settings.page_size = config.feeds.page_size;
    options.render_threads = config.feeds.render_threads;
    options.hub.connect_timeout = std::chrono::milliseconds(config.redis.connect_timeout_ms);
    // Ticks drive heartbeats and the slow-reader check: a tenth of the shorter of the two keeps
    // them within 10%, and never busier than every 50 ms nor lazier than every 500 ms.
    options.hub.tick = std::clamp(
        std::chrono::milliseconds(
            std::min(config.feeds.heartbeat_interval_ms, config.feeds.slow_write_timeout_ms) / 10),
        std::chrono::milliseconds(50), std::chrono::milliseconds(500));
    w.feeds = std::make_unique<feeds::Feeds>(*address, options);
    w.notification_service = std::make_unique<feeds::NotificationService>(
        w.auth, w.audit, *w.feeds, w.views, *w.inbox, w.clock);
    w.case_watch = std::make_unique<feeds::CaseWatchFeed>(*w.feeds, w.audit, w.views, keys);
    builder.RegisterService(w.notification_service.get());
    spdlog::info(
        "feeds: heartbeat every {} ms, slow readers cut off after {} ms, pages of {}, {} render "
        "threads",
        config.feeds.heartbeat_interval_ms, config.feeds.slow_write_timeout_ms,
        config.feeds.page_size, config.feeds.render_threads);
  }
  if (services.status) {
    Wiring& w = *server->wiring_;
    // WatchCase streams run on the feeds when this process serves them.
    w.status_service = std::make_unique<status::CaseStatusService>(
        w.auth, w.audit, w.referral_store, w.views, w.case_lister, w.case_watch.get(),
        status::CaseStatusService::Options{});
    builder.RegisterService(w.status_service.get());
    // Served with the status: a case read and a small command on the same store and views.
    w.conversation_service = std::make_unique<conversation::ConversationService>(
        conversation::ConversationService::Deps{w.auth, w.audit, w.conversation_store, w.views,
                                                w.conversation_reader, w.hasher, w.clock},
        conversation::ConversationService::Options{});
    builder.RegisterService(w.conversation_service.get());
  }
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.server.listen));
  }
  // After the port is ours (a second lintasd on it fails on that first), before any worker reads.
  Wiring& w = *server->wiring_;
  auto leases = HoldConsumerNames(w.redis, config,
                                  WorkerKinds(services.routing, services.notify, services.webhook));
  if (!leases.ok()) return leases.status();
  server->leases_ = *std::move(leases);
  if (services.routing) {
    auto routing = RoutingRunner::Start(
        RoutingRunner::Shared{w.config, w.redis, w.cipher, w.hasher, w.random, w.clock});
    if (!routing.ok()) return routing.status();
    server->routing_ = *std::move(routing);
  }
  if (services.notify) {
    auto notify = NotifyRunner::Start(w.config, w.redis, w.referral_store, w.clock);
    if (!notify.ok()) return notify.status();
    server->notify_ = *std::move(notify);
  }
  if (services.webhook) {
    auto webhook = WebhookRunner::Start(
        WebhookRunner::Shared{w.config, w.redis, w.store, w.cipher, w.index, w.hasher, w.clock});
    if (!webhook.ok()) return webhook.status();
    server->webhook_ = *std::move(webhook);
  }
  if (services.portal_named && !portal_config) {
    return absl::FailedPreconditionError("--services=portal: the config has no portal section");
  }
  if (services.portal && portal_config) {
    Wiring& w = *server->wiring_;
    auto portal =
        PortalRunner::Start({w.config, *portal_config, w.intake, w.conversation_store, w.redis,
                             w.hasher, w.random, w.clock, w.audit, w.conversation_reader});
    if (!portal.ok()) return portal.status();
    server->portal_ = *std::move(portal);
  }
  if (config.server.tls) {
    spdlog::info(
        "mutual TLS: client certificates must chain to {} and name "
        "spiffe://{}/agency/<agency id>; {} revoked certificates; rate limit {}/s burst {} per "
        "agency; messages up to {} bytes",
        config.server.tls->ca_file, config.server.tls->trust_domain,
        config.server.tls->revoked_certificates.size(),
        config.server.rate_limit.requests_per_second, config.server.rate_limit.burst,
        config.server.max_message_bytes);
  } else {
    spdlog::warn(
        "INSECURE DEVELOPMENT MODE: no TLS; the caller's agency is taken from the '{}' header "
        "that any local process can set. Listening on loopback only. Never use this mode with "
        "real case data.",
        grpcx::kAgencyMetadataKey);
  }
  server->ProbeHealth();  // the first verdict before anyone asks
  server->health_thread_ = std::thread([s = server.get()] {
    sync::SetThreadName("health");
    while (!s->stopping_.WaitFor(kHealthProbeInterval))
      s->ProbeHealth();
  });
  return server;
}

void Server::ProbeHealth() {
  const absl::Status redis = wiring_->store.Ping();
  const bool serving = redis.ok();
  server_->GetHealthCheckService()->SetServingStatus(serving);
  if (last_serving_ != static_cast<int>(serving)) {
    last_serving_ = static_cast<int>(serving);
    if (serving) {
      spdlog::info("health: SERVING (redis at {} answers)", wiring_->redis.address().ToString());
    } else {
      spdlog::warn("health: NOT_SERVING ({})", AsStd(redis.message()));
    }
  }
}

absl::Status Server::ReloadRouting(const std::string& config_path) {
  if (!routing_) return absl::FailedPreconditionError("routing does not run in this process");
  return routing_->Reload(config_path);
}

Server::Server() = default;

void Server::Shutdown() {
  if (!server_ || !stopping_.Stop()) return;  // never started, or stopped already
  if (health_thread_.joinable()) health_thread_.join();
  portal_.reset();  // its requests in flight finish; their audit entries are flushed below
  server_->GetHealthCheckService()->Shutdown();
  // Streams never end by themselves: end them now (UNAVAILABLE, resume elsewhere) rather than
  // holding shutdown for the whole grace period.
  if (wiring_->feeds) wiring_->feeds->StopAll();
  server_->Shutdown(std::chrono::system_clock::now() + grace_);
  server_->Wait();
  // Every call has finished, so every audit entry is queued: write them before going.
  if (absl::Status s = wiring_->audit_log.Flush(grace_ + std::chrono::seconds(5)); !s.ok()) {
    spdlog::error("shutdown: {}", AsStd(s.message()));
  }
  routing_.reset();  // after the calls: it finishes its current round, then stops
  notify_.reset();
  webhook_.reset();  // wakes its threads from any backoff; a POST in flight finishes first
  leases_.clear();   // last: the consumer names are free for a restart at once
}

Server::~Server() {
  Shutdown();
}

}  // namespace lintas::lintasd
