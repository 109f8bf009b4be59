// The window as a user sees it: framescope runs under Xvfb (Mesa's software OpenGL) with
// --screenshot, and the pictures are checked for what each view must show. Also the view
// arithmetic that needs no window.

#include <filesystem>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#include "tests/support/test_support.h"
#include "viewer/views/flame_layout.h"

namespace framescope {
namespace {

struct Picture {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;

    // Pixels in [x0, x1) x [y0, y1) for which `test(r, g, b)` holds.
    template <typename Test> int count_in(int x0, int y0, int x1, int y1, Test test) const {
        int n = 0;
        for (int y = y0; y < y1; ++y)
            for (int x = x0; x < x1; ++x) {
                const unsigned char* p = &rgba[(size_t(y) * size_t(width) + size_t(x)) * 4];
                n += test(p[0], p[1], p[2]) ? 1 : 0;
            }
        return n;
    }
    // In the right-hand pane (the tabbed views).
    template <typename Test> int count_right(Test test) const {
        return count_in(width / 2 + 20, 0, width, height, test);
    }
};

bool warm(int r, int g, int b) {
    return r >= 200 && g >= 55 && g <= 215 && b <= 60;
}
bool selected_blue(int r, int g, int b) {
    return r == 0x40 && g == 0xa0 && b == 0xe0;
}
bool stall_red(int r, int g, int b) {
    return r == 235 && g == 60 && b == 60;
}
bool highlighted_frame(int r, int g, int b) {
    return r == 255 && g == 199 && b == 89;
}
bool much_slower_red(int r, int g, int b) {
    return r >= 225 && g <= 70 && b <= 60;
}
bool gc_purple(int r, int g, int b) {
    return r == 190 && g == 110 && b == 230;
}
bool hung_red(int r, int g, int b) {
    return r == 200 && g == 20 && b == 40;
}
bool crash_pink(int r, int g, int b) {
    return r == 255 && g == 90 && b == 200;
}
bool bright_text(int r, int g, int b) {
    return r > 180 && g > 180 && b > 180;
}

Picture load_picture(const std::string& png) {
    Picture picture;
    int channels = 0;
    unsigned char* data = stbi_load(png.c_str(), &picture.width, &picture.height, &channels, 4);
    REQUIRE_MESSAGE(data != nullptr, png);
    picture.rgba.assign(data, data + size_t(picture.width) * size_t(picture.height) * 4);
    stbi_image_free(data);
    return picture;
}

// The window, once, writing `png` once it has loaded `profile`, with stdout and stderr.
test::CommandResult run_window(const std::string& profile, const std::string& options,
                               const std::string& png) {
    // Leak checking (in the sanitizer build) stays on for our code everywhere else; the
    // window's process also holds what X11, Mesa and ImGui's static backend keep to the end.
    return test::run_command("ASAN_OPTIONS=detect_leaks=0 xvfb-run -a -s '-screen 0 1400x900x24' " +
                                 test::quote(test::framescope_binary()) +
                                 " --size 1200x800 --screenshot " + test::quote(png) + " " +
                                 options + " " + test::quote(profile),
                             true);
}

Picture screenshot(const std::string& profile, const std::string& options) {
    test::TempDir dir;
    std::string png = (dir / "shot.png").string();
    test::CommandResult r = run_window(profile, options, png);
    REQUIRE_MESSAGE(r.exit_code == 0, r.output);
    return load_picture(png);
}

// A recursion workload: fib is most of it, so its nodes are wide whatever the timings.
std::string recursion_profile(const test::TempDir& dir) {
    std::string profile = (dir / "recursion.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {profile, "--workload", "recursion"});
    return profile;
}

bool have_xvfb() {
    return test::run_command("command -v xvfb-run >/dev/null").exit_code == 0;
}

bool have_xdotool() {
    return test::run_command("command -v xdotool >/dev/null && command -v xwd >/dev/null")
               .exit_code == 0;
}

// Plays `steps` (see tests/fixtures/drive_window.py) on the window opened on `file`; the
// captures land in `dir`.
void drive_window(const test::TempDir& dir, const nlohmann::json& steps,
                  const std::vector<std::string>& arguments) {
    test::write_text(dir / "steps.json", steps.dump());
    std::vector<std::string> command = {test::framescope_binary(), dir.path().string(),
                                        (dir / "steps.json").string()};
    command.insert(command.end(), arguments.begin(), arguments.end());
    test::run_fixture(test::python3(), "drive_window.py", command);
}
void drive_window(const test::TempDir& dir, const nlohmann::json& steps, const std::string& file) {
    drive_window(dir, steps, std::vector<std::string>{file});
}

// The pasted crash reports of the small shop application (tests/fixtures/make_crash_reports.py)
// alone, in a folder of their own: six bugs, two reports each, crash reports only.
std::filesystem::path pasted_crash_reports(const test::TempDir& dir) {
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    std::filesystem::path pasted = dir / "pasted";
    std::filesystem::create_directories(pasted);
    for (const auto& entry : std::filesystem::directory_iterator(dir / "reports"))
        if (entry.path().extension() == ".txt")
            std::filesystem::copy_file(entry.path(), pasted / entry.path().filename());
    return pasted;
}

} // namespace

TEST_CASE("the window shows each view of a real profile") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string profile = recursion_profile(dir);

