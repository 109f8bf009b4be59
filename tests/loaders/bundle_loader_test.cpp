// The bundle loader on the committed sample bundles, on bundles packed by the recorder, and
// on damaged bundles: cut short (normal after a crash) or corrupt (an error naming the line).

#include <doctest/doctest.h>

#include <algorithm>

#include "loaders/bundle_loader.h"
#include "loaders/pstats_loader.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::filesystem::path sample_bundle(const std::string& name) {
    return test::samples_dir() / "bundles" / name;
}

ReportBundle load_sample(const std::string& name) {
    Result<ReportBundle> bundle = load_bundle(sample_bundle(name).string());
    REQUIRE_MESSAGE(bundle, bundle.error().to_string());
    return std::move(*bundle);
}

std::string innermost_main_function(const ReportBundle& bundle, const StackSample& sample) {
    for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t) {
        const ThreadStack& thread = bundle.threads[t];
        if (thread.is_main && thread.frame_count > 0)
            return std::string(
                bundle.strings.get(bundle.stack_frames[thread.first_frame].function));
    }
    return {};
}

size_t longest_frame(const ReportBundle& bundle) {
    size_t longest = 0;
    for (size_t i = 1; i < bundle.frames.size(); ++i)
        if (bundle.frames.duration_us[i] > bundle.frames.duration_us[longest])
            longest = i;
    return longest;
}

// A copy of a small real bundle, to damage.
std::filesystem::path copy_of_sample(const test::TempDir& dir, const std::string& name) {
    std::filesystem::path copy = dir / name;
    std::filesystem::copy(sample_bundle(name), copy);
    return copy;
}

} // namespace

TEST_CASE("bundle loader: each sample failure shows in its bundle") {
    ReportBundle stall = load_sample("network-stall");
    CHECK(stall.session.app == "demo-app");
    CHECK(stall.session.interpreter == "cpython");
    CHECK(stall.ending.status == SessionStatus::clean);
    size_t stalled = longest_frame(stall);
    CHECK(stall.frames.duration_us[stalled] > 2'900'000);
    REQUIRE_FALSE(stall.samples.empty());
    for (const StackSample& sample : stall.samples)
        if (sample.frame_index == stalled)
            CHECK(innermost_main_function(stall, sample) == "read_reply");

    ReportBundle deadlock = load_sample("logging-deadlock");
    CHECK(innermost_main_function(deadlock, deadlock.samples.back()) == "acquire");

    ReportBundle crashed = load_sample("uncaught-exception");
    CHECK(crashed.ending.status == SessionStatus::crashed);
    REQUIRE(crashed.crashes.size() == 1);
    CHECK(crashed.crashes.front().text.find("GameStateError: damage for entity 4711") !=
          std::string::npos);

    ReportBundle native = load_sample("native-crash");
    CHECK(native.ending.status == SessionStatus::crashed);
    CHECK(native.ending.inferred);
    CHECK(native.fatal_error.find("in read_native_buffer") != std::string::npos);

    ReportBundle hang = load_sample("network-hang");
    CHECK(hang.ending.status == SessionStatus::abnormal);
    CHECK(hang.ending.hung);

    ReportBundle normal = load_sample("normal");
    CHECK(normal.ending.status == SessionStatus::clean);
    CHECK(normal.frames.size() > 200);
    Result<PstatsProfile> profile =
        load_pstats(std::span(reinterpret_cast<const uint8_t*>(normal.profile_pstats.data()),
                              normal.profile_pstats.size()),
                    ProfileSource{"normal/profile.pstats", 0});
    REQUIRE_MESSAGE(profile, profile.error().to_string());
    CHECK(profile->function_count > 20);
}

TEST_CASE("bundle loader: packed sample bundles load like folders") {
    ReportBundle pypy = load_sample("network-stall-pypy.zip");
    CHECK(pypy.session.interpreter == "pypy");
    CHECK(pypy.frames.duration_us[longest_frame(pypy)] > 2'900'000);
    CHECK(innermost_main_function(pypy, pypy.samples.front()) == "read_reply");

    ReportBundle storm = load_sample("gc-storm.tar.gz");
    double longest_pause_ms = 0;
    for (const GcEvent& event : storm.gc_events)
        longest_pause_ms = std::max(longest_pause_ms, event.duration_ms);
    CHECK(longest_pause_ms > 100);
    bool sampled_in_collector = false;
    for (const StackSample& sample : storm.samples)
        sampled_in_collector |= sample.during_gc;
    CHECK(sampled_in_collector);
}

