// Stall findings end to end through `framescope report`: one stall recorded in several
// sessions (two install paths, CPython and PyPy, recorder and plain faulthandler) is one
// group at the blocking line; a frame that is only a little slow is no stall; and each
// failure of the sample application is the top finding of its kind.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

Json report_json(const std::vector<std::string>& paths) {
    std::string command = test::quote(test::framescope_binary()) + " report --format json";
    for (const std::string& path : paths)
        command += " " + test::quote(path);
    test::CommandResult report = test::run_command(command);
    REQUIRE_MESSAGE(report.exit_code == 0, command);
    return Json::parse(report.output);
}

// recorder_app.py and the recorder, copied as an application installed at `prefix`.
std::filesystem::path install_app(const std::filesystem::path& prefix) {
    std::filesystem::create_directories(prefix);
    std::filesystem::copy(test::fixtures_dir() / "recorder_app.py", prefix);
    std::filesystem::copy(test::recorder_dir() / "framescope_recorder.py", prefix);
    return prefix / "recorder_app.py";
}

void run_app(const std::string& interpreter, const std::filesystem::path& app,
             const std::string& scenario, const std::filesystem::path& out_dir) {
    test::CommandResult run =
        test::run_command(test::quote(interpreter) + " " + test::quote(app.string()) + " " +
                          scenario + " " + test::quote(out_dir.string()));
    REQUIRE(run.exit_code == 0);
}

std::string only_entry(const std::filesystem::path& dir) {
    return std::filesystem::directory_iterator(dir)->path().string();
}

uint32_t blocking_line() {
    std::istringstream source(test::read_text(test::fixtures_dir() / "recorder_app.py"));
    std::string line;
    for (uint32_t number = 1; std::getline(source, line); ++number)
        if (line.find("# BLOCKING LINE") != std::string::npos)
            return number;
    return 0;
}

std::string sample(const std::string& name) {
    return (test::samples_dir() / "bundles" / name).string();
}

} // namespace

TEST_CASE("report: one stall in many sessions, install paths and interpreters is one group") {
    test::TempDir dir;
    std::filesystem::path system_app = install_app(dir / "opt" / "app");
    std::filesystem::path user_app = install_app(dir / "home" / "player" / ".local" / "app");
    std::vector<std::string> interpreters{test::python3()};
    if (!test::pypy3().empty())
        interpreters.push_back(test::pypy3());
    std::vector<std::string> sessions;
    for (size_t i = 0; i < interpreters.size(); ++i) {
        std::filesystem::path recorded = dir / ("recorded" + std::to_string(i));
        std::filesystem::path dumped = dir / ("dumped" + std::to_string(i));
        run_app(interpreters[i], i == 0 ? system_app : user_app, "stall", recorded);
        run_app(interpreters[i], i == 0 ? user_app : system_app, "faulthandler_stall", dumped);
        sessions.push_back(only_entry(recorded));
        sessions.push_back((dumped / "dumps.txt").string());
    }
    Json report = report_json(sessions);
    REQUIRE(report["stall_groups"].size() == 1);
    const Json& group = report["stall_groups"][0];
    CHECK(group["sessions"] == sessions.size());
    CHECK(group["count"] == sessions.size());
    CHECK(group["stack"][0]["function"] == "wait_for_reply");
    CHECK(group["stack"][0]["line"] == blocking_line());
    // The group's time is what each session's bundle or dump says of its own stall, added up
    // (not the machine's speed: a loaded machine stretches or quantises each stall).
    double each_alone_s = 0;
    for (const std::string& session : sessions) {
        Json alone = report_json({session});
        REQUIRE(alone["stall_groups"].size() == 1);
        CHECK(alone["stall_groups"][0]["total_seconds"].get<double>() > 0);
        each_alone_s += alone["stall_groups"][0]["total_seconds"].get<double>();
    }
    CHECK(group["total_seconds"].get<double>() == doctest::Approx(each_alone_s).epsilon(1e-9));
    bool saw_peer = false;
    for (const Json& thread : group["other_threads"])
        saw_peer |= thread["thread"] == "SilentPeer";
    CHECK(saw_peer);
}

// A package run with `-m` whose module level waits in `wait` of its own `util.py`, dumped by
// faulthandler every 0.2 s: the shallowest stack there is, under CPython's <frozen runpy>
// or PyPy's runpy.py.
std::string dump_of_module_run(const std::string& interpreter, const std::filesystem::path& root,
                               const std::string& package) {
    std::filesystem::create_directories(root / package);
    test::write_text(root / package / "util.py", "import time\ndef wait():\n    time.sleep(0.7)\n");
    // Armed once the imports are done, and cancelled before the interpreter shuts down: a
    // loaded machine must not put a dump into the import machinery or the exit.
    test::write_text(root / package / "__main__.py",
                     "import faulthandler, sys\nfrom " + package +
                         " import util\n"
                         "faulthandler.dump_traceback_later(0.2, repeat=True, "
                         "file=open(sys.argv[1], 'w'))\n"
                         "util.wait()\n"
                         "faulthandler.cancel_dump_traceback_later()\n");
    std::string dumps = (root / (package + "-dumps.txt")).string();
    test::CommandResult run =
        test::run_command("cd " + test::quote(root.string()) + " && " + test::quote(interpreter) +
                          " -m " + package + " " + test::quote(dumps));
    REQUIRE(run.exit_code == 0);
    return dumps;
}