    Picture flame = screenshot(profile, "--view flame");
    CHECK(flame.width == 1200);
    CHECK(flame.height == 800);
    int pane = (flame.width / 2 - 20) * flame.height;
    CHECK(flame.count_right(warm) > pane / 50); // the flame graph fills part of the pane
    CHECK(flame.count_right(selected_blue) == 0);

    Picture selected = screenshot(profile, "--view flame --select fib");
    CHECK(selected.count_right(selected_blue) > 100); // fib's nodes stand out

    Picture searched = screenshot(profile, "--view flame --search mutual");
    auto grey = [](int r, int g, int b) { return r == 0x5a && g == 0x5a && b == 0x5a; };
    CHECK(searched.count_right(grey) > flame.count_right(grey) + 1000); // the rest greys out
    CHECK(searched.count_right(warm) < flame.count_right(warm));

    Picture tree = screenshot(profile, "--view tree");
    CHECK(tree.count_right(warm) == 0);
    CHECK(tree.count_right(bright_text) > 500);

    Picture callers_empty = screenshot(profile, "--view callers");
    Picture callers = screenshot(profile, "--view callers --select fib");
    CHECK(callers.count_right(bright_text) > callers_empty.count_right(bright_text) + 500);
}

TEST_CASE("a user searches, steps through matches, opens the sandwich and the source, by keys") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    // A game's frame loop, profiled here, so that its source is on this machine.
    test::write_text(dir / "game.py",
                     "import cProfile, sys\n"
                     "\n"
                     "def collide(bodies):\n"
                     "    hits = 0\n"
                     "    for a in bodies:\n"
                     "        for b in bodies:\n"
                     "            hits += abs(a - b) < 0.5\n"
                     "    return hits\n"
                     "\n"
                     "def collide_walls(bodies):\n"
                     "    return sum(1 for a in bodies if abs(a) > 40)\n"
                     "\n"
                     "def frame(bodies):\n"
                     "    return collide(bodies) + collide_walls(bodies)\n"
                     "\n"
                     "bodies = [i * 0.37 % 50 for i in range(200)]\n"
                     "cProfile.run('for _ in range(15): frame(bodies)', sys.argv[1])\n");
    std::string profile = (dir / "game.pstats").string();
    REQUIRE(test::run_command(test::quote(test::python3()) + " " +
                              test::quote((dir / "game.py").string()) + " " + test::quote(profile))
                .exit_code == 0);
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "opened"},
                     {"key", "ctrl+f"},
                     {"type", "collide"},
                     {"key", "Return"},
                     {"shot", "searched"},
                     {"key", "Return"},
                     {"shot", "next_match"},
                     {"key", "Escape"},
                     {"key", "4"},
                     {"shot", "sandwich"},
                     {"key", "5"},
                     {"shot", "details"},
                     // Export (the toolbar's second button), then its last item: the flame
                     // graph saved beside the profile.
                     {"click", {75, 17}},
                     {"click", {140, 99}},
                     {"shot", "exported"},
                 }),
                 profile);
    auto shot = [&](const char* name) {
        return load_picture((dir / (std::string(name) + ".png")).string());
    };
    auto grey = [](int r, int g, int b) { return r == 0x5a && g == 0x5a && b == 0x5a; };

    Picture opened = shot("opened");
    CHECK(opened.count_right(warm) > 5000);        // the flame graph
    CHECK(opened.count_right(selected_blue) == 0); // nothing selected yet

    // Typing searched (the rest greys), Enter selected the most expensive match.
    Picture searched = shot("searched");
    CHECK(searched.count_right(grey) > 1000);
    CHECK(searched.count_right(selected_blue) > 500);
    // Enter again: the next match, another node.
    Picture next = shot("next_match");
    CHECK(next.count_right(selected_blue) > 0);
    CHECK(next.rgba != searched.rgba);

    // The sandwich: the selection in both halves, its callers above and its callees below.
    Picture sandwich = shot("sandwich");
    int middle = sandwich.height / 2;
    CHECK(sandwich.count_in(sandwich.width / 2, 0, sandwich.width, middle, selected_blue) > 300);
    CHECK(sandwich.count_in(sandwich.width / 2, middle, sandwich.width, sandwich.height,
                            selected_blue) > 300);

    // The details: the function's source, read from game.py, its first line marked.
    Picture details = shot("details");
    CHECK(details.count_right(highlighted_frame) > 50);
    CHECK(details.count_right(bright_text) > 500);

    // The export, made off the window's thread, written beside the profile.
    REQUIRE_MESSAGE(std::filesystem::exists(profile + ".flame.svg"),
                    "the export's capture: " << (dir / "exported.png").string());
    std::string svg = test::read_text(profile + ".flame.svg");
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("collide") != std::string::npos);
}

