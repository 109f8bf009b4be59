// line_profiler's .lprof files: the real ones of ../shared/formats-corpus and ones written
// here by python3's pickle (from a stand-in LineStats registered under line_profiler's module
// names, since Debian has no line_profiler) read as Python's own Unpickler reads them;
// pickles that would run code, or are cut short or lie about lengths, are refused.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "core/file_bytes.h"
#include "loaders/lprof_loader.h"
#include "loaders/text_lines.h"
#include "model/line_profile_text.h"
#include "model/stack_profile_builder.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string fixture(const std::vector<std::string>& args) {
    std::string command = test::quote(test::python3()) + " " +
                          test::quote((test::fixtures_dir() / "lprof_files.py").string());
    for (const std::string& a : args)
        command += " " + test::quote(a);
    test::CommandResult run = test::run_command(command, true);
    REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    return run.output;
}

Result<LprofStats> load(const std::string& path) {
    Result<FileBytes> bytes = read_file_bytes(path);
    REQUIRE(bytes);
    return load_lprof(bytes->bytes(), path);
}

// Python's reading of the file (fixture `read`) against ours.
void check_as_python_reads(const std::string& path) {
    nlohmann::json python = nlohmann::json::parse(fixture({"read", path}));
    Result<LprofStats> ours = load(path);
    REQUIRE_MESSAGE(ours, (ours ? "" : ours.error().to_string()));
    CHECK(ours->unit_s == python["unit"].get<double>());
    REQUIRE(ours->functions.size() == python["functions"].size());
    for (size_t i = 0; i < ours->functions.size(); ++i) {
        const LprofFunction& f = ours->functions[i];
        const nlohmann::json& p = python["functions"][i];
        CHECK(f.file == p[0].get<std::string>());
        CHECK(f.first_line == p[1].get<int64_t>());
        CHECK(f.name == p[2].get<std::string>());
        REQUIRE(f.lines.size() == p[3].size());
        for (size_t l = 0; l < f.lines.size(); ++l) {
            CHECK(f.lines[l].line == p[3][l][0].get<int64_t>());
            CHECK(f.lines[l].hits == p[3][l][1].get<int64_t>());
            CHECK(f.lines[l].time == p[3][l][2].get<double>());
        }
    }
}

} // namespace

TEST_CASE("lprof: files pickled with protocols 2 to 5 under each line_profiler module name") {
    test::TempDir dir;
    std::string source = (dir / "work.py").string();
    for (const char* module : {"line_profiler.line_profiler", "line_profiler._line_profiler",
                               "_line_profiler", "line_profiler"}) {
        for (const char* protocol : {"2", "3", "4", "5"}) {
            INFO(module << " protocol " << protocol);
            std::string file = (dir / "p.lprof").string();
            fixture({"write", file, module, protocol, source});
            check_as_python_reads(file);
        }
    }
}

TEST_CASE("lprof corpus: every real file reads as Python reads it") {
    std::filesystem::path corpus = test::shared_corpus_dir("formats-corpus");
    if (corpus.empty()) {
        MESSAGE("../shared/formats-corpus not found: real .lprof files not tried");
        return;
    }
    size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus / "files")) {
        if (entry.path().extension() != ".lprof")
            continue;
        INFO(entry.path().filename().string());
        check_as_python_reads(entry.path().string());
        ++checked;
    }
    CHECK(checked == 4);
}

TEST_CASE("lprof: the function table holds each function's total time in seconds") {
    test::TempDir dir;
    std::string file = (dir / "p.lprof").string();
    fixture({"write", file, "line_profiler.line_profiler", "4", (dir / "work.py").string()});
    Result<LprofStats> profile = load(file);
    REQUIRE(profile);
    Result<std::shared_ptr<LoadedProfile>> loaded =
        profile_of_data({std::make_shared<ProfileData>(lprof_profile_data(*profile))}, {file});
    REQUIRE(loaded);
    const PstatsProfile& rows = (*loaded)->profile;
    REQUIRE(rows.function_count == 2);
    CHECK(line_timed_functions(**loaded).size() == 2);
    CHECK(rows.name(0) == "slow");
    CHECK(rows.self_s[0] == doctest::Approx((2000 + 51234567 + 60000000 + 1500) * 1e-9));
    CHECK(rows.line(0) == 4);
}

