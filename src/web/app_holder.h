// AppHolder: the App that new requests go to. `sesame serve` replaces it
// when its configuration is reloaded (SIGHUP); a request keeps the App it
// started with until it is answered, and an App replaced is destroyed when
// its last request is done.
#ifndef SESAME_WEB_APP_HOLDER_H_
#define SESAME_WEB_APP_HOLDER_H_

#include <memory>
#include <mutex>

#include "web/app.h"

namespace sesame {

class AppHolder {
 public:
  explicit AppHolder(std::shared_ptr<App> app) : app_(std::move(app)) {}

  // The App for a request starting now; hold it until the answer is sent.
  std::shared_ptr<App> Current() const {
    std::lock_guard<std::mutex> lock(mu_);
    return app_;
  }
  // From now on requests go to `app`.
  void Replace(std::shared_ptr<App> app) {
    std::shared_ptr<App> old;
    {
      std::lock_guard<std::mutex> lock(mu_);
      old = std::move(app_);
      app_ = std::move(app);
    }
    // `old` is released here, outside the lock: if no request holds it,
    // it is destroyed now.
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<App> app_;
};

}  // namespace sesame

#endif  // SESAME_WEB_APP_HOLDER_H_