TEST_CASE("a real profile with long install paths opens with its names readable") {
    std::filesystem::path corpus =
        std::filesystem::path(FRAMESCOPE_TEST_CORPUS) / "charlesbaynham__fastapi_mwe__stats.prof";
    if (!have_xvfb() || !have_xdotool() || !std::filesystem::exists(corpus)) {
        MESSAGE("the shared corpus, Xvfb, xdotool or xwd is missing; skipped");
        return;
    }
    test::TempDir dir;
    // Search its blocking call, select it, make it the frame function, open its callers.
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "opened"},
                     {"key", "ctrl+f"},
                     {"type", "gethostbyname"},
                     {"key", "Return"},
                     {"key", "Escape"},
                     {"key", "f"},
                     {"shot", "per_frame"},
                     {"key", "3"},
                     {"shot", "callers"},
                 }),
                 corpus.string());
    auto shot = [&](const char* name) {
        return load_picture((dir / (std::string(name) + ".png")).string());
    };
    // The names, not paths: text in the table's name column, which starts at the left.
    Picture opened = shot("opened");
    CHECK(opened.count_in(0, 80, opened.width / 8, opened.height - 40, bright_text) > 1500);
    Picture per_frame = shot("per_frame");
    CHECK(per_frame.rgba != opened.rgba); // the table, per frame, and the search
    Picture callers = shot("callers");
    CHECK(callers.count_right(bright_text) > 300); // who called the blocking call
}

TEST_CASE("a user clicks a traceback's frame and reads the line it died on") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    test::write_text(dir / "crashy.py",
                     "def load(items):\n    return items['apple']\n\ndef main():\n"
                     "    load({})\n\nmain()\n");
    std::string crash = (dir / "crash.txt").string();
    REQUIRE(test::run_command(test::quote(test::python3()) + " " +
                              test::quote((dir / "crashy.py").string()) + " 2>" +
                              test::quote(crash))
                .exit_code != 0);
    // The crash page opens on the bucket and its report; the report's third frame line is at
    // this height in a 1200x800 window (the innermost frame, "line 2, in load").
    drive_window(
        dir, nlohmann::json::array({{"shot", "report"}, {"click", {800, 338}}, {"shot", "source"}}),
        crash);
    Picture report = load_picture((dir / "report.png").string());
    Picture source = load_picture((dir / "source.png").string());
    int lower = report.height * 3 / 5; // where the source opens, below the report
    CHECK(report.count_in(report.width / 2, lower, report.width, report.height,
                          highlighted_frame) == 0);
    CHECK(source.count_in(source.width / 2, lower, source.width, source.height,
                          highlighted_frame) > 50); // the line it died on, marked
}

