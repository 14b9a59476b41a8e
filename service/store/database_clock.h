#pragma once
// The database's clock as seen from this process. Several replicas must agree on when a lease or
// a claim runs out, whatever their own clocks say, so the PostgreSQL store keeps those instants on
// the database's clock: at the start of every transaction it reads clock_timestamp() and the
// process clock around it, and shifts the caller's instants by the difference (docs/adr/0009).

#include "absl/time/time.h"

namespace cancela::store {

class DatabaseClock {
 public:
  DatabaseClock() = default;
  // `database_now` was read between `sent` and `received` on this process's clock.
  static DatabaseClock Measure(absl::Time sent, absl::Time database_now, absl::Time received) {
    return DatabaseClock(database_now - (sent + (received - sent) / 2));
  }

  // The caller's instant on the database's clock, and back. Infinite instants stay infinite.
  absl::Time ToDatabase(absl::Time caller) const { return caller + offset_; }
  absl::Time FromDatabase(absl::Time database) const { return database - offset_; }
  absl::Duration offset() const { return offset_; }

 private:
  explicit DatabaseClock(absl::Duration offset) : offset_(offset) {}
  absl::Duration offset_ = absl::ZeroDuration();
};

}  // namespace cancela::store
