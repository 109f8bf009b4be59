// The sniffer on real files made at test time (a cProfile profile, a traceback, a
// faulthandler dump, /bin/ls, an SQLite database, a PNG, a zip, marshal data), on hostile
// ones (empty, truncated, large and random), and on the shared real corpora when present.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "loaders/input_kind.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

const char* kind_name(InputKind kind) {
    switch (kind) {
    case InputKind::profile:
        return "profile";
    case InputKind::bundle:
        return "bundle";
    case InputKind::hang_dump:
        return "hang_dump";
    case InputKind::crash_text:
        return "crash_text";
    case InputKind::folder:
        return "folder";
    case InputKind::not_ours:
        return "not_ours";
    case InputKind::unreadable:
        return "unreadable";
    }
    return "?";
}

std::string kind_of(const std::filesystem::path& path) {
    return kind_name(input_kind(path.string()).kind);
}

std::string reason_of(const std::filesystem::path& path) {
    return input_kind(path.string()).reason;
}

} // namespace

TEST_CASE("input kind: profiles, reports and hang dumps made by Python are recognised") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_pstats.py", {(dir / "run.pstats").string()});
    test::run_fixture(test::python3(), "make_foreign_files.py", {dir.path().string()});
    CHECK(kind_of(dir / "run.pstats") == "profile");
    CHECK(kind_of(dir / "traceback.txt") == "crash_text");
    CHECK(kind_of(dir / "hang.txt") == "hang_dump");
    CHECK(kind_of(dir / "notes.txt") == "crash_text"); // kept as one unparsed report

    SUBCASE("whatever the file is called") {
        std::filesystem::copy(dir / "run.pstats", dir / "run.txt");
        std::filesystem::copy(dir / "traceback.txt", dir / "traceback.pstats");
        CHECK(kind_of(dir / "run.txt") == "profile");
        CHECK(kind_of(dir / "traceback.pstats") == "crash_text");
    }
    SUBCASE("a truncated profile is still a profile, for its loader to report") {
        test::write_text(dir / "cut.pstats", std::string("{\x29\x03", 3));
        CHECK(kind_of(dir / "cut.pstats") == "profile");
    }
}

TEST_CASE("input kind: the stacks of every dumper of a hung process are hang dumps") {
    test::TempDir dir;
    const std::pair<const char*, const char*> dumps[] = {
        {"faulthandler-later", "Timeout (0:00:05)!\nThread 0x00007f1 (most recent call first):\n"
                               "  File \"app.py\", line 3 in main\n"},
        {"py-spy", "Process 4242: python app.py\nPython v3.11.2 (/usr/bin/python3.11)\n\n"
                   "Thread 0x7F3A (idle): \"MainThread\"\n    wait (threading.py:320)\n"},
        {"pytest-timeout", "+++++++++++++++++++++ Timeout +++++++++++++++++++++\n"
                           "~~~~~~~~~~~~~~~~~~ Stack of MainThread (1401) ~~~~~~~~~~~~~~~~~~\n"
                           "  File \"test_app.py\", line 9, in test_wait\n"},
        {"gdb", "Traceback (most recent call first):\n  File \"app.py\", line 3, in main\n"},
    };
    for (const auto& [name, text] : dumps) {
        CAPTURE(name);
        test::write_text(dir / name, text);
        CHECK(kind_of(dir / name) == "hang_dump");
    }
    test::write_text(dir / "fatal.txt", "Fatal Python error: Segmentation fault\n\n"
                                        "Current thread 0x00007f1 (most recent call first):\n"
                                        "  File \"app.py\", line 3 in main\n");
    CHECK(kind_of(dir / "fatal.txt") == "crash_text"); // a crash, although it lists threads
}

TEST_CASE("input kind: files of other programs are not ours, saying what they look like") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_foreign_files.py", {dir.path().string()});
    CHECK(reason_of("/bin/ls") == "looks like an ELF executable");
    CHECK(reason_of(dir / "image.png") == "looks like a PNG image");
    CHECK(reason_of(dir / "data.db") == "looks like a SQLite database");
    CHECK(reason_of(dir / "archive.zip") == "looks like a zip archive that is not a report bundle");
    CHECK(reason_of(dir / "list.marshal") ==
          "looks like marshal data that is not a profile (list)");
    CHECK(reason_of(dir / "names.marshal") ==
          "looks like marshal data that is not a profile (dict)");
    CHECK(reason_of(dir / "noise.bin") == "looks like binary data");
    for (const char* name : {"image.png", "data.db", "archive.zip", "list.marshal", "noise.bin"})
        CHECK(kind_of(dir / name) == "not_ours");

    NamedInput ls{"/bin/ls", input_kind("/bin/ls"), false};
    CHECK(refusal_message(ls) == "/bin/ls: not a profile, bundle or report: looks like an ELF "
                                 "executable");
}