TEST_CASE("a user pages a crash bucket's reports, merges two buckets and unmerges them") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::filesystem::path pasted = pasted_crash_reports(dir);
    // In a 1200x800 window: the table's rows start at y 91, 17 px apart; the bucket's
    // buttons are on its fourth line (fifth once it lists a merged signature), and the merge
    // menu opens under the pointer, its first bucket (the KeyError's) on its second line.
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "opened"},
                     {"click", {100, 108}}, // the second bucket
                     {"shot", "selected"},
                     {"key", "n"},
                     {"shot", "next"},
                     {"key", "p"},
                     {"shot", "previous"},
                     {"click", {715, 91}}, // Merge into...
                     {"click", {500, 124}},
                     {"shot", "merged"},
                     {"click", {802, 108}}, // Unmerge
                     {"shot", "unmerged"},
                 }),
                 pasted.string());
    auto shot = [&](const char* name) {
        return load_picture((dir / (std::string(name) + ".png")).string());
    };
    auto same = [](const Picture& a, const Picture& b, int x0, int y0, int x1, int y1) {
        return a.count_in(x0, y0, x1, y1, [](int, int, int) { return true; }) > 0 && [&] {
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    for (int c = 0; c < 3; ++c) {
                        size_t at = (size_t(y) * size_t(a.width) + size_t(x)) * 4 + size_t(c);
                        if (a.rgba[at] != b.rgba[at])
                            return false;
                    }
            return true;
        }();
    };
    auto text_in_row = [](const Picture& p, int row) { // bright text in the table's row
        int top = 83 + 17 * row;
        return p.count_in(0, top, 240, top + 16, bright_text);
    };
    // Regions of the right half: the bucket's title, and its report's text.
    const int right = 668, title_y0 = 30, title_y1 = 46, report_y0 = 245, report_y1 = 600;

    Picture opened = shot("opened");
    for (int row = 0; row < 6; ++row)
        CHECK(text_in_row(opened, row) > 30); // six buckets, every one a row
    CHECK(text_in_row(opened, 6) == 0);
    CHECK(opened.count_in(right, report_y0, 1200, report_y1, highlighted_frame) > 100);

    // Another bucket: another title and another report.
    Picture selected = shot("selected");
    CHECK_FALSE(same(opened, selected, right, title_y0, 1200, title_y1));
    CHECK_FALSE(same(opened, selected, right, report_y0, 1200, report_y1));
    // N: its second report, the same bug (the same title) from another file.
    Picture next = shot("next");
    CHECK(same(selected, next, right, title_y0, 1200, title_y1));
    CHECK_FALSE(same(selected, next, right, report_y0, 1200, report_y1));
    CHECK(next.count_in(right, report_y0, 1200, report_y1, highlighted_frame) > 100);
    // P: back to the first, exactly as it was.
    Picture previous = shot("previous");
    CHECK(same(selected, previous, right, report_y0, 1200, report_y1));

    // Merged into the KeyError's bucket: five rows, the merged one selected, its title.
    Picture merged = shot("merged");
    CHECK(text_in_row(merged, 4) > 30);
    CHECK(text_in_row(merged, 5) == 0);
    CHECK(same(opened, merged, right, title_y0, 1200, title_y1));
    CHECK_FALSE(same(opened, merged, 0, 83, 320, 100)); // its count, and "(+1 merged)"
    // Kept in the store, where buckets --db reads it.
    test::CommandResult stored = test::run_command(
        test::quote(test::framescope_binary()) + " buckets --format json --db " +
        test::quote((dir / "framescope.db").string()) + " " + test::quote(pasted.string()));
    REQUIRE(stored.exit_code == 0);
    nlohmann::json buckets = nlohmann::json::parse(stored.output);
    CHECK(buckets.size() == 6); // unmerged by the last click, as the window shows

    // Unmerged: six rows again, as opened.
    Picture unmerged = shot("unmerged");
    CHECK(text_in_row(unmerged, 5) > 30);
    CHECK(same(opened, unmerged, 0, 83, 240, 83 + 17 * 6));
}