TEST_CASE("bundle loader: the recorder's zip and tar.gz hold the same session as its folder") {
    test::TempDir dir;
    test::run_command("PYTHONPATH=" + test::quote(test::recorder_dir().string()) + " " +
                      test::quote(test::python3()) + " " +
                      test::quote((test::fixtures_dir() / "recorder_app.py").string()) + " stall " +
                      test::quote(dir.path().string()));
    std::filesystem::path folder = std::filesystem::directory_iterator(dir.path())->path();
    Result<ReportBundle> original = load_bundle(folder.string());
    REQUIRE(original);
    for (const char* format : {"zip", "tar.gz"}) {
        INFO(format);
        test::CommandResult packed = test::run_command(
            test::quote(test::python3()) + " " +
            test::quote((test::recorder_dir() / "framescope_recorder.py").string()) + " pack " +
            test::quote(folder.string()) + " --format " + format);
        REQUIRE(packed.exit_code == 0);
        std::string archive = packed.output.substr(0, packed.output.find('\n'));
        Result<ReportBundle> unpacked = load_bundle(archive);
        REQUIRE_MESSAGE(unpacked, unpacked.error().to_string());
        CHECK(unpacked->frames.duration_us == original->frames.duration_us);
        CHECK(unpacked->samples.size() == original->samples.size());
        CHECK(unpacked->stack_frames.size() == original->stack_frames.size());
        CHECK(unpacked->session.start == original->session.start);
    }
}

TEST_CASE("bundle loader: a last line cut off by a crash is left out with a note") {
    test::TempDir dir;
    std::filesystem::path bundle = copy_of_sample(dir, "network-stall");
    std::string samples = test::read_text(bundle / "samples.jsonl");
    size_t complete_lines = static_cast<size_t>(std::count(samples.begin(), samples.end(), '\n'));
    // Cut inside the last line, and at many places throughout: every cut loads or fails
    // cleanly; a cut inside a line is never an error.
    for (size_t cut = 1; cut < samples.size(); cut += 97) {
        test::write_text(bundle / "samples.jsonl", samples.substr(0, cut));
        Result<ReportBundle> loaded = load_bundle(bundle.string());
        REQUIRE_MESSAGE(loaded, loaded.error().to_string());
        size_t whole = static_cast<size_t>(
            std::count(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(cut), '\n'));
        CHECK(loaded->samples.size() == whole);
        CHECK(loaded->notes.size() == (samples[cut - 1] == '\n' ? 0u : 1u));
    }
    CHECK(complete_lines > 10);
}

TEST_CASE("bundle loader: corrupt records are errors naming the member and line") {
    test::TempDir dir;
    std::filesystem::path bundle = copy_of_sample(dir, "network-stall");
    const std::string frames = test::read_text(bundle / "frames.jsonl");
    auto error_for = [&](const std::string& member, const std::string& content) {
        std::string original = test::read_text(bundle / member);
        test::write_text(bundle / member, content);
        Result<ReportBundle> loaded = load_bundle(bundle.string());
        test::write_text(bundle / member, original);
        REQUIRE_FALSE(loaded);
        return loaded.error().to_string();
    };
    std::string first_line = frames.substr(0, frames.find('\n') + 1);
    CHECK(error_for("frames.jsonl", first_line + "{\"t\": 1, \"d\": [1, -5]}\n" + first_line) ==
          bundle.string() + "/frames.jsonl:2: \"d\" must be a whole number, 0 or more");
    CHECK(error_for("frames.jsonl", first_line + "{\"t\": 1, \"d\": [1,\n")
              .starts_with(bundle.string() + "/frames.jsonl:2: invalid JSON"));
    CHECK(error_for("frames.jsonl", "{\"t\": 0, \"d\": [1, 2], \"g\": [0]}\n") ==
          bundle.string() + "/frames.jsonl:1: \"g\" must be an array as long as \"d\"");
    CHECK(error_for("samples.jsonl", "{\"t\": 0.5, \"frame\": 1, \"lag\": 0.1, \"threads\": "
                                     "[{\"id\": 1, \"stack\": [[\"a.py\", 3]]}]}\n") ==
          bundle.string() + "/samples.jsonl:1: a stack entry must be [file, line, function]");
    CHECK(error_for("crashes.jsonl", "{\"t\": 1, \"kind\": \"exception\", \"file\": "
                                     "\"../../etc/passwd\"}\n") ==
          bundle.string() + "/crashes.jsonl:1: \"file\" must name a file of the bundle");
    CHECK(error_for("session.json", "{\"format\": \"framescope-bundle\", \"format_version\": 7, "
                                    "\"frame_budget_ms\": 16.7}") ==
          bundle.string() + "/session.json:1: written in bundle format 7; this framescope "
                            "reads up to 1");
    CHECK(error_for("end.json", "{\"status\": \"exploded\"}") ==
          bundle.string() + "/end.json:1: unknown \"status\" \"exploded\"");
    CHECK(error_for("end.json", "{\"status\": \"clean\", \"crashes_dropped\": -3}") ==
          bundle.string() + "/end.json:1: \"crashes_dropped\" must be a whole number, 0 or more");

    std::filesystem::remove(bundle / "session.json");
    Result<ReportBundle> not_a_bundle = load_bundle(bundle.string());
    REQUIRE_FALSE(not_a_bundle);
    CHECK(not_a_bundle.error().to_string() ==
          bundle.string() + ": not a report bundle (no session.json)");
}

