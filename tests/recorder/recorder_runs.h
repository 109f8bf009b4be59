// What the recorder's tests share: running a fixture under the recorder and finding what it
// left behind (its one bundle, a line the fixture marked, a sample's main thread).
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"
#include "tests/support/test_support.h"

namespace framescope::test {

// INTERPRETER tests/fixtures/FIXTURE ARGS... OUT_DIR, with the recorder importable.
inline std::string recorder_fixture_command(const std::string& interpreter,
                                            const std::string& fixture, const std::string& args,
                                            const std::filesystem::path& out_dir) {
    return "PYTHONPATH=" + quote(recorder_dir().string()) + " " + quote(interpreter) + " " +
           quote((fixtures_dir() / fixture).string()) + " " + args + " " + quote(out_dir.string());
}

// Debian's interpreter: python3-pygame, python3-tk and python3-pyqt5 install for it only,
// and the python3 the build found may be another one (pyenv's).
inline const std::string kDebianPython3 = "/usr/bin/python3";

// The build's interpreters, and Debian's python3 where it is not one of them.
inline std::vector<std::string> interpreters_and_debian_python3() {
    std::vector<std::string> found = interpreters();
    std::error_code error;
    bool listed = false;
    for (const std::string& interpreter : found)
        listed |= std::filesystem::equivalent(interpreter, kDebianPython3, error);
    if (!listed && std::filesystem::exists(kDebianPython3))
        found.push_back(kDebianPython3);
    return found;
}

inline std::filesystem::path only_bundle_in(const std::filesystem::path& out_dir) {
    std::vector<std::filesystem::path> bundles;
    for (const auto& entry : std::filesystem::directory_iterator(out_dir))
        if (entry.is_directory())
            bundles.push_back(entry.path());
    REQUIRE(bundles.size() == 1);
    return bundles.front();
}

// The number of the line of tests/fixtures/FIXTURE marked "# MARKER".
inline uint32_t fixture_line(const std::string& marker,
                             const std::string& fixture = "recorder_app.py") {
    std::istringstream source(read_text(fixtures_dir() / fixture));
    std::string line;
    for (uint32_t number = 1; std::getline(source, line); ++number)
        if (line.find("# " + marker) != std::string::npos)
            return number;
    FAIL("no line marked " << marker);
    return 0;
}

inline const ThreadStack& main_thread_of(const ReportBundle& bundle, const StackSample& sample) {
    for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t)
        if (bundle.threads[t].is_main)
            return bundle.threads[t];
    FAIL("sample without the main thread");
    return bundle.threads.front();
}

} // namespace framescope::test