TEST_CASE("the window says when --select or --search matches nothing") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string profile = recursion_profile(dir);
    auto run = [&](const std::string& options) {
        return run_window(profile, options, (dir / "shot.png").string());
    };
    test::CommandResult select = run("--select no_such_function");
    CHECK(select.exit_code == 0);
    CHECK(select.output.find("no function matches --select 'no_such_function'") !=
          std::string::npos);
    test::CommandResult search = run("--search '(?i)NO_SUCH_FUNCTION'");
    CHECK(search.output.find("no function matches --search '(?i)NO_SUCH_FUNCTION'") !=
          std::string::npos);
    test::CommandResult found = run("--select fib --search FIB");
    CHECK(found.output.find("no function matches") == std::string::npos);
}

TEST_CASE("flame graph zoom keeps the point under the pointer and stays inside the graph") {
    FlameViewport view;
    view.zoom(4, 0.5);
    CHECK(view.start == doctest::Approx(0.375));
    CHECK(view.end == doctest::Approx(0.625));
    view.zoom(2, 0.0); // anchored at the left edge
    CHECK(view.start == doctest::Approx(0.375));
    CHECK(view.end - view.start == doctest::Approx(0.125));
    view.pan(100); // far right: clamped
    CHECK(view.end == doctest::Approx(1.0));
    view.zoom(1e12, 0.5);
    CHECK(view.end - view.start == doctest::Approx(FlameViewport::kMinWidth));
    view.zoom(1e-12, 0.5);
    CHECK(view.start == 0);
    CHECK(view.end == 1);
    view.show(0.2, 0.3);
    CHECK(view.start < 0.2);
    CHECK(view.end > 0.3);
    CHECK(view.end - view.start < 0.11);
}

TEST_CASE("the window opens a report bundle on its worst frame, with what blocked it") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    std::string bundles = (test::samples_dir() / "bundles").string();
    // The stall: a red bar in the timeline and on the stall track, and the drill-in's flame
    // graph of the main thread's samples on the right.
    Picture stall = screenshot(bundles + "/network-stall", "");
    int timeline_bottom = stall.height * 2 / 5; // the timeline, its tracks and ruler
    CHECK(stall.count_in(0, 0, stall.width, timeline_bottom, stall_red) > 1000);
    CHECK(stall.count_right(warm) > 5000);
    // The GC storm: its pauses on the GC track, under the frames they slowed.
    Picture storm = screenshot(bundles + "/gc-storm.tar.gz", "");
    CHECK(storm.count_in(0, 0, storm.width, timeline_bottom, gc_purple) > 100);
    CHECK(storm.count_in(0, 0, storm.width, timeline_bottom, stall_red) == 0);
    CHECK(storm.count_right(warm) > 2000);
}

TEST_CASE(
    "the window lists crash buckets with the latest report, the application's frames highlighted") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_crash_reports.py",
                      {dir.path().string(), test::recorder_dir().string(), test::python3()});
    Picture crashes = screenshot((dir / "reports").string(), "");
    // The report on the right: its application frames in colour, the launcher's not.
    CHECK(crashes.count_right(highlighted_frame) > 300);
    CHECK(crashes.count_in(0, 0, crashes.width * 2 / 5, crashes.height, highlighted_frame) == 0);
}

TEST_CASE("the window compares two profiles: the slowed function is red in B's flame graph") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string before = (dir / "before.pstats").string(), after = (dir / "after.pstats").string();
    test::run_fixture(test::python3(), "make_diff_profiles.py",
                      {before, "--root", (dir / "v1").string()});
    test::run_fixture(test::python3(), "make_diff_profiles.py",
                      {after, "--root", (dir / "v2").string(), "--slow"});
    Picture compared = screenshot(after, "--compare " + test::quote(before));
    // total_price takes a third or more of B and grew many times over: a wide, strong red node.
    CHECK(compared.count_right(much_slower_red) > 2000);
}

