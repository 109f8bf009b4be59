// Stall kinds on stalls Python makes at test time (make_stall_kinds.py, dumped by faulthandler
// under CPython and PyPy) and on the real hang corpus, where the main thread's innermost
// frame in truth.tsv leaves no doubt; and the versions a stall group and a crash bucket
// occur in, oldest first, so that one that began with an upgrade says so.

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "model/report_inputs.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

test::CommandResult report(const std::vector<std::string>& paths, const std::string& format) {
    std::string command = test::quote(test::framescope_binary()) + " report --format " + format;
    for (const std::string& path : paths)
        command += " " + test::quote(path);
    test::CommandResult run = test::run_command(command);
    REQUIRE_MESSAGE(run.exit_code == 0, command);
    return run;
}

Json report_json(const std::vector<std::string>& paths) {
    return Json::parse(report(paths, "json").output);
}

// The stall group that lost the most time in the dumps of one run of make_stall_kinds.py.
Json stalled(const std::string& interpreter, const std::string& kind,
             const std::filesystem::path& dir) {
    std::filesystem::path out = dir / kind;
    test::run_fixture(interpreter, "make_stall_kinds.py", {kind, out.string()});
    Json json = report_json({(out / "dumps.txt").string()});
    REQUIRE(!json["stall_groups"].empty());
    return json["stall_groups"][0];
}

// recorder_app.py run as the recorder's test application, with the session's versions set
// as another release on another interpreter would have written them.
std::string recorded(const std::filesystem::path& dir, const std::string& scenario,
                     const std::string& app_version, const std::string& python_version) {
    std::filesystem::path out = dir / (scenario + "-" + app_version + "-" + python_version);
    test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                      test::quote(test::python3()) + " " +
                      test::quote((test::fixtures_dir() / "recorder_app.py").string()) + " " +
                      scenario + " " + test::quote(out.string()) + " 2>/dev/null");
    std::string bundle = std::filesystem::directory_iterator(out)->path().string();
    test::CommandResult edit = test::run_python3(
        "import json, sys\n"
        "path = sys.argv[1] + '/session.json'\n"
        "session = json.load(open(path))\n"
        "session['version'], session['python_version'] = sys.argv[2], sys.argv[3]\n"
        "json.dump(session, open(path, 'w'))\n",
        {bundle, app_version, python_version});
    REQUIRE(edit.exit_code == 0);
    return bundle;
}

// What a main thread's innermost frame alone says, for the corpus rows where it is plain:
// a wait in select or recv is I/O or a wait behind it (a queue's pipe, a child's output, an
// event loop); threading's waits are a lock or a queue built on one; sleep is a sleep.
std::set<std::string> kinds_for_innermost(const std::string& function, const std::string& file) {
    static const std::map<std::string, std::set<std::string>> by_function = {
        {"select", {"blocking_io", "queue_wait", "subprocess_wait"}},
        {"poll", {"blocking_io", "queue_wait", "subprocess_wait"}},
        {"epoll_wait", {"blocking_io", "queue_wait", "subprocess_wait"}},
        {"recv", {"blocking_io"}},
        {"recv_into", {"blocking_io"}},
        {"sleep", {"sleeping"}},
    };
    if (auto found = by_function.find(function); found != by_function.end())
        return found->second;
    if (file.ends_with("threading.py") &&
        (function == "wait" || function == "acquire" || function == "_wait_for_tstate_lock"))
        return {"lock_wait", "lock_reentered", "queue_wait"};
    return {};
}

} // namespace

TEST_CASE("stall kind: each way of stalling the main thread is told apart, on CPython and PyPy") {
    test::TempDir dir;
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"socket_recv", "blocking_io"},
        {"lock_reentry", "lock_reentered"},
        {"lock_held", "lock_wait"},
        {"gc_finalizers", "garbage_collection"},
        {"runtime_import", "runtime_import"},
        {"sleep", "sleeping"},
        {"subprocess", "subprocess_wait"},
        {"queue", "queue_wait"},
        {"future", "queue_wait"},
        {"busy", "busy"},
    };
    for (const std::string& interpreter : test::interpreters())
        for (const auto& [scenario, kind] : expected) {
            INFO(interpreter << " " << scenario);
            std::filesystem::path run_dir =
                dir / std::filesystem::path(interpreter).filename().string();
            Json group = stalled(interpreter, scenario, run_dir);
            CHECK(group["kind"] == kind);
            CHECK(!group["remedy"].get<std::string>().empty());
            CHECK(!group["evidence"].get<std::string>().empty());
            CHECK(group["lock_held_by"].is_null() == (kind != "lock_wait"));
            CHECK(group["interpreters"].size() == 1);
        }
}

TEST_CASE("stall kind: a lock held by another thread names that thread where the dump shows it") {
    test::TempDir dir;
    Json group = stalled(test::python3(), "lock_held", dir.path());
    REQUIRE(group["kind"] == "lock_wait");
    // faulthandler prints no thread names: the holder is named after the function it runs,
    // and found by being inside refresh_cache past the line the main thread waits at.
    std::string held_by = group["lock_held_by"];
    CHECK(held_by.starts_with("probably thread running refresh_cache, in refresh_cache"));
}

