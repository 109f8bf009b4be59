// framescope_bench: times the phases of `framescope stats` and `framescope import` on one
// .pstats file, named by the first argument after the benchmark flags or by
// $FRAMESCOPE_BENCH_PROFILE: loading (marshal parsing included), sorting, printing and
// importing. (The flame graph's frame is view_frame_bench's.)

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/file_bytes.h"
#include "loaders/pstats_loader.h"
#include "model/pstats_sort.h"
#include "model/pstats_text.h"
#include "store/pstats_store.h"

namespace framescope {
namespace {

struct BenchInput {
    std::string path;
    FileBytes file;
    PstatsProfile profile; // loaded from `file`
    SortOrder cumulative;
};

BenchInput* input = nullptr; // set by main before any benchmark runs

// For the benchmarks that read the whole file: its bytes per second.
void count_file_bytes(benchmark::State& state) {
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(input->file.bytes().size()));
}

void fail_on(benchmark::State& state, const Error& error) {
    state.SkipWithError(error.to_string().c_str());
}

// Marshal parsing and pstats loading, from the file's bytes already in memory.
void bm_load_pstats(benchmark::State& state) {
    for (auto _ : state) {
        Result<PstatsProfile> profile =
            load_pstats(input->file.bytes(), input->profile.sources.front());
        if (!profile)
            return fail_on(state, profile.error());
        benchmark::DoNotOptimize(profile->function_count);
    }
    count_file_bytes(state);
}

void bm_sort_cumulative(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(sort_functions(input->profile, input->cumulative).data());
}

// print_stats(30) on a freshly sorted report: the labels it builds on first use are timed.
void bm_print_top_30(benchmark::State& state) {
    const std::vector<Restriction> top_30{Restriction::parse_amount("30")};
    for (auto _ : state) {
        state.PauseTiming();
        PstatsText text(input->profile, input->cumulative);
        state.ResumeTiming();
        benchmark::DoNotOptimize(text.print_stats(top_30).size());
    }
}

// What `framescope stats FILE --sort cumulative --limit 30` does, file read included.
void bm_stats_command(benchmark::State& state) {
    const std::vector<Restriction> top_30{Restriction::parse_amount("30")};
    for (auto _ : state) {
        Result<PstatsProfile> profile = load_pstats_file(input->path);
        if (!profile)
            return fail_on(state, profile.error());
        PstatsText text(*profile, input->cumulative);
        benchmark::DoNotOptimize(text.print_stats(top_30).size());
    }
    count_file_bytes(state);
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix);
}

// store_pstats into a new database each iteration; creating the schema is not timed.
// The inserts of an import; `framescope import` hashes the file while it parses it.
void bm_import_sqlite(benchmark::State& state) {
    const SourceContent content = content_of(input->file.bytes());
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("framescope_bench_" + std::to_string(getpid()) + ".db"))
                                 .string();
    for (auto _ : state) {
        state.PauseTiming();
        remove_database(path);
        Result<Database> db = Database::open(path);
        if (!db)
            return fail_on(state, db.error());
        state.ResumeTiming();
        Result<ImportOutcome> outcome = store_pstats(*db, content, input->profile);
        if (!outcome)
            return fail_on(state, outcome.error());
    }
    remove_database(path);
    const auto rate = benchmark::Counter::kIsIterationInvariantRate;
    state.counters["edge_rows_per_s"] =
        benchmark::Counter(double(input->profile.callers.size()), rate);
    state.counters["function_rows_per_s"] =
        benchmark::Counter(double(input->profile.keys.size()), rate);
}

BENCHMARK(bm_load_pstats)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_sort_cumulative)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_print_top_30)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_stats_command)->Unit(benchmark::kMillisecond);
BENCHMARK(bm_import_sqlite)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace framescope

int main(int argc, char** argv) {
    using namespace framescope;
    benchmark::Initialize(&argc, argv);
    const char* env = std::getenv("FRAMESCOPE_BENCH_PROFILE");
    std::string path = argc > 1 ? argv[1] : env ? env : "";
    if (path.empty() || argc > 2) {
        std::fputs("usage: framescope_bench [--benchmark_...] PROFILE.pstats\n"
                   "  or set FRAMESCOPE_BENCH_PROFILE to the profile to time.\n",
                   stderr);
        return 2;
    }
    Result<FileBytes> file = read_file_bytes(path);
    Result<PstatsProfile> profile = load_pstats_file(path);
    if (!file || !profile) {
        const Error& error = file ? profile.error() : file.error();
        std::fprintf(stderr, "framescope_bench: %s\n", error.to_string().c_str());
        return 1;
    }
    const std::string cumulative[] = {"cumulative"};
    BenchInput loaded{path, std::move(file).value(), std::move(profile).value(),
                      parse_sort_order(cumulative).value()};
    input = &loaded;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