TEST_CASE("the window opens a folder of a profile and a report as both, refusing the rest") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::filesystem::create_directories(dir / "mixed");
    test::run_fixture(test::python3(), "make_pstats.py",
                      {(dir / "mixed" / "recursion.pstats").string(), "--workload", "recursion"});
    test::run_fixture(test::python3(), "make_encoded_reports.py", {(dir / "mixed").string()});
    std::filesystem::copy("/bin/ls", dir / "mixed" / "ls");
    std::string mixed = (dir / "mixed").string();

    // The sessions first, as for any opening that holds them; --view asks for the profile.
    Picture sessions = screenshot(mixed, "");
    Picture profile = screenshot(mixed, "--view flame");
    int pane = (profile.width / 2 - 20) * profile.height;
    CHECK(profile.count_right(warm) > pane / 50);
    CHECK(sessions.count_right(warm) < profile.count_right(warm) / 10);

    test::CommandResult refused = test::run_command(
        "xvfb-run -a -s '-screen 0 1400x900x24' " + test::quote(test::framescope_binary()) +
            " --size 600x300 --screenshot " + test::quote((dir / "ls.png").string()) + " /bin/ls",
        true);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("/bin/ls: not a profile, bundle or report: looks like an ELF "
                              "executable") != std::string::npos);
    CHECK(std::filesystem::exists(dir / "ls.png")); // the window drew the error, then closed
}

// The timeline's rows at 1200x800: the bars' top and bottom, the ruler's labels, and where
// the plot starts (right of the value axis' gutter).
constexpr int kBarsTop = 100, kBarsBottom = 270, kPlotLeft = 120;
constexpr int kRulerTop = 320, kRulerBottom = 350;

TEST_CASE("the timeline draws a hung session's last frame to its end, in red, and marks crashes") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    std::string bundles = (test::samples_dir() / "bundles").string();
    // network-hang: 61 frames in 1.9 s, then the frame that never ended, killed 3 s later.
    Picture hang = screenshot(bundles + "/network-hang", "");
    int right_half = hang.count_in(hang.width / 2, kBarsTop, hang.width, kBarsBottom, hung_red);
    int left_part = hang.count_in(kPlotLeft, kBarsTop, hang.width / 3, kBarsBottom, hung_red);
    CHECK(right_half > (hang.width / 2) * (kBarsBottom - kBarsTop) / 2); // most of it
    CHECK(left_part == 0); // the frames before it are not hung
    CHECK(hang.count_in(0, kBarsTop, kPlotLeft, kBarsBottom, hung_red) == 0); // not in the axis

    Picture clean = screenshot(bundles + "/normal", "");
    CHECK(clean.count_in(0, 0, clean.width, kBarsBottom, hung_red) == 0);
    CHECK(clean.count_in(0, 0, clean.width, kBarsBottom, crash_pink) == 0);
    // uncaught-exception: the crash at its end, a marker above the bars.
    Picture crashed = screenshot(bundles + "/uncaught-exception", "");
    CHECK(crashed.count_in(kPlotLeft, 0, crashed.width, kBarsTop, crash_pink) > 20);
}

TEST_CASE("a user drags a range over a hung session and reads its frame budget ledger") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string hang = (test::samples_dir() / "bundles" / "network-hang").string();
    // From the middle of the frames that finished into the one that never did.
    int y = (kBarsTop + kBarsBottom) / 2;
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "opened"},
                     {"shift_drag", {300, y, 900, y}},
                     {"shot", "ranged"},
                     {"wheel", {800, y, 10}},
                     {"shot", "zoomed"},
                 }),
                 hang);
    Picture opened = load_picture((dir / "opened.png").string());
    Picture ranged = load_picture((dir / "ranged.png").string());
    // It opens on the hang's flame graph; the range brings the ledger to the front.
    CHECK(opened.count_right(warm) > 5000);
    CHECK(ranged.count_right(warm) < opened.count_right(warm) / 10);
    CHECK(ranged.count_right(bright_text) > 300); // the ledger's rows
    // The range is shaded over the finished frames; the hung frame keeps its red.
    auto shaded = [](int r, int g, int b) { return b > r && b > 60 && g > 40; };
    CHECK(ranged.count_in(300, kBarsTop, 500, kBarsBottom, shaded) >
          opened.count_in(300, kBarsTop, 500, kBarsBottom, shaded) + 1000);
    CHECK(ranged.count_in(ranged.width / 2, kBarsTop, ranged.width, kBarsBottom, hung_red) >
          (ranged.width / 2) * (kBarsBottom - kBarsTop) / 2);
    // Zoomed into the hang: it fills the plot, and the ruler's ticks are others.
    Picture zoomed = load_picture((dir / "zoomed.png").string());
    int plot_px = (zoomed.width - kPlotLeft) * (kBarsBottom - kBarsTop);
    CHECK(zoomed.count_in(kPlotLeft, kBarsTop, zoomed.width, kBarsBottom, hung_red) > plot_px / 2);
    auto ruler_text = [&](const Picture& picture) {
        std::vector<bool> text;
        for (int y = kRulerTop; y < kRulerBottom; ++y)
            for (int x = kPlotLeft; x < picture.width; ++x)
                text.push_back(picture.count_in(x, y, x + 1, y + 1, bright_text) > 0);
        return text;
    };
    CHECK(ruler_text(zoomed) != ruler_text(ranged));
}

