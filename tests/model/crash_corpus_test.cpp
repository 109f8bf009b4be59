// Crash reports that real users pasted into public issues (../shared/crash-corpus, when
// present), bucketed as a user would bucket them: each bug is exactly one bucket holding
// exactly its files, nothing is left unparsed, and the signature names the crash site.

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

TEST_CASE("real pasted crash reports: every bug is exactly one bucket of exactly its files") {
    std::filesystem::path corpus = test::shared_corpus_dir("crash-corpus");
    if (corpus.empty()) {
        MESSAGE("../shared/crash-corpus is not there: skipped");
        return;
    }
    test::TempDir dir;
    std::string command = test::quote(test::framescope_binary()) + " buckets --format json --db " +
                          test::quote((dir / "c.db").string());
    for (const auto& entry : std::filesystem::directory_iterator(corpus / "reports"))
        command += " " + test::quote(entry.path().string());
    test::CommandResult run = test::run_command(command);
    REQUIRE(run.exit_code == 0);
    Json buckets = Json::parse(run.output);

    std::map<std::string, std::set<std::string>> files_of_bucket; // signature -> files
    std::map<std::string, std::set<std::string>> buckets_of_file;
    for (const Json& bucket : buckets) {
        CHECK_MESSAGE(!bucket["unparsed"].get<bool>(), bucket["representative"]);
        for (const Json& file : bucket["files"]) {
            std::string name = std::filesystem::path(file.get<std::string>()).filename();
            files_of_bucket[bucket["signature"]].insert(name);
            buckets_of_file[name].insert(bucket["signature"]);
        }
    }
    Json expected = Json::parse(test::read_text(corpus / "expected.json"));
    for (const Json& bug : expected) {
        CAPTURE(bug["bug"].get<std::string>());
        std::set<std::string> files(bug["files"].begin(), bug["files"].end());
        std::string first = *files.begin();
        REQUIRE(buckets_of_file[first].size() == 1);
        CHECK(files_of_bucket[*buckets_of_file[first].begin()] == files);
    }

    // The signature's innermost frame is the crash site the maintainers name (SyntaxErrors
    // name a file and line instead of a function).
    std::map<std::string, std::map<std::string, std::string>> truth;
    for (auto& row : test::read_tsv(corpus / "truth.tsv"))
        truth[row["file"]] = row;
    size_t named = 0, right = 0;
    for (const Json& bucket : buckets)
        for (const Json& file : bucket["files"]) {
            const auto& row = truth[std::filesystem::path(file.get<std::string>()).filename()];
            if (row.at("exception") == "SyntaxError" || bucket["frames"].empty())
                continue;
            ++named;
            right += bucket["frames"][0]["function"] == row.at("crash_function");
        }
    MESSAGE("crash site right in " << right << " of " << named << " reports");
    CHECK(right * 10 >= named * 9);
}

} // namespace
} // namespace framescope
