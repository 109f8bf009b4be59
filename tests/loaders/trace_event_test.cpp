// Trace Event JSON: nesting rebuilt per thread, exact times, the forms tracers write, and the
// real traces of ../shared/formats-corpus against the reference reader's expected.json.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "loaders/trace_event.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

TraceEvents parsed(const std::string& json) {
    Result<TraceEvents> events = parse_trace_events(json, "trace.json");
    REQUIRE_MESSAGE(events, (events ? "" : events.error().to_string()));
    return std::move(*events);
}

std::string function_of(const TraceEvents& events, const TraceCall& call) {
    return std::string(events.strings.get(call.function));
}

} // namespace

TEST_CASE("trace events: complete events nest by containment, each thread on its own") {
    TraceEvents events = parsed(R"json({"traceEvents": [
        {"ph": "X", "name": "inner (app.py:7)", "ts": 10.5, "dur": 2, "pid": 1, "tid": 1},
        {"ph": "X", "name": "outer (app.py:3)", "ts": 10, "dur": 5.25, "pid": 1, "tid": 1},
        {"ph": "X", "name": "other", "ts": 11, "dur": 1, "pid": 1, "tid": 2},
        {"ph": "i", "name": "instant", "ts": 11, "pid": 1, "tid": 1},
        {"ph": "C", "name": "counter", "ts": 11, "pid": 1, "tid": 1, "args": {"v": 3}},
        {"ph": "M", "name": "thread_name", "pid": 1, "tid": 2, "args": {"name": "worker"}}
    ], "displayTimeUnit": "ms", "viztracer_metadata": {"version": "1.1.1"}})json");
    REQUIRE(events.calls.size() == 3);
    REQUIRE(events.threads.size() == 2);
    const TraceCall& outer = events.calls[0];
    CHECK(function_of(events, outer) == "outer");
    CHECK(events.strings.get(outer.file) == "app.py");
    CHECK(outer.line == 3);
    CHECK(outer.depth == 0);
    CHECK(outer.begin_ns == 10'000);
    CHECK(outer.end_ns == 15'250);
    CHECK(function_of(events, events.calls[1]) == "inner");
    CHECK(events.calls[1].depth == 1);
    CHECK(events.threads[events.calls[2].thread].name == "worker");
    std::vector<int64_t> self = trace_self_ns(events);
    CHECK(self[0] == 3'250);
    CHECK(self[1] == 2'000);
    CHECK(self[2] == 1'000);
    CHECK(events.dropped_unnested == 0);
}

TEST_CASE("trace events: B/E pairs per thread, a bare array, unnested and unmatched ones") {
    TraceEvents events = parsed(R"([
        {"name": "frame", "ph": "B", "ts": 0, "pid": 7, "tid": "main"},
        {"name": "draw", "ph": "B", "ts": 1, "pid": 7, "tid": "main"},
        {"ph": "E", "ts": 3, "pid": 7, "tid": "main"},
        {"ph": "X", "name": "straddles", "ts": 2, "dur": 5, "pid": 7, "tid": "main"},
        {"ph": "E", "ts": 4, "pid": 7, "tid": "main"},
        {"ph": "E", "ts": 9, "pid": 7, "tid": "main"},
        {"name": "never ends", "ph": "B", "ts": 9, "pid": 7, "tid": "main"},
        "not an event"
    ])");
    REQUIRE(events.calls.size() == 2);
    CHECK(function_of(events, events.calls[0]) == "frame");
    CHECK(events.calls[0].duration_ns() == 4'000);
    CHECK(function_of(events, events.calls[1]) == "draw");
    CHECK(events.calls[1].depth == 1);
    CHECK(events.dropped_unnested == 1);    // "straddles" ends after "frame" does
    CHECK(events.unmatched_begin_end == 2); // the third "E" and the last "B"
}

TEST_CASE("trace events: microseconds are read exactly, to the nanosecond, half to even") {
    TraceEvents events = parsed(R"([
        {"ph": "X", "name": "a", "ts": 1.0005, "dur": 0.0025, "pid": 1, "tid": 1},
        {"ph": "X", "name": "b", "ts": 1.0015, "dur": 2e-3, "pid": 1, "tid": 2},
        {"ph": "X", "name": "c", "ts": "1700000000123456.789", "dur": 1.5E1, "pid": 1, "tid": 3}
    ])");
    REQUIRE(events.calls.size() == 3);
    CHECK(events.calls[0].begin_ns == 1'000); // 1000.5 ns rounds to the even 1000
    CHECK(events.calls[0].duration_ns() == 2);
    CHECK(events.calls[1].begin_ns == 1'002); // 1001.5 rounds to 1002
    CHECK(events.calls[1].duration_ns() == 2);
    CHECK(events.calls[2].begin_ns == 1'700'000'000'123'456'789);
    CHECK(events.calls[2].duration_ns() == 15'000);
}

TEST_CASE("trace events: viztracer's names give function, file and line, others stay whole") {
    TracedName traced = split_traced_name("Thread.run (C:\\Program Files (x86)\\t.py:971)");
    CHECK(traced.function == "Thread.run");
    CHECK(traced.file == "C:\\Program Files (x86)\\t.py");
    CHECK(traced.line == 971);
    CHECK(split_traced_name("builtins.print").function == "builtins.print");
    CHECK(split_traced_name("aten::add").file.empty());
    CHECK(split_traced_name("f (no line)").function == "f (no line)");
}

TEST_CASE("trace events: broken input is one error naming the file and the offset") {
    for (const char* bad : {R"({"traceEvents": [{"ph": "X", "ts": 1, "dur": 2)",
                            R"({"traceEvents": {"ph": "X"}})", R"({"other": []})", "42",
                            R"([{"ph": "X", "name": "a", "ts": 1, "dur": 2}] trailing)", ""}) {
        CAPTURE(bad);
        Result<TraceEvents> events = parse_trace_events(bad, "bad.json");
        REQUIRE_FALSE(events);
        CHECK(events.error().file == "bad.json");
        CHECK(events.error().has_offset);
        CHECK(events.error().to_string().find('\n') == std::string::npos);
    }
}

TEST_CASE("trace events: the corpus' traces agree with the reference reader") {
    std::filesystem::path corpus = test::shared_corpus_dir("formats-corpus");
    if (corpus.empty()) {
        MESSAGE("no formats corpus beside the repository; skipped");
        return;
    }
    nlohmann::json expected = nlohmann::json::parse(test::read_text(corpus / "expected.json"));
    int checked = 0;
    for (const auto& [name, truth] : expected.items()) {
        if (truth["format"] != "trace_event")
            continue;
        CAPTURE(name);
        Result<TraceEvents> events =
            parse_trace_events(test::read_text(corpus / "files" / name), name);
        REQUIRE_MESSAGE(events, (events ? "" : events.error().to_string()));
        std::vector<int64_t> self = trace_self_ns(*events);
        std::map<std::pair<std::string, std::string>, int64_t> by_function;
        int64_t total_ns = 0;
        for (size_t i = 0; i < events->calls.size(); ++i) {
            const TraceCall& call = events->calls[i];
            by_function[{std::string(events->strings.get(call.function)),
                         std::string(events->strings.get(call.file))}] += self[i];
            total_ns += call.depth == 0 ? call.duration_ns() : 0;
        }
        CHECK(std::abs(total_ns / 1000.0 - truth["total"].get<double>()) < 0.0005);
        CHECK(by_function.size() == truth["functions"].get<size_t>());
        CHECK(events->calls.size() == truth["events"].get<size_t>());
        CHECK(events->dropped_unnested == truth["dropped_unnested"].get<uint64_t>());
        std::vector<std::pair<int64_t, std::pair<std::string, std::string>>> ranked;
        for (const auto& [function, ns] : by_function)
            ranked.push_back({-ns, function});
        std::sort(ranked.begin(), ranked.end());
        for (size_t k = 0; k < truth["top_self"].size(); ++k) {
            const nlohmann::json& row = truth["top_self"][k];
            CAPTURE(k);
            REQUIRE(k < ranked.size());
            CHECK(ranked[k].second.first == row[0].get<std::string>());
            CHECK(ranked[k].second.second == row[1].get<std::string>());
            CHECK(std::abs(-ranked[k].first / 1000.0 - row[2].get<double>()) < 0.0005);
        }
        ++checked;
    }
    CHECK(checked == 7);
}

} // namespace framescope