TEST_CASE("input kind: hostile files are refused at once") {
    test::TempDir dir;
    test::write_text(dir / "empty.txt", "");
    CHECK(kind_of(dir / "empty.txt") == "not_ours");
    CHECK(reason_of(dir / "empty.txt") == "is empty");
    CHECK(kind_of(dir / "missing.txt") == "unreadable");
    CHECK(reason_of(dir / "missing.txt") == "No such file or directory");

    // 8 GiB, sparse: only its first bytes are read.
    { std::ofstream huge(dir / "huge.bin"); }
    std::filesystem::resize_file(dir / "huge.bin", 8ull << 30);
    CHECK(reason_of(dir / "huge.bin") == "looks like binary data");
    test::write_text(dir / "huge.bin.1", std::string("\x7f"
                                                     "ELF",
                                                     4));
    CHECK(reason_of(dir / "huge.bin.1") == "looks like an ELF executable");
}

TEST_CASE("input kind: bundles by content, packed or not; a folder stands for its entries") {
    std::filesystem::path bundles = test::samples_dir() / "bundles";
    CHECK(kind_of(bundles / "network-stall") == "bundle");
    CHECK(kind_of(bundles / "network-stall-pypy.zip") == "bundle");
    CHECK(kind_of(bundles / "gc-storm.tar.gz") == "bundle");
    test::TempDir dir;
    std::filesystem::copy(bundles / "network-stall-pypy.zip", dir / "renamed.bin");
    CHECK(kind_of(dir / "renamed.bin") == "bundle");

    std::filesystem::create_directories(dir / "mixed" / "cache");
    std::filesystem::copy(bundles / "network-stall", dir / "mixed" / "b-bundle",
                          std::filesystem::copy_options::recursive);
    test::run_fixture(test::python3(), "make_pstats.py", {(dir / "mixed" / "c.pstats").string()});
    test::write_text(dir / "mixed" / "a.txt", "Traceback (most recent call last):\n"
                                              "  File \"app.py\", line 1, in <module>\n"
                                              "ValueError: bad\n");
    test::write_text(dir / "mixed" / "cache" / "ignored.txt", "x\n");
    std::vector<NamedInput> inputs = expand_inputs({(dir / "mixed").string(), "/bin/ls"});
    REQUIRE(inputs.size() == 4);
    CHECK(inputs[0].path == (dir / "mixed" / "a.txt").string());
    CHECK(inputs[0].sniff.kind == InputKind::crash_text);
    CHECK(inputs[1].sniff.kind == InputKind::bundle);
    CHECK(inputs[2].sniff.kind == InputKind::profile);
    CHECK(inputs[2].in_folder);
    CHECK(inputs[3].sniff.kind == InputKind::not_ours);
    CHECK_FALSE(inputs[3].in_folder);
}

TEST_CASE("input kind: text in cp1252 and UTF-16 is text, with its encoding") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_encoded_reports.py", {dir.path().string()});
    InputSniff cp1252 = input_kind((dir / "cp1252.txt").string());
    CHECK(kind_name(cp1252.kind) == std::string("crash_text"));
    CHECK(cp1252.encoding == TextEncoding::cp1252);
    InputSniff utf16 = input_kind((dir / "utf16le.txt").string());
    CHECK(kind_name(utf16.kind) == std::string("crash_text"));
    CHECK(utf16.encoding == TextEncoding::utf16le);
}

TEST_CASE("input kind: every real profile is a profile, every real report or dump is ours") {
    int checked = 0;
    if (std::filesystem::path corpus = test::corpus_dir(); !corpus.empty()) {
        for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
            std::string name = entry.path().filename().string();
            if (!entry.is_regular_file() || !(name.ends_with(".prof") || name.ends_with(".pstats")))
                continue;
            CAPTURE(name);
            CHECK(kind_of(entry.path()) == "profile");
            ++checked;
        }
    }
    for (const char* corpus : {"crash-corpus/reports", "hang-corpus/dumps"}) {
        std::filesystem::path reports = test::shared_corpus_dir(corpus);
        if (reports.empty())
            continue;
        for (const auto& entry : std::filesystem::directory_iterator(reports)) {
            CAPTURE(entry.path().string());
            std::string kind = kind_of(entry.path());
            CHECK((kind == "crash_text" || kind == "hang_dump"));
            ++checked;
        }
    }
    if (checked == 0)
        MESSAGE("no shared corpus beside the repository; skipped");
}

TEST_CASE("input kind: the hang corpus's dumps of known dumpers are hang dumps") {
    std::filesystem::path corpus = test::shared_corpus_dir("hang-corpus");
    if (corpus.empty()) {
        MESSAGE("no hang corpus beside the repository; skipped");
        return;
    }
    std::ifstream truth(corpus / "truth.tsv");
    std::string line;
    std::getline(truth, line); // the header
    int checked = 0;
    while (std::getline(truth, line)) {
        std::string file = line.substr(0, line.find('\t'));
        std::string format =
            line.substr(file.size() + 1, line.find('\t', file.size() + 1) - file.size() - 1);
        if (format == "other")
            continue;
        CAPTURE(file);
        CAPTURE(format);
        CHECK(kind_of(corpus / "dumps" / file) == "hang_dump");
        ++checked;
    }
    CHECK(checked > 0);
}

} // namespace framescope
