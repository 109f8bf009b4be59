// Real-world profiles from other people's projects (../shared/corpus, when present): each must
// print exactly what Python 3.11's pstats printed for it, Python 2 and code-object files too.

#include <filesystem>

#include <doctest/doctest.h>

#include "loaders/pstats_loader.h"
#include "model/pstats_combine.h"
#include "model/pstats_text.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string without_first_line(const std::string& text) {
    size_t newline = text.find('\n');
    return newline == std::string::npos ? "" : text.substr(newline + 1);
}

} // namespace

TEST_CASE("every corpus profile prints as Python printed it") {
    std::filesystem::path corpus = test::corpus_dir();
    if (corpus.empty()) {
        MESSAGE("no real-world corpus beside the repository; skipped");
        return;
    }
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(corpus / "expected")) {
        std::string expected_name = entry.path().filename().string();
        const std::string suffix = ".cumulative.txt";
        if (!expected_name.ends_with(suffix))
            continue;
        std::string name = expected_name.substr(0, expected_name.size() - suffix.size());
        CAPTURE(name);
        Result<PstatsProfile> profile = load_pstats_file((corpus / name).string());
        REQUIRE_MESSAGE(profile, (profile ? "" : profile.error().to_string()));

        // The first line holds the file's mtime and path, which a checkout does not keep.
        std::string cumulative =
            PstatsText(*profile, *parse_sort_order(std::vector<std::string>{"cumulative"}))
                .print_stats({});
        CHECK(without_first_line(cumulative) == without_first_line(test::read_text(entry.path())));

        Result<PstatsProfile> stripped = strip_dirs(*profile);
        REQUIRE(stripped);
        std::string callers =
            PstatsText(*stripped, *parse_sort_order(std::vector<std::string>{"tottime"}))
                .print_callers({Restriction::parse_amount("30")});
        CHECK(callers == test::read_text(corpus / "expected" / (name + ".tottime-callers.txt")));
        ++checked;
    }
    CHECK(checked > 0);
}

} // namespace framescope
