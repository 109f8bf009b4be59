// Test helpers: popen-based command runner and scratch directories.

#include "tests/support/test_support.h"

#include "store/database.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include <doctest/doctest.h>

namespace framescope::test {

CommandResult run_command(const std::string& command, bool merge_stderr) {
    std::string full = command + (merge_stderr ? " 2>&1" : "");
    FILE* pipe = popen(full.c_str(), "r");
    REQUIRE_MESSAGE(pipe != nullptr, "cannot run: " << command);
    std::string output;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0)
        output.append(buf, n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

void run_fixture(const std::string& interpreter, const std::string& script,
                 const std::vector<std::string>& args) {
    std::string command = quote(interpreter) + " " + quote((fixtures_dir() / script).string());
    for (const std::string& arg : args)
        command += " " + quote(arg);
    CommandResult result = run_command(command, true);
    REQUIRE_MESSAGE(result.exit_code == 0, command << "\n" << result.output);
}

CommandResult run_python3(const std::string& script, const std::vector<std::string>& args) {
    std::string command = quote(python3()) + " -c " + quote(script);
    for (const std::string& arg : args)
        command += " " + quote(arg);
    return run_command(command);
}

std::string quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

std::string python3() {
    return FRAMESCOPE_TEST_PYTHON3;
}
std::string pypy3() {
    return FRAMESCOPE_TEST_PYPY3;
}
std::vector<std::string> interpreters() {
    std::vector<std::string> found{python3()};
    if (!pypy3().empty())
        found.push_back(pypy3());
    return found;
}

int64_t count_rows(Database& db, const char* table) {
    Result<Statement> query = db.prepare(std::string("SELECT COUNT(*) FROM ") + table);
    REQUIRE(query);
    std::optional<Error> error;
    REQUIRE(query->step(error));
    return query->column_int(0);
}

std::string framescope_binary() {
    return FRAMESCOPE_TEST_BINARY;
}
std::filesystem::path fixtures_dir() {
    return FRAMESCOPE_TEST_FIXTURES;
}

std::filesystem::path recorder_dir() {
    return FRAMESCOPE_TEST_RECORDER;
}

std::filesystem::path samples_dir() {
    return FRAMESCOPE_TEST_SAMPLES;
}

std::filesystem::path corpus_dir() {
    std::filesystem::path corpus = FRAMESCOPE_TEST_CORPUS;
    return std::filesystem::is_directory(corpus / "expected") ? corpus : std::filesystem::path();
}

std::filesystem::path shared_corpus_dir(const std::string& name) {
    std::filesystem::path corpus =
        std::filesystem::path(FRAMESCOPE_TEST_CORPUS).parent_path() / name;
    return std::filesystem::is_directory(corpus) ? corpus : std::filesystem::path();
}

std::vector<std::map<std::string, std::string>> read_tsv(const std::filesystem::path& path) {
    std::istringstream in(read_text(path));
    std::string line;
    std::vector<std::string> columns;
    std::getline(in, line);
    for (std::istringstream header(line); std::getline(header, line, '\t');)
        columns.push_back(line);
    std::vector<std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::map<std::string, std::string>& row = rows.emplace_back();
        for (const std::string& column : columns)
            std::getline(fields, row[column], '\t');
    }
    return rows;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "framescope-test-XXXXXX");
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

} // namespace framescope::test