TEST_CASE("a user points at a crash's marker and reads its exception") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string crashed = (test::samples_dir() / "bundles" / "uncaught-exception").string();
    Picture before = screenshot(crashed, "");
    // The session's crash is its last moment: the marker sits at the plot's right end.
    int marker_x = 0;
    for (int x = kPlotLeft; x < before.width; ++x)
        if (before.count_in(x, 0, x + 1, kBarsTop, crash_pink) > 3)
            marker_x = x;
    REQUIRE(marker_x > 0);
    drive_window(dir,
                 nlohmann::json::array({{"click", {marker_x, kBarsTop - 8}}, {"shot", "hover"}}),
                 crashed);
    Picture hover = load_picture((dir / "hover.png").string());
    // The tooltip, over the bars: text where there was none.
    CHECK(hover.count_in(kPlotLeft, kBarsTop, hover.width, kBarsBottom, bright_text) >
          before.count_in(kPlotLeft, kBarsTop, before.width, kBarsBottom, bright_text) + 300);
}

TEST_CASE("a user opens the store, filters its sessions and opens a crashed one") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string db = (dir / "store.db").string();
    std::string import = test::quote(test::framescope_binary()) + " import --db " + test::quote(db);
    for (const auto& bundle : std::filesystem::directory_iterator(test::samples_dir() / "bundles"))
        import += " " + test::quote(bundle.path().string());
    REQUIRE(test::run_command(import).exit_code == 0);
    // The sessions' filter and the list's first row, below the health table and the two
    // panes of buckets and stall groups.
    constexpr int kFilterY = 404, kFirstSessionY = 443;
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "overview"},
                     {"click", {150, kFilterY}},
                     {"type", "crashed"},
                     {"shot", "filtered"},
                     // Enter on the row the pointer is on: a double click's two clicks can
                     // fall into one frame of a window slowed by a busy machine.
                     {"click", {20, kFirstSessionY}},
                     {"key", "Return"},
                     {"shot", "opened"},
                 }),
                 std::vector<std::string>{"--db", db});
    Picture overview = load_picture((dir / "overview.png").string());
    Picture filtered = load_picture((dir / "filtered.png").string());
    Picture opened = load_picture((dir / "opened.png").string());
    auto crashed_red = [](int r, int g, int b) { return r == 255 && g == 115 && b == 102; };
    auto list = [](const Picture& p, auto test) {
        return p.count_in(0, kFirstSessionY - 8, p.width, p.height, test);
    };
    // Health per version names the crashed sessions; the list has nine sessions, two crashed.
    CHECK(overview.count_in(0, 40, overview.width, 90, crashed_red) > 30);
    CHECK(list(overview, crashed_red) > 30);
    // Filtered to the crashed ones: fewer rows, each of them crashed.
    CHECK(list(filtered, bright_text) < list(overview, bright_text) / 2);
    CHECK(list(filtered, crashed_red) == list(overview, crashed_red));
    // The first crashed session opens in the session workspace: its timeline, with the crash
    // marked above the bars.
    CHECK(opened.count_in(0, 0, opened.width, opened.height / 2, crash_pink) > 20);
}

