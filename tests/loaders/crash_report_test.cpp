// Crash reports as Python writes them (run at test time on python3, and pypy3 where the
// shape exists there) and as people hand them over: quoted, indentation lost, inside log
// lines, with Windows paths, several in one file, a faulthandler dump among them.

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "loaders/crash_report.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

// What `interpreter` prints on stderr running `source` (which must fail).
std::string crash_of(const std::string& interpreter, const std::string& source) {
    test::TempDir dir;
    test::write_text(dir / "app.py", source);
    test::CommandResult run =
        test::run_command(test::quote(interpreter) + " " + test::quote((dir / "app.py").string()) +
                          " 2>&1 >/dev/null");
    REQUIRE(run.exit_code != 0);
    return run.output;
}

CrashReport only_report(std::vector<CrashReport> reports) {
    REQUIRE(reports.size() == 1);
    return std::move(reports.front());
}

std::string each_line(const std::string& text, const std::string& prefix,
                      bool strip_indent = false) {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);) {
        if (strip_indent)
            line.erase(0, line.find_first_not_of(' '));
        out += prefix + line + "\n";
    }
    return out;
}

// The same crash, read again: same exceptions, same frames by function.
void check_same(const CrashReport& a, const CrashReport& b) {
    REQUIRE(a.chain.size() == b.chain.size());
    for (size_t i = 0; i < a.chain.size(); ++i) {
        CHECK(a.chain[i].type == b.chain[i].type);
        CHECK(a.chain[i].message == b.chain[i].message);
        REQUIRE(a.chain[i].frames.size() == b.chain[i].frames.size());
        for (size_t f = 0; f < a.chain[i].frames.size(); ++f) {
            CHECK(a.chain[i].frames[f].function == b.chain[i].frames[f].function);
            CHECK(a.chain[i].frames[f].line == b.chain[i].frames[f].line);
        }
    }
}

constexpr const char* kChained =
    "class StoreError(Exception):\n"
    "    pass\n"
    "def lookup(items, key):\n"
    "    return items[key]\n"
    "def load(key):\n"
    "    try:\n"
    "        return lookup({}, key)\n"
    "    except KeyError as missing:\n"
    "        raise StoreError('no ' + key + '\\nsecond line') from missing\n"
    "def main():\n"
    "    try:\n"
    "        load('apple')\n"
    "    finally:\n"
    "        1 / 0\n"
    "main()\n";

} // namespace

TEST_CASE("crash reports: chained exceptions, multi-line messages, both interpreters") {
    for (const std::string& interpreter : test::interpreters()) {
        INFO(interpreter);
        const CrashReport report =
            only_report(parse_crash_reports(crash_of(interpreter, kChained)));
        CHECK(report.kind == CrashReport::Kind::traceback);
        REQUIRE(report.chain.size() == 3);
        CHECK(report.chain[0].type == "KeyError");
        CHECK(report.chain[1].type == "StoreError");
        CHECK(report.chain[1].message == "no apple\nsecond line");
        CHECK(report.chain[2].type == "ZeroDivisionError");
        CHECK(report.final_exception()->frames.back().function == "main");
        CHECK(report.chain[1].frames.back().function == "load");
        CHECK(report.chain[1].frames.back().line == 9);
    }
}

TEST_CASE("crash reports: recursion, carets, exception groups and syntax errors") {
    const std::string python = test::python3();
    const CrashReport recursion = only_report(
        parse_crash_reports(crash_of(python, "def walk(n):\n    return walk(n + 1)\nwalk(0)\n")));
    CHECK(recursion.final_exception()->type == "RecursionError");
    CHECK(recursion.final_exception()->frames.back().repeated > 900);

    const CrashReport carets = only_report(parse_crash_reports(crash_of(
        python, "data = {'a': [1]}\ndef get():\n    return data['a'][5] + data['b'][0]\nget()\n")));
    CHECK(carets.final_exception()->type == "IndexError");
    CHECK(carets.final_exception()->frames.size() == 2);

    const CrashReport group = only_report(parse_crash_reports(crash_of(
        python,
        "def many():\n    raise ExceptionGroup('many', [ValueError(1), TypeError(2)])\nmany()\n")));
    CHECK(group.final_exception()->type == "ExceptionGroup");
    CHECK(group.final_exception()->message == "many (2 sub-exceptions)");
    CHECK(group.final_exception()->frames.back().function == "many");

    const CrashReport syntax =
        only_report(parse_crash_reports(crash_of(python, "def f(:\n    pass\n")));
    CHECK(syntax.final_exception()->type == "SyntaxError");
    REQUIRE(syntax.final_exception()->frames.size() == 1);
    CHECK(syntax.final_exception()->frames[0].line == 1);

    // A module that does not compile, imported: a traceback whose last frame has no function.
    test::TempDir dir;
    test::write_text(dir / "broken.py", "x = (\n");
    test::write_text(dir / "main.py", "import broken\n");
    test::CommandResult imported = test::run_command(
        "cd " + test::quote(dir.path().string()) + " && " + test::quote(python) + " main.py 2>&1");
    const CrashReport import_error = only_report(parse_crash_reports(imported.output));
    CHECK(import_error.final_exception()->type == "SyntaxError");
    CHECK(import_error.final_exception()->frames.front().function == "<module>");
}

