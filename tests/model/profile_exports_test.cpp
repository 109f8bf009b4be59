// Exports of a real profile: the Markdown names the workload's hot functions, the tree text
// has one line per node, and the SVG is well-formed XML that a browser can show.

#include <algorithm>

#include <doctest/doctest.h>

#include "model/load_job.h"
#include "model/profile_exports.h"
#include "tests/support/test_support.h"

namespace framescope {

TEST_CASE("exports of a real profile name its hot functions and parse as what they claim") {
    test::TempDir dir;
    std::string file = (dir / "p.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file, "--workload", "recursion"});
    Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles({file});
    REQUIRE(loaded);
    const LoadedProfile& l = *loaded.value();

    std::string markdown = findings_markdown(l.profile, l.tree);
    CHECK(markdown.find("## Hottest functions by own time") != std::string::npos);
    // The first row of the first table is the function with the most own time.
    FunctionId hottest =
        FunctionId(std::max_element(l.profile.self_s.begin(), l.profile.self_s.end()) -
                   l.profile.self_s.begin());
    size_t first_row = markdown.find("|---:|---:|---:|---|\n") + 21;
    std::string row = markdown.substr(first_row, markdown.find('\n', first_row) - first_row);
    CHECK(row.find("`" + function_label(l.profile, hottest) + "`") != std::string::npos);
    // The hottest path leads to the tree node with the most own time.
    CallNodeId node = CallNodeId(
        std::max_element(l.tree.nodes().begin(), l.tree.nodes().end(),
                         [](const CallNode& a, const CallNode& b) { return a.self_s < b.self_s; }) -
        l.tree.nodes().begin());
    size_t paths = markdown.find("| own s | share | path |");
    REQUIRE(paths != std::string::npos);
    size_t first_path = markdown.find("\n", markdown.find("|---:|---:|---|", paths)) + 1;
    std::string path = markdown.substr(first_path, markdown.find('\n', first_path) - first_path);
    CHECK(path.find(std::string(l.profile.name(l.tree.node(node).function)) + "` |") !=
          std::string::npos);
    CHECK(path.find("<lambda> → ") != std::string::npos);

    std::string tree = call_tree_text(l.profile, l.tree);
    size_t lines = size_t(std::count(tree.begin(), tree.end(), '\n'));
    CHECK(lines == l.tree.nodes().size() + 1); // a header, then every node

    std::string svg = flame_graph_svg(l.profile, l.tree);
    test::write_text(dir / "flame.svg", svg);
    test::CommandResult parsed =
        test::run_python3("import sys, xml.etree.ElementTree as ET\n"
                          "root = ET.parse(sys.argv[1]).getroot()\n"
                          "ns = '{http://www.w3.org/2000/svg}'\n"
                          "print(len(root.findall(ns + 'g')), any('fib' in t.text for t in "
                          "root.iter(ns + 'title')))",
                          {(dir / "flame.svg").string()});
    REQUIRE(parsed.exit_code == 0);
    // Every node is drawn but those narrower than a tenth of a pixel (timings decide which).
    size_t wide = 0;
    for (const CallNode& n : l.tree.nodes())
        wide += n.inclusive_s >= 1e-3 * l.tree.total_s();
    size_t groups = std::stoul(parsed.output);
    CHECK(groups >= wide);
    CHECK(groups <= l.tree.nodes().size());
    CHECK(parsed.output.ends_with(" True\n"));
}

} // namespace framescope
