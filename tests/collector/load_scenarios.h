// The collector's load and kill scenarios, run by the tests on each store (a SQLite file,
// a PostgreSQL database): the uploads, uploaders that retry as the recorder does, and the
// checks that every acknowledged bundle is stored exactly once and nothing half.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "tests/support/serve_process.h"

namespace framescope::test {

// COUNT distinct bundles (each its own session) made from samples/bundles/normal, sorted.
std::vector<std::filesystem::path> make_variants(const std::filesystem::path& out_dir, int count);

// Bundles per uploader: 250, fewer where $FRAMESCOPE_LOAD_PER_UPLOADER says so (a
// sanitizer build on a small machine).
int bundles_per_uploader();

struct Acknowledged {
    std::mutex mutex;
    std::map<std::string, int64_t> ids; // file -> id, for every 201 or 200
    std::atomic<int> count = 0, failures = 0, retries = 0, unavailable = 0;
    std::map<std::string, int> unavailable_errors; // each 503's message -> how often
};

// What an uploader does with a 503 (the store unreachable): count it as a failure and go on
// to the next file, or count it in `unavailable` and send the file again after a pause, for
// up to 60 s (then it is a failure).
enum class OnUnavailable { fail, retry };

// Uploads `files`, retrying a 429 after a short pause as the recorder does; stops at the
// first failure to connect (the collector was killed).
void upload_all(const ServeProcess& serve, std::span<const std::filesystem::path> files,
                Acknowledged& acknowledged, OnUnavailable on_unavailable = OnUnavailable::fail);

// Waits until `count` uploads are acknowledged; REQUIREs that it takes under 60 s.
void wait_until_acknowledged(const Acknowledged& acknowledged, int count);

// Every one of `uploads` uploads acknowledged, each under an id of its own.
void check_each_acknowledged_once(const Acknowledged& acknowledged, size_t uploads);

// Every session in the store `db` stored whole: `expected` sources, a session row for each,
// with all its frames.
void check_nothing_half_stored(const std::string& db, size_t expected);

// 8 uploaders × bundles_per_uploader() at once into `framescope serve --db DB`: every
// bundle acknowledged and stored exactly once, the collector's memory bounded.
void check_parallel_load(const std::string& db, const std::filesystem::path& work_dir);

// 4 uploaders × 100 bundles, the collector killed (SIGKILL) halfway, restarted on the same
// store and sent everything again: what was acknowledged keeps its id, the rest is stored
// once.
void check_killed_halfway(const std::string& db, const std::filesystem::path& work_dir);

} // namespace framescope::test
