#include "screens/metrics_screen.h"

#include "core/ip_allow.h"

namespace sesame {
namespace {

Response NotFound(Context& ctx) {
  // The same page as App's for a path without a route.
  return ctx.ErrorPage(404, ctx.T("error_not_found_title"),
                       ctx.T("error_not_found"));
}

}  // namespace

void WriteQueueStats(const StatusOr<QueueStats>& stats,
                     metrics::Exposition* out) {
  out->Family("sesame_metrics_database_up", "gauge",
              "1 when this scrape could read the queues from the database.");
  out->Sample("sesame_metrics_database_up", {}, stats.ok() ? 1 : 0);
  if (!stats.ok()) return;
  out->Family("sesame_recovery_intents_waiting", "gauge",
              "Recovery requests stored by the forms and not yet handled by "
              "sesame deliver.");
  out->Sample("sesame_recovery_intents_waiting", {},
              static_cast<double>(stats->intents_waiting));
  out->Family("sesame_recovery_intent_oldest_age_seconds", "gauge",
              "Age of the oldest recovery request waiting (0: none).");
  out->Sample("sesame_recovery_intent_oldest_age_seconds", {},
              stats->oldest_intent_age_seconds);
  out->Family("sesame_outbox_depth", "gauge",
              "Messages waiting in the outbox (neither sent nor failed), by "
              "channel.");
  for (const QueueStats::Channel& c : stats->outbox) {
    out->Sample("sesame_outbox_depth", {{"channel", c.channel}},
                static_cast<double>(c.depth));
  }
  out->Family("sesame_outbox_oldest_age_seconds", "gauge",
              "Age of the oldest message waiting, by channel (0: none).");
  for (const QueueStats::Channel& c : stats->outbox) {
    out->Sample("sesame_outbox_oldest_age_seconds", {{"channel", c.channel}},
                c.oldest_age_seconds);
  }
  out->Family("sesame_send_failures_total", "counter",
              "Failed attempts to send a message, by channel and cause, "
              "counted by every sesame deliver in the database.");
  for (const QueueStats::Failures& f : stats->send_failures) {
    out->Sample("sesame_send_failures_total",
                {{"channel", f.channel}, {"cause", f.cause}},
                static_cast<double>(f.count));
  }
}

Response MetricsScreen::Get(Context& ctx) {
  if (!IpAllowList(ctx.config().metrics.allow)
           .Allows(ctx.request().client_ip)) {
    return NotFound(ctx);
  }
  metrics::Exposition out;
  metrics::ProcessMetrics::Get().Write(&out);
  if (ctx.stores().ops != nullptr) {
    WriteQueueStats(ctx.stores().ops->Read(), &out);
  }
  Response r = Response::Text(200, out.text());
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  return r;
}

Response MetricsScreen::Post(Context& ctx) { return NotFound(ctx); }

}  // namespace sesame