TEST_CASE("crash reports: as people paste them") {
    const std::string text = crash_of(test::python3(), kChained);
    const CrashReport original = only_report(parse_crash_reports(text));

    SUBCASE("quoted, twice") {
        check_same(only_report(parse_crash_reports(each_line(text, "> > "))), original);
    }
    SUBCASE("indentation lost") {
        check_same(only_report(parse_crash_reports(each_line(text, "", true))), original);
    }
    SUBCASE("inside log lines, every line prefixed") {
        std::string logged = "2026-11-20 10:00:00 shop[4242]: starting\n" +
                             each_line(text, "2026-11-20 10:00:01 shop[4242]: ") +
                             "2026-11-20 10:00:02 shop[4242]: restarting\n";
        check_same(only_report(parse_crash_reports(logged)), original);
    }
    SUBCASE("with Windows paths, in an application's crash dialog") {
        std::string windows = "The application has stopped working.\n\nDetails:\n";
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            size_t file = line.find("File \"/");
            if (file != std::string::npos) {
                line.replace(file + 6, 0, "C:");
                std::replace(line.begin() + long(file) + 6,
                             line.begin() + long(line.find('"', file + 8)), '/', '\\');
            }
            windows += line + "\n";
        }
        windows += "\nPlease send this report to support.\n";
        const CrashReport report = only_report(parse_crash_reports(windows));
        check_same(report, original);
        CHECK(report.final_exception()->frames.back().file.starts_with("C:\\"));
    }
    SUBCASE("several reports in one file, a faulthandler dump among them") {
        std::string fatal = crash_of(test::python3(),
                                     "import ctypes, faulthandler\nfaulthandler.enable()\n"
                                     "def read(address):\n    return ctypes.string_at(address, 1)\n"
                                     "read(16)\n");
        std::vector<CrashReport> reports =
            parse_crash_reports(text + "\nand then, after a restart:\n" + fatal + text);
        REQUIRE(reports.size() == 3);
        check_same(reports[0], original);
        CHECK(reports[1].kind == CrashReport::Kind::fatal);
        CHECK(reports[1].fatal_message == "Segmentation fault");
        CHECK(reports[1].fatal_frames.back().function == "string_at");
        check_same(reports[2], original);
    }
    SUBCASE("cut off before its exception line, or no report at all: kept as text") {
        std::string cut = text.substr(0, text.find("KeyError"));
        std::vector<CrashReport> reports = parse_crash_reports(cut);
        REQUIRE_FALSE(reports.empty());
        CHECK(reports.front().kind == CrashReport::Kind::unparsed);
        const CrashReport words =
            only_report(parse_crash_reports("It just closed when I clicked Save.\n"));
        CHECK(words.kind == CrashReport::Kind::unparsed);
        CHECK(words.text == "It just closed when I clicked Save.\n");
    }
}

} // namespace framescope

