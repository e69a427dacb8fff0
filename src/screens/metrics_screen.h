// /metrics: Prometheus's text format, for the addresses of [metrics] allow
// only (127.0.0.1 and ::1 by default); anyone else gets the page of an
// unknown address (404), so its existence is not revealed. This process's
// counters (core/metrics.h) and, read on each scrape, the queues and the
// send failures `sesame deliver` counted in the database (OpsStats).
#ifndef SESAME_SCREENS_METRICS_SCREEN_H_
#define SESAME_SCREENS_METRICS_SCREEN_H_

#include <string>

#include "core/metrics.h"
#include "storage/stores.h"
#include "web/screen.h"

namespace sesame {

class MetricsScreen : public Screen {
 public:
  Response Get(Context& ctx) override;
  // A POST is answered as for an unknown address, whoever sends it.
  Response Post(Context& ctx) override;
  bool NeedsCsrf() const override { return false; }
};

// The families of `stats` (or sesame_metrics_database_up 0 when it could
// not be read).
void WriteQueueStats(const StatusOr<QueueStats>& stats,
                     metrics::Exposition* out);

}  // namespace sesame

#endif  // SESAME_SCREENS_METRICS_SCREEN_H_