TEST_CASE("stall kind: a sleep whose dump does not show it and whose source is gone is unknown") {
    // faulthandler shows no frame for time.sleep: only the line calling it says what it is.
    test::TempDir dir;
    std::filesystem::path script = dir / "moved_away.py";
    std::filesystem::copy(test::fixtures_dir() / "make_stall_kinds.py", script);
    test::CommandResult run =
        test::run_command(test::quote(test::python3()) + " " + test::quote(script.string()) +
                          " sleep " + test::quote((dir / "out").string()));
    REQUIRE(run.exit_code == 0);
    std::filesystem::remove(script);
    Json json = report_json({(dir / "out" / "dumps.txt").string()});
    REQUIRE(!json["stall_groups"].empty());
    const Json& group = json["stall_groups"][0];
    CHECK(group["kind"] == "unknown");
    CHECK(group["kind_title"] == "kind not recognised");
    CHECK(group["evidence"].get<std::string>().find("not on this machine") != std::string::npos);
}

TEST_CASE("stall kind: report text and Markdown give each group its kind and remedy") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_stall_kinds.py",
                      {"socket_recv", (dir / "recv").string()});
    std::string dumps = (dir / "recv" / "dumps.txt").string();
    std::string text = report({dumps}, "text").output;
    CHECK(text.find("kind: blocking network or file I/O on the main thread") != std::string::npos);
    CHECK(text.find("remedy: move it off the main loop or give it a time-out") !=
          std::string::npos);
    std::string markdown = report({dumps}, "md").output;
    CHECK(markdown.find("Kind: **blocking network or file I/O on the main thread**") !=
          std::string::npos);
    CHECK(markdown.find("Remedy: move it off the main loop or give it a time-out") !=
          std::string::npos);
}

TEST_CASE("stall kind: real hang dumps whose innermost main-thread frame is plain get its kind") {
    std::filesystem::path corpus = test::shared_corpus_dir("hang-corpus");
    if (corpus.empty()) {
        MESSAGE("../shared/hang-corpus not found: real hang dumps not tried");
        return;
    }
    size_t checked = 0;
    for (auto& row : test::read_tsv(corpus / "truth.tsv")) {
        std::set<std::string> kinds =
            kinds_for_innermost(row["main_innermost_function"], row["main_innermost_file"]);
        if (kinds.empty())
            continue;
        INFO(row["file"] << ": " << row["main_innermost_function"] << " ("
                         << row["main_innermost_file"] << ")");
        auto loaded = load_sessions({(corpus / "dumps" / row["file"]).string()});
        REQUIRE_MESSAGE(loaded, loaded.error().to_string());
        const std::vector<StallGroup>& groups = (*loaded)->findings.stall_groups;
        REQUIRE(!groups.empty());
        const StallDiagnosis& diagnosis = groups.front().diagnosis;
        INFO(stall_kind_id(diagnosis.kind) << ": " << diagnosis.evidence);
        CHECK(kinds.count(stall_kind_id(diagnosis.kind)) == 1);
        ++checked;
    }
    CHECK(checked >= 5); // select, poll, threading's waits: most of the rows that show main
}

TEST_CASE("versions: a stall that began with an upgrade is first seen in the new versions") {
    test::TempDir dir;
    std::string before = recorded(dir.path(), "frames", "2.0.1", "3.11.2");
    std::string after = recorded(dir.path(), "stall", "2.1.0", "3.12.1");
    Json json = report_json({before, after});
    REQUIRE(json["stall_groups"].size() == 1);
    const Json& group = json["stall_groups"][0];
    CHECK(group["versions"] == Json::array({"2.1.0"}));
    CHECK(group["first_version"] == "2.1.0");
    CHECK(group["versions_before_first"] == Json::array({"2.0.1"}));
    CHECK(group["interpreters"] == Json::array({"CPython 3.12.1"}));
    CHECK(group["first_interpreters"] == Json::array({"CPython 3.12.1"}));
    CHECK(group["interpreters_before_first"] == Json::array({"CPython 3.11.2"}));
    std::string text = report({before, after}, "text").output;
    CHECK(text.find("interpreters CPython 3.12.1 (first seen in CPython 3.12.1; not in CPython "
                    "3.11.2)") != std::string::npos);
}

TEST_CASE("versions: a crash bucket lists its interpreters' versions, oldest first") {
    test::TempDir dir;
    std::string newer = recorded(dir.path(), "crash", "2.0.1", "3.12.1");
    std::string older = recorded(dir.path(), "crash", "2.0.1", "3.9.18");
    Json json = report_json({newer, older});
    REQUIRE(json["crash_buckets"].size() == 1);
    const Json& bucket = json["crash_buckets"][0];
    CHECK(bucket["interpreter_versions"] == Json::array({"CPython 3.9.18", "CPython 3.12.1"}));
    CHECK(bucket["first_interpreter_versions"] == Json::array({"CPython 3.9.18"}));
    std::string text = report({newer, older}, "text").output;
    CHECK(text.find("interpreters CPython 3.9.18, CPython 3.12.1 (first seen in CPython 3.9.18)") !=
          std::string::npos);
}

} // namespace framescope