TEST_CASE("bundle loader: stderr.txt cut anywhere or holding junk loads, whole tracebacks only") {
    // What Python itself prints to stderr: a worker thread's exception, a __del__'s, and
    // one the program printed; then cut at many places, and junk around it.
    test::TempDir dir;
    std::filesystem::path bundle = copy_of_sample(dir, "network-stall");
    test::CommandResult printed = test::run_command(
        test::quote(test::python3()) + " -c " +
        test::quote("import gc, threading, traceback\n"
                    "t = threading.Thread(target=lambda: {}['x'], name='Loader')\n"
                    "t.start(); t.join()\n"
                    "class Handle:\n"
                    "    def __del__(self): raise RuntimeError('freed twice')\n"
                    "Handle()\n"
                    "try:\n"
                    "    1 / 0\n"
                    "except ZeroDivisionError:\n"
                    "    traceback.print_exc()\n") +
        " 2>&1");
    REQUIRE(printed.exit_code == 0);
    const std::string text = printed.output;
    auto crashes_with = [&](const std::string& content) {
        test::write_text(bundle / "stderr.txt", content);
        Result<ReportBundle> loaded = load_bundle(bundle.string());
        REQUIRE_MESSAGE(loaded, loaded.error().to_string());
        return loaded->crashes;
    };
    std::vector<CrashRecord> whole = crashes_with(text);
    REQUIRE(whole.size() == 3);
    CHECK(whole[0].kind == "thread_exception");
    CHECK(whole[0].thread == "Loader");
    CHECK(whole[1].kind == "unraisable");
    CHECK(whole[2].kind == "printed");
    for (const CrashRecord& crash : whole) {
        CHECK(crash.file == "stderr.txt");
        REQUIRE(crash.reports.size() == 1);
        CHECK(crash.reports.front().kind == CrashReport::Kind::traceback);
    }
    for (size_t cut = 1; cut < text.size(); cut += 13)
        CHECK(crashes_with(text.substr(0, cut)).size() <= 3);
    constexpr char kBinary[] = "\0\xff\xfe garbage\n";
    const std::string junk = std::string(kBinary, sizeof kBinary - 1) +
                             "Exception in thread \nException ignored in\nTraceback\n";
    CHECK(crashes_with(junk).empty());
    CHECK(crashes_with(junk + text + junk).size() == 3);
}

TEST_CASE("bundle loader: damaged archives are errors naming the archive") {
    test::TempDir dir;
    const std::string zip = test::read_text(sample_bundle("network-stall-pypy.zip"));
    const std::string tar = test::read_text(sample_bundle("gc-storm.tar.gz"));
    for (const auto& [name, bytes] :
         {std::pair{std::string("cut.zip"), zip}, std::pair{std::string("cut.tar.gz"), tar}}) {
        for (size_t cut = 0; cut < bytes.size(); cut += 131) {
            std::filesystem::path path = dir / name;
            test::write_text(path, bytes.substr(0, cut));
            Result<ReportBundle> loaded = load_bundle(path.string());
            if (!loaded) // some cuts still hold every member: those load
                CHECK(loaded.error().to_string().starts_with(path.string()));
        }
    }
    std::filesystem::path garbage = dir / "garbage.zip";
    test::write_text(garbage, "this is not an archive\n");
    Result<ReportBundle> loaded = load_bundle(garbage.string());
    REQUIRE_FALSE(loaded);
    CHECK(loaded.error().to_string().starts_with(garbage.string()));
}

TEST_CASE(
    "bundle files: limits bound what an archive unpacks to, and paths out of it are refused") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_uploads.py",
                      {"hostile", sample_bundle("normal").string(), (dir / "hostile").string()});
    // The whole archive is refused for one member outside the bundle, not just that member.
    Result<BundleFiles> escaping =
        read_bundle_files((dir / "hostile" / "parent-path.zip").string());
    REQUIRE_FALSE(escaping);
    CHECK(escaping.error().message.find("member path leaves the bundle: ../../escaped.txt") !=
          std::string::npos);

    const BundleLimits tight{1 << 20, 2 << 20, 100};
    Result<BundleFiles> bomb =
        read_bundle_files((dir / "hostile" / "zip-bomb.zip").string(), tight);
    REQUIRE_FALSE(bomb);
    CHECK(bomb.error().message.find("unpacks to more than the bundle limit") != std::string::npos);
    Result<BundleFiles> many =
        read_bundle_files((dir / "hostile" / "many-members.zip").string(), tight);
    REQUIRE_FALSE(many);
    CHECK(many.error().message.find("more than 100 entries") != std::string::npos);

    // The defaults, for a user's own files, read all 5,000.
    Result<BundleFiles> all = read_bundle_files((dir / "hostile" / "many-members.zip").string());
    REQUIRE_MESSAGE(all, all.error().to_string());
    CHECK(all->find("session.json").has_value());
    CHECK(all->members.size() > 5000);
    Result<BundleFiles> other =
        read_bundle_files((dir / "hostile" / "other-app.zip").string(), tight);
    REQUIRE_MESSAGE(other, other.error().to_string());
}

} // namespace framescope