namespace framescope {
namespace {

constexpr const char* kThreeFrames = "def price(cart):\n"
                                     "    return cart['total'] / cart['count']\n"
                                     "def checkout(cart):\n"
                                     "    return price(cart)\n"
                                     "checkout({'total': 3, 'count': 0})\n";

// Every line of `text` through `change`, joined with `separator`.
template <typename Change>
std::string rewrite(const std::string& text, Change change, const std::string& separator = "\n") {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        out += change(line) + separator;
    return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

TEST_CASE("crash reports: what web pages, chat and consoles do to a paste") {
    const std::string text = crash_of(test::python3(), kThreeFrames);
    const CrashReport original = only_report(parse_crash_reports(text));
    REQUIRE(original.final_exception()->type == "ZeroDivisionError");
    REQUIRE(original.final_exception()->frames.size() == 3);

    SUBCASE("blank lines between frames, indentation lost") {
        check_same(
            only_report(parse_crash_reports(rewrite(
                text, [](std::string line) { return line.erase(0, line.find_first_not_of(' ')); },
                "\n\n"))),
            original);
    }
    SUBCASE("the whole traceback on one line, inside backticks after a log message") {
        std::string collapsed =
            "`2026-11-20 10:00:01 - shop - ERROR - checkout failed " +
            rewrite(
                text, [](std::string line) { return line.erase(0, line.find_first_not_of(' ')); },
                " ") +
            "`";
        check_same(only_report(parse_crash_reports(collapsed)), original);
    }
    SUBCASE("HTML from a web page: <p/> after each line, entities, typographic quotes") {
        std::string html = rewrite(text, [](std::string line) {
            line = replace_all(line, "'", "&#39;");
            line = replace_all(line, "<module>", "&lt;module&gt;");
            size_t open = line.find('"'), close = line.rfind('"');
            if (open != std::string::npos && close != open)
                line = line.substr(0, open) + "\u201c" + line.substr(open + 1, close - open - 1) +
                       "\u201d" + line.substr(close + 1);
            return line + "<p/>";
        });
        check_same(only_report(parse_crash_reports("<code>\n" + html + "</code>\n")), original);
    }
    SUBCASE("no Traceback header: a fragment from the first frame on") {
        std::string fragment = text.substr(text.find("  File"));
        CrashReport report = only_report(parse_crash_reports("it said:\n" + fragment));
        check_same(report, original);
    }
    SUBCASE("no Traceback header, every line behind a log prefix of its own time") {
        std::string fragment = text.substr(text.find("  File"));
        std::istringstream lines(fragment);
        std::string logged;
        int second = 0;
        for (std::string line; std::getline(lines, line);)
            logged += "2026-11-20 10:00:0" + std::to_string(second++ % 10) +
                      ",120 ERROR shop: " + line + "\n";
        check_same(only_report(parse_crash_reports(logged)), original);
    }
    SUBCASE("a logger's words before Traceback on its line only") {
        std::string logged = rewrite(text, [](std::string line) {
            return "[worker-3] " + (line.starts_with("Traceback") ? "ERROR:root:" + line : line);
        });
        check_same(only_report(parse_crash_reports(logged)), original);
    }
    SUBCASE("a function's name lost, a frame's code over several lines (3.13's elision)") {
        std::string lost = replace_all(text, ", in checkout", ", in ");
        std::string elided = replace_all(lost, "    return price(cart)\n",
                                         "    return price(\n    ...<2 lines>...\n    )\n");
        CrashReport report = only_report(parse_crash_reports(elided));
        REQUIRE(report.final_exception() != nullptr);
        REQUIRE(report.final_exception()->frames.size() == 3);
        CHECK(report.final_exception()->frames[1].function.empty());
        CHECK(report.final_exception()->frames[2].function == "price");
    }
    SUBCASE("a console that wraps at 80 columns") {
        std::string deep = "/home/someone/projects/a-rather-long-folder-name/and-deeper-still/x/";
        std::string wrapped = rewrite(replace_all(text, "\"/", "\"" + deep), [](std::string line) {
            return line.size() > 80 ? line.substr(0, 80) + "\n" + line.substr(80) : line;
        });
        CrashReport report = only_report(parse_crash_reports(wrapped));
        REQUIRE(report.final_exception() != nullptr);
        REQUIRE(report.final_exception()->frames.size() == 3);
        CHECK(report.final_exception()->frames[2].function == "price");
    }
}

TEST_CASE("crash reports: fatal errors of every OS, with the native stack after them") {
    std::string fatal =
        crash_of(test::python3(), "import ctypes, faulthandler\nfaulthandler.enable()\n"
                                  "def read(address):\n    return ctypes.string_at(address, 1)\n"
                                  "read(16)\n");
    SUBCASE("a crash reporter's native stack after faulthandler's dump") {
        std::string native =
            fatal + "\nNative stack:\n"
                    "#0  0x00007f3a1c2d5e2b in __memmove_avx_unaligned () from /lib/libc.so.6\n"
                    "#1  0x00007f3a1b0c4d10 in ffi_call_unix64 () from /lib/libffi.so.8\n";
        std::vector<CrashReport> reports = parse_crash_reports(native);
        REQUIRE(reports.size() == 1);
        CHECK(reports[0].kind == CrashReport::Kind::fatal);
        CHECK(reports[0].fatal_frames.back().function == "string_at");
        for (const CrashFrame& frame : reports[0].fatal_frames)
            CHECK(frame.file.find("libc.so") == std::string::npos);
    }
    SUBCASE("behind a log prefix, and with every line break doubled") {
        for (const std::string& pasted :
             {rewrite(fatal, [](std::string line) { return "app-1  | " + line; }),
              rewrite(
                  fatal, [](std::string line) { return line; }, "\n\n")}) {
            std::vector<CrashReport> reports = parse_crash_reports(pasted);
            REQUIRE(reports.size() == 1);
            CHECK(reports[0].kind == CrashReport::Kind::fatal);
            REQUIRE_FALSE(reports[0].fatal_frames.empty());
            CHECK(reports[0].fatal_frames.back().function == "string_at");
            CHECK(reports[0].fatal_frames.front().function == "<module>");
        }
    }
    SUBCASE("faulthandler on Windows: 'Windows fatal exception: access violation'") {
        std::string windows = replace_all(fatal, "Fatal Python error: Segmentation fault",
                                          "Windows fatal exception: access violation");
        CrashReport report = only_report(parse_crash_reports(windows));
        CHECK(report.kind == CrashReport::Kind::fatal);
        CHECK(report.fatal_kind == "Windows fatal exception");
        CHECK(report.fatal_message == "access violation");
        REQUIRE_FALSE(report.fatal_frames.empty());
        CHECK(report.fatal_frames.back().function == "string_at");
    }
}

} // namespace
} // namespace framescope
