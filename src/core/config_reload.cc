#include "core/config_reload.h"

namespace sesame {
namespace {

// Copies the running value over the new one when they differ, recording
// the key.
template <typename T>
void Keep(const char* key, const T& running, T* next,
          std::vector<std::string>* kept) {
  if (*next == running) return;
  *next = running;
  kept->push_back(key);
}

}  // namespace

std::vector<std::string> KeepRestartOnlySettings(const Config& running,
                                                 Config* next) {
  std::vector<std::string> kept;
  const ServerConfig& s = running.server;
  Keep("server.listen", s.listen, &next->server.listen, &kept);
  Keep("server.socket_mode", s.socket_mode, &next->server.socket_mode, &kept);
  Keep("server.threads", s.threads, &next->server.threads, &kept);
  Keep("server.templates_dir", s.templates_dir, &next->server.templates_dir,
       &kept);
  Keep("branding.languages", running.branding.languages,
       &next->branding.languages, &kept);
  Keep("translations", running.translations, &next->translations, &kept);

  const DatabaseConfig& d = running.database;
  DatabaseConfig& nd = next->database;
  Keep("database.host", d.host, &nd.host, &kept);
  Keep("database.port", d.port, &nd.port, &kept);
  Keep("database.socket", d.socket, &nd.socket, &kept);
  Keep("database.user", d.user, &nd.user, &kept);
  Keep("database.name", d.name, &nd.name, &kept);
  Keep("database.connect_timeout_seconds", d.connect_timeout_seconds,
       &nd.connect_timeout_seconds, &kept);
  Keep("database.password_file", d.password_file, &nd.password_file, &kept);
  Keep("database.password_file (content)", d.password, &nd.password, &kept);

  const SecurityConfig& sec = running.security;
  SecurityConfig& nsec = next->security;
  Keep("security.secret_key_file", sec.secret_key_file, &nsec.secret_key_file,
       &kept);
  Keep("security.secret_key_file (content)", sec.secret_key, &nsec.secret_key,
       &kept);
  const Argon2Config& a = sec.argon2;
  Argon2Config& na = nsec.argon2;
  Keep("security.argon2.memory_kib", a.memory_kib, &na.memory_kib, &kept);
  Keep("security.argon2.iterations", a.iterations, &na.iterations, &kept);
  Keep("security.argon2.parallelism", a.parallelism, &na.parallelism, &kept);
  Keep("security.argon2.max_concurrent", a.max_concurrent, &na.max_concurrent,
       &kept);
  Keep("security.argon2.queue_timeout_ms", a.queue_timeout_ms,
       &na.queue_timeout_ms, &kept);
  Keep("security.limits.sms_per_destination_hour",
       sec.limits.sms_per_destination_hour,
       &nsec.limits.sms_per_destination_hour, &kept);
  Keep("security.limits.sms_global_hour", sec.limits.sms_global_hour,
       &nsec.limits.sms_global_hour, &kept);
  Keep("deliver.default_ttl_hours", running.deliver.default_ttl_hours,
       &next->deliver.default_ttl_hours, &kept);
  Keep("mail.from", running.mail.from, &next->mail.from, &kept);
  return kept;
}

}  // namespace sesame