TEST_CASE("a stall group says what kind of wait it is and its remedy") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    // The sample's logging handler lock, re-entered from a __str__ that logs: the window
    // opens on that stall, its group selected, its remedy under the list in green.
    Picture deadlock =
        screenshot((test::samples_dir() / "bundles" / "logging-deadlock").string(), "");
    Picture normal = screenshot((test::samples_dir() / "bundles" / "normal").string(), "");
    auto remedy_green = [](int r, int g, int b) {
        return g >= 200 && r >= 100 && r <= 150 && b >= 100 && b <= 150;
    };
    auto left_pane = [&](const Picture& p) {
        return p.count_in(0, p.height / 2, p.width * 2 / 5, p.height, remedy_green);
    };
    CHECK(left_pane(deadlock) > 100);
    CHECK(left_pane(normal) == 0); // no stall, nothing to remedy
}

TEST_CASE("a user skips a function in the rules: the window re-buckets and buckets agrees") {
    if (!have_xvfb() || !have_xdotool()) {
        MESSAGE("Xvfb, xdotool or xwd is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::filesystem::path pasted = pasted_crash_reports(dir);
    std::string db = (dir / "store.db").string();
    // In a 1200x800 window the first bucket (the KeyError raised in lookup_item) is
    // selected; "Rules..." opens a popup under it, its second box the skipped functions.
    drive_window(dir,
                 nlohmann::json::array({
                     {"shot", "opened"},
                     {"click", {870, 91}}, // Rules...
                     {"click", {1000, 255}},
                     {"type", "lookup_item"},
                     {"click", {900, 311}}, // Apply and re-bucket
                     {"shot", "skipped"},
                 }),
                 std::vector<std::string>{"--db", db, pasted.string()});
    Picture opened = load_picture((dir / "opened.png").string());
    Picture skipped = load_picture((dir / "skipped.png").string());
    // The selected bucket's crash site, the line under its title, is another function now.
    auto site = [](const Picture& p) {
        std::vector<bool> text;
        for (int y = 45; y < 62; ++y)
            for (int x = 668; x < p.width; ++x)
                text.push_back(p.count_in(x, y, x + 1, y + 1, bright_text) > 0);
        return text;
    };
    CHECK(site(opened) != site(skipped));
    // The rule is kept in the store: `buckets` puts the KeyError at lookup_item's caller.
    test::CommandResult buckets =
        test::run_command(test::quote(test::framescope_binary()) + " buckets --format json --db " +
                          test::quote(db) + " " + test::quote(pasted.string()));
    REQUIRE(buckets.exit_code == 0);
    bool key_error_moved = false;
    for (const nlohmann::json& bucket : nlohmann::json::parse(buckets.output))
        if (bucket["exception"] == "KeyError") {
            CHECK(bucket["frames"][0]["function"] != "lookup_item");
            key_error_moved = true;
        }
    CHECK(key_error_moved);
}

TEST_CASE("a line_profiler file opens on its lines: the source with hits and time per line") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string file = (dir / "work.lprof").string(), source = (dir / "work.py").string();
    test::run_fixture(test::python3(), "lprof_files.py",
                      {"write", file, "line_profiler.line_profiler", "4", source});
    Picture lines = screenshot(file, "--view lines --select slow");
    Picture details = screenshot(file, "--view details");
    // slow's table (its source and five columns of numbers) fills more of the pane than the
    // details of nothing selected.
    CHECK(lines.count_right(bright_text) > details.count_right(bright_text) + 1000);
}

TEST_CASE("the window opens a traced main loop as frames, on its slowest frame's exact calls") {
    if (!have_xvfb()) {
        MESSAGE("xvfb-run is not installed; skipped");
        return;
    }
    test::TempDir dir;
    std::string trace = (dir / "loop.json").string();
    test::run_fixture(test::python3(), "trace_main_loop.py", {trace, "120", "30,80"});
    // Two frames of 40 ms against 16.7: orange bars in the timeline; on the right, below it,
    // the flame graph of the slowest frame's calls.
    Picture frames = screenshot(trace, "--frame-function tick");
    int timeline_bottom = frames.height * 2 / 5;
    auto over_twice_budget = [](int r, int g, int b) { return r == 240 && g == 130 && b == 50; };
    CHECK(frames.count_in(0, 0, frames.width, timeline_bottom, over_twice_budget) > 100);
    CHECK(frames.count_in(frames.width / 2 + 20, timeline_bottom, frames.width, frames.height,
                          warm) > 2000);
}

} // namespace framescope
