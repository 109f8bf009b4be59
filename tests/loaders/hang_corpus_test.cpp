// Real hang dumps pasted into public issue trackers (../shared/hang-corpus, when present):
// every file reads as dumps, and the main thread's innermost frame is the one truth.tsv
// names, both from the readers and as `framescope report` shows the first stall group.

#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "loaders/hang_dumps.h"
#include "model/report_inputs.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

struct TruthRow {
    std::string file;
    std::string format;
    std::string main_innermost_function; // "-" when the file does not show it
};

std::vector<TruthRow> read_truth(const std::filesystem::path& corpus) {
    std::vector<TruthRow> rows;
    for (auto& row : test::read_tsv(corpus / "truth.tsv"))
        rows.push_back({row["file"], row["format"], row["main_innermost_function"]});
    return rows;
}

// The corpus rows, or none (with a message) where the corpus is not beside the repository.
std::vector<TruthRow> corpus_rows() {
    if (test::shared_corpus_dir("hang-corpus").empty()) {
        MESSAGE("../shared/hang-corpus not found: real hang dumps not tried");
        return {};
    }
    std::vector<TruthRow> rows = read_truth(test::shared_corpus_dir("hang-corpus"));
    REQUIRE(!rows.empty());
    return rows;
}

std::string dump_path(const TruthRow& row) {
    return (test::shared_corpus_dir("hang-corpus") / "dumps" / row.file).string();
}

} // namespace

TEST_CASE("hang corpus: every pasted dump reads, and the main thread ends where truth says") {
    size_t checked = 0;
    for (const TruthRow& row : corpus_rows()) {
        INFO(row.file << " (" << row.format << ")");
        std::string text = test::read_text(dump_path(row));
        auto dumps = parse_hang_dumps(text, row.file);
        REQUIRE_MESSAGE(dumps, dumps.error().to_string());
        const HangDump* first = nullptr;
        for (const HangDump& dump : *dumps)
            if (!first && !dump.threads.empty())
                first = &dump;
        REQUIRE(first != nullptr);
        if (row.main_innermost_function == "-")
            continue;
        const DumpThread& main = main_thread_of(*first);
        REQUIRE(!main.frames.empty());
        CHECK(main.frames.front().function == row.main_innermost_function);
        ++checked;
    }
    MESSAGE(checked << " main threads checked against truth.tsv");
}

TEST_CASE("hang corpus: each dump is a stall trace whose first stall group starts at truth") {
    for (const TruthRow& row : corpus_rows()) {
        INFO(row.file);
        auto loaded = load_sessions({dump_path(row)});
        REQUIRE_MESSAGE(loaded, loaded.error().to_string());
        const std::vector<StallGroup>& groups = (*loaded)->findings.stall_groups;
        REQUIRE(!groups.empty());
        // Every paste shows some thread's frames, and the first group says where it was.
        CHECK(!groups.front().stack.empty());
        if (row.main_innermost_function != "-") {
            REQUIRE(!groups.front().stack.empty());
            CHECK(groups.front().stack.front().function == row.main_innermost_function);
        }
    }
}

TEST_CASE("hang corpus: framescope report --format json shows every dump's stall groups") {
    test::TempDir dir;
    for (const TruthRow& row : corpus_rows()) {
        INFO(row.file);
        test::CommandResult report =
            test::run_command(test::quote(test::framescope_binary()) + " report --db " +
                              test::quote((dir / (row.file + ".db")).string()) + " --format json " +
                              test::quote(dump_path(row)));
        REQUIRE(report.exit_code == 0);
        nlohmann::json json = nlohmann::json::parse(report.output);
        REQUIRE(json["stall_groups"].is_array());
        REQUIRE(!json["stall_groups"].empty());
        if (row.main_innermost_function != "-")
            CHECK(json["stall_groups"][0]["stack"][0]["function"] == row.main_innermost_function);
    }
}

} // namespace framescope