TEST_CASE("lprof: line_profiler's text, with the source where the file is") {
    test::TempDir dir;
    std::string file = (dir / "p.lprof").string(), source = (dir / "work.py").string();
    fixture({"write", file, "line_profiler.line_profiler", "5", source});
    Result<LprofStats> profile = load(file);
    REQUIRE(profile);
    std::string text = line_profile_text(*profile);
    INFO(text);
    // Functions in line_profiler's order, by (file, first line, name): slow, then fast.
    CHECK(text.rfind("Timer unit: 1e-09 s\n\nTotal time: 0.111238 s\nFile: " + source +
                         "\nFunction: slow at line 4\n\n",
                     0) == 0);
    CHECK(contains(text, "\nTotal time: 9e-07 s\nFile: " + source +
                             "\nFunction: fast at line 12\n\n"
                             "Line #      Hits         Time  Per Hit   % Time  Line Contents\n"
                             "==============================================================\n"
                             "    12                                           def fast():\n"
                             "    13                                               # a comment\n"
                             "    14         3        900.0    300.0    100.0      return 1\n\n"));
    // slow's total is 111238067 ticks; line 7's 51234567 are 46.1 % and 512.3 a hit; the
    // decorator line starts the block.
    CHECK(contains(text, "     4                                           @profile\n"));
    CHECK(contains(text, "     7    100001   51234567.0    512.3     46.1      "
                         "for i in range(n):\n"));
    CHECK(contains(text, "     9         1       1500.0   1500.0      0.0      "
                         "return total\n\n"));

    std::filesystem::remove(source);
    text = line_profile_text(*load(file));
    CHECK(contains(text, "\nCould not find file " + source + "\n"));
    CHECK(contains(text, "     8    100000   60000000.0    600.0     53.9  \n"));
}

TEST_CASE("lprof: pickles that would run code, lie or are cut short are refused") {
    test::TempDir dir;
    std::string hostile = (dir / "hostile.lprof").string();
    fixture({"hostile", hostile});
    Result<LprofStats> refused = load(hostile);
    REQUIRE(!refused);
    INFO(refused.error().to_string());
    CHECK(contains(refused.error().to_string(), "which this reader does not allow"));
    CHECK(contains(refused.error().to_string(), "system"));
    CHECK(refused.error().has_offset);

    auto refuse = [](std::string bytes) {
        Result<LprofStats> p = load_lprof(
            std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), "x.lprof");
        REQUIRE(!p);
        return p.error().to_string();
    };
    CHECK(refuse(std::string("\x80\x04X\xff\xff\xff\x7f", 8)) ==
          "x.lprof:0x2: a string of 2147483647 bytes runs past the end of the file");
    CHECK(refuse(std::string("\x80\x04\x95\xff\xff\xff\xff\xff\xff\xff\x7f", 11)) ==
          "x.lprof:0x2: a frame of 9223372036854775807 bytes runs past the end of the file");
    CHECK(refuse("\x80\x04"
                 "cos\nsystem\n") ==
          "x.lprof:0x2: not a line_profiler pickle: it names os.system, which this reader does "
          "not allow");
    CHECK(refuse(std::string("\x80\x04R", 3)) == "x.lprof:0x2: pickle stack underflow");
    CHECK(refuse("\x80\x04I1\n.") ==
          "x.lprof:0x2: not a line_profiler pickle: opcode 0x49 'I' is not one this reader "
          "allows");
    CHECK(refuse("\x80\x04}.") == "x.lprof:0x0: not a line_profiler pickle: it holds no "
                                  "LineStats object");
    // A list appended to itself, as pickle.dumps writes `l = []; l.append(l)`: refused, and
    // the address sanitizer's leak check says its cycle was broken.
    CHECK(refuse(std::string("\x80\x02]q\x00h\x00"
                             "a.",
                             9)) == "x.lprof:0x0: a container of the pickle holds itself");

    // Every prefix of a real file is refused with an offset, never read in part.
    std::string file = (dir / "p.lprof").string();
    fixture({"write", file, "line_profiler.line_profiler", "4", (dir / "work.py").string()});
    std::string whole = test::read_text(file);
    for (size_t n = 0; n < whole.size(); ++n) {
        Result<LprofStats> p =
            load_lprof(std::span(reinterpret_cast<const uint8_t*>(whole.data()), n), "cut.lprof");
        CHECK_MESSAGE(!p, n);
    }
}

} // namespace framescope