TEST_CASE("report: stall groups by the application's frames, not start-up machinery or names") {
    test::TempDir dir;
    std::vector<std::string> same;
    for (const std::string& interpreter : test::interpreters())
        same.push_back(
            dump_of_module_run(interpreter, dir / ("run-" + std::to_string(same.size())), "game"));
    SUBCASE("CPython and PyPy, <frozen runpy> or runpy.py: one group") {
        Json report = report_json(same);
        REQUIRE(report["stall_groups"].size() == 1);
        CHECK(report["stall_groups"][0]["sessions"] == same.size());
        CHECK(report["stall_groups"][0]["stack"][0]["function"] == "wait");
    }
    SUBCASE("two files that share a base name: two groups") {
        std::string other = dump_of_module_run(test::python3(), dir / "run-other", "editor");
        Json report = report_json({same.front(), other});
        CHECK(report["stall_groups"].size() == 2);
    }
}

TEST_CASE("report: frames a little over budget are slow, not stalls") {
    test::TempDir dir;
    test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                      test::quote(test::python3()) + " " +
                      test::quote((test::fixtures_dir() / "recorder_app.py").string()) +
                      " frames " + test::quote(dir.path().string()));
    Json report = report_json({only_entry(dir.path())});
    CHECK(report["stall_groups"].empty());
    const Json& frames = report["sessions"][0]["frames"];
    CHECK(frames["stalls"] == 0);
    CHECK(frames["over_budget"].get<int>() >= 8); // the 30 ms frames against a 20 ms budget
    REQUIRE_FALSE(report["worst_frames"].empty());
    CHECK(report["worst_frames"][0]["severity"] != "stall");
}

TEST_CASE("report: each failure of the sample application is the top finding of its kind") {
    SUBCASE("a peer that stops answering") {
        Json report = report_json({sample("network-stall")});
        REQUIRE_FALSE(report["stall_groups"].empty());
        CHECK(report["stall_groups"][0]["stack"][0]["function"] == "read_reply");
        CHECK(report["stall_groups"][0]["other_threads"][0]["thread"] == "GameServer");
    }
    SUBCASE("the same hang, killed by the user") {
        Json report = report_json({sample("network-hang")});
        CHECK(report["sessions"][0]["status"] == "abnormal");
        CHECK(report["sessions"][0]["hung"] == true);
        REQUIRE_FALSE(report["stall_groups"].empty());
        CHECK(report["stall_groups"][0]["stack"][0]["function"] == "read_reply");
        CHECK(report["stall_groups"][0]["unfinished"] == 1);
    }
    SUBCASE("a log handler's lock re-entered from __str__") {
        Json report = report_json({sample("logging-deadlock")});
        REQUIRE_FALSE(report["stall_groups"].empty());
        const Json& group = report["stall_groups"][0];
        CHECK(group["stack"][0]["function"] == "acquire");
        bool str_on_stack = false;
        for (const Json& entry : group["stack"])
            str_on_stack |= entry["function"] == "__str__";
        CHECK(str_on_stack);
        CHECK(group["reentered"][0] == "handle (logging/__init__.py)");
        CHECK(group["kind"] == "lock_reentered");
    }
    SUBCASE("assets decoded between two pumps") {
        Json report = report_json({sample("asset-loading")});
        REQUIRE_FALSE(report["stall_groups"].empty());
        bool loading = false;
        for (const Json& entry : report["stall_groups"][0]["stack"])
            loading |= entry["function"] == "load_level_assets";
        CHECK(loading);
        CHECK(report["stall_groups"][0]["kind"] == "busy");
    }
    SUBCASE("a GC storm of __del__ methods") {
        Json report = report_json({sample("gc-storm.tar.gz")});
        REQUIRE_FALSE(report["worst_frames"].empty());
        const Json& worst = report["worst_frames"][0];
        CHECK(worst["gc_ms"].get<double>() > 0.5 * worst["duration_ms"].get<double>());
        bool in_del = false;
        for (const Json& entry : worst["stack"])
            in_del |= entry["function"] == "__del__";
        CHECK(in_del);
    }
    SUBCASE("an uncaught exception and a native crash") {
        Json report = report_json({sample("uncaught-exception"), sample("native-crash")});
        REQUIRE(report["crashes"].size() == 2);
        CHECK(report["crashes"][0]["summary"].get<std::string>().starts_with("GameStateError"));
        CHECK(report["crashes"][1]["kind"] == "fatal");
        CHECK(report["sessions"][0]["status"] == "crashed");
        CHECK(report["sessions"][1]["status"] == "crashed");
    }
}

} // namespace framescope
