// The whole path, on real parts: pygame's aliens example (a game nobody here wrote,
// from Debian's python-pygame-doc) run by a team's launcher under the recorder, uploading
// each session to `framescope serve` on PostgreSQL; then the team's store shows the crash
// the launcher caught, the stall at the game's own line and each version's health.

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "tests/recorder/recorder_runs.h"
#include "tests/support/postgres_test_server.h"
#include "tests/support/serve_process.h"

namespace framescope {
namespace {

namespace fs = std::filesystem;

const fs::path kAliensExample = "/usr/share/doc/python-pygame-doc/examples";
const std::string kKey = "aliens-team-key";

// A copy of the game to play: aliens.py and its data folder.
fs::path copy_of_the_game(const fs::path& at) {
    fs::create_directories(at);
    fs::copy_file(kAliensExample / "aliens.py", at / "aliens.py");
    fs::copy(kAliensExample / "data", at / "data", fs::copy_options::recursive);
    return at;
}

// Plays `game` headless for at most 90 s (until the player is hit) as version `version`
// through tests/fixtures/aliens_launcher.py; `before` runs beside it in the same shell.
void play(const fs::path& game, const std::string& version, const std::string& upload_url,
          const fs::path& out_dir, const std::string& before = "") {
    std::string command =
        before + "SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout -s INT 90 env " +
        test::recorder_fixture_command(test::kDebianPython3, "aliens_launcher.py",
                                       test::quote(game.string()) + " " + version + " " +
                                           test::quote(upload_url) + " " + kKey,
                                       out_dir) +
        "; status=$?; wait; exit $status";
    test::CommandResult run = test::run_command(command, true);
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
}

size_t bundles_left_in(const fs::path& out_dir) {
    size_t left = 0;
    for (const auto& entry : fs::directory_iterator(out_dir))
        left += entry.is_directory();
    return left;
}

nlohmann::json json_of(const std::string& command) {
    test::CommandResult run = test::run_command(command);
    INFO(command);
    REQUIRE(run.exit_code == 0);
    return nlohmann::json::parse(run.output);
}

} // namespace

TEST_CASE("a game nobody here wrote uploads its sessions to the collector, and the team's "
          "PostgreSQL store shows the crash it caught, its stall and each version's health") {
    std::string url = test::postgres_database("team_store");
    if (url.empty())
        return;
    if (!fs::exists(kAliensExample / "aliens.py") ||
        test::run_command(test::kDebianPython3 + " -c 'import pygame' 2>/dev/null").exit_code !=
            0) {
        MESSAGE("skipped: no pygame or no aliens example (python3-pygame, python-pygame-doc)");
        return;
    }
    test::TempDir dir;
    std::ofstream(dir.path() / "keys") << kKey << " aliens\n";
    test::ServeProcess serve(url, dir.path() / "serve.log",
                             {"--keys", (dir.path() / "keys").string()});
    const std::string upload_url =
        "http://127.0.0.1:" + std::to_string(serve.port()) + "/api/v1/bundles";

    // 1.0 reads a sound from a share that answers 3 s late (a pipe written after a pause):
    // the game stalls at its own line while it starts.
    fs::path stalling = copy_of_the_game(dir.path() / "1.0");
    fs::path slow_sound = stalling / "data" / "car_door.wav";
    fs::remove(slow_sound);
    REQUIRE(test::run_command("mkfifo " + test::quote(slow_sound.string())).exit_code == 0);
    fs::create_directories(dir.path() / "out-1.0");
    play(stalling, "1.0", upload_url, dir.path() / "out-1.0",
         "timeout 60 sh -c 'exec 3>\"$0\"; sleep 3; cat \"$1\" >&3' " +
             test::quote(slow_sound.string()) + " " +
             test::quote((kAliensExample / "data" / "car_door.wav").string()) + " & ");

    // 1.1 ships a damaged boom.wav: aliens.py loads it as None and raises when the player is
    // hit; the launcher catches that, reports it and ends the game with its own message.
    fs::path crashing = copy_of_the_game(dir.path() / "1.1");
    std::ofstream(crashing / "data" / "boom.wav", std::ios::trunc) << "not a wave file";
    fs::create_directories(dir.path() / "out-1.1");
    play(crashing, "1.1", upload_url, dir.path() / "out-1.1");

    // Each bundle left the machine once the collector acknowledged it.
    CHECK(bundles_left_in(dir.path() / "out-1.0") == 0);
    CHECK(bundles_left_in(dir.path() / "out-1.1") == 0);
    CHECK(test::stored_sources(url).size() == 2);

    const std::string framescope = test::quote(test::framescope_binary());
    nlohmann::json overview =
        json_of(framescope + " overview --db " + test::quote(url) + " --format json");
    INFO(overview.dump(1));
    std::set<std::string> versions;
    for (const nlohmann::json& version : overview["by_version"]) {
        CHECK(version["app"] == "aliens");
        CHECK(version["sessions"] == 1);
        versions.insert(version["version"].get<std::string>());
    }
    CHECK(versions == std::set<std::string>{"1.0", "1.1"});

    REQUIRE(overview["crash_buckets"].size() == 1);
    const nlohmann::json& bucket = overview["crash_buckets"][0];
    CHECK(bucket["exception"] == "AttributeError");
    CHECK(bucket["frames"][0]["module"] == "aliens.py");
    CHECK(bucket["frames"][0]["function"] == "main");
    CHECK(bucket["versions"] == nlohmann::json::array({"1.1"}));

    // The stall of 1.0's start: the sound that came late, at aliens.py's load_sound.
    bool stall_at_load_sound = false;
    for (const nlohmann::json& group : overview["stall_groups"])
        if (group["versions"] == nlohmann::json::array({"1.0"}) &&
            group["longest_seconds"].get<double>() >= 2.0 && !group["stack"].empty())
            stall_at_load_sound |=
                group["stack"][0]["function"] == "load_sound" &&
                group["stack"][0]["file"].get<std::string>().ends_with("1.0/aliens.py");
    CHECK(stall_at_load_sound);

    // buckets reads the same store and agrees.
    nlohmann::json buckets =
        json_of(framescope + " buckets --db " + test::quote(url) + " --format json");
    REQUIRE(buckets.size() == 1);
    CHECK(buckets[0]["signature"] == bucket["signature"]);
    CHECK(serve.stop(SIGTERM) == 0);
}

} // namespace framescope
