// Whose code a frame is, on real paths as tracebacks, dumps and profiles print them on every
// platform: one table, one row a path.

#include <doctest/doctest.h>

#include <array>

#include "model/code_origin.h"

namespace framescope {
namespace {

struct Row {
    std::string_view file;
    Origin origin;
    std::string_view package; // "" where none
    std::string_view module;
};

constexpr Row kRows[] = {
    // CPython and PyPy's standard library, every OS and install.
    {"/usr/lib/python3.11/threading.py", Origin::standard_library, "", "threading.py"},
    {"/home/ubuntu/anaconda3/envs/genesis/lib/python3.10/queue.py", Origin::standard_library, "",
     "queue.py"},
    {"/usr/lib64/python3.9/asyncio/base_events.py", Origin::standard_library, "",
     "asyncio/base_events.py"},
    {"/usr/lib/pypy3.9/json/decoder.py", Origin::standard_library, "", "json/decoder.py"},
    {"/opt/pypy/lib-python/3/socket.py", Origin::standard_library, "", "socket.py"},
    {"/opt/pypy/lib_pypy/_functools.py", Origin::standard_library, "", "_functools.py"},
    {"C:\\Python36-x64\\lib\\json\\decoder.py", Origin::standard_library, "", "json/decoder.py"},
    {"C:\\Program Files\\Python311\\Lib\\asyncio\\events.py", Origin::standard_library, "",
     "asyncio/events.py"},
    {"C:\\Blender v2.8a\\2.81\\python\\lib\\importlib\\__init__.py", Origin::standard_library, "",
     "importlib/__init__.py"},
    {"<frozen runpy>", Origin::standard_library, "", "runpy.py"},
    {"<frozen importlib._bootstrap>", Origin::standard_library, "", "importlib/_bootstrap.py"},
    {"<builtin>/app_main.py", Origin::standard_library, "", "app_main.py"},
    {"/usr/lib/python38.zip/json/decoder.py", Origin::standard_library, "", "json/decoder.py"},
    {"./python3.3/posixpath.py", Origin::standard_library, "", "posixpath.py"},
    {"~", Origin::standard_library, "", "builtins"},
    {"json/decoder.py", Origin::standard_library, "json", "json/decoder.py"}, // frozen app
    // Installed packages: site-packages, Debian's dist-packages, eggs, user installs.
    {"/home/pi/oprint/lib/python3.7/site-packages/octoprint/plugin/__init__.py",
     Origin::third_party, "octoprint", "octoprint/plugin/__init__.py"},
    {"/usr/lib/python3/dist-packages/drawing/window.py", Origin::third_party, "drawing",
     "drawing/window.py"},
    {"site-packages\\calibre\\customize\\ui.py", Origin::third_party, "calibre",
     "calibre/customize/ui.py"},
    {"/usr/lib/python2.7/site-packages/foo-1.0-py2.7.egg/foo/bar.py", Origin::third_party, "foo",
     "foo/bar.py"},
    {"/data/u/.local/lib/python3.13/site-packages/infinicore/tensor.py", Origin::third_party,
     "infinicore", "infinicore/tensor.py"},
    // Launchers: console scripts, freezers' start-up code.
    {"/home/me/venv/bin/mytool", Origin::launcher, "", "mytool"},
    {"C:\\Python36-x64\\lib\\site-packages\\cx_Freeze\\initscripts\\__startup__.py",
     Origin::launcher, "", "__startup__.py"},
    {"PyInstaller/loader/pyiboot01_bootstrap.py", Origin::launcher, "", "pyiboot01_bootstrap.py"},
    // Native code.
    {"libc.so.6", Origin::native, "", "libc.so.6"},
    {"selectmodule.c", Origin::native, "", "selectmodule.c"},
    // Plug-ins of a host, by the host's plug-in folder.
    {"C:\\Users\\x\\AppData\\Roaming\\Blender Foundation\\Blender\\2.81\\scripts\\addons\\"
     "blender_addon_md5-Release\\__init__.py",
     Origin::plugin, "blender_addon_md5-Release", "blender_addon_md5-Release/__init__.py"},
    {"/Users/m/Library/Application Support/Blender/3.1/scripts/addons/operator_swc_import.py",
     Origin::plugin, "operator_swc_import", "operator_swc_import.py"},
    {"CursorRuler in /Users/j/Library/Application Support/Sublime Text 3/Installed "
     "Packages/CursorRuler.sublime-package",
     Origin::plugin, "CursorRuler", "CursorRuler.sublime-package"},
    {"/home/robin/.config/sublime-text-3/Packages/GitAutoCommit/git-autocommit.py", Origin::plugin,
     "GitAutoCommit", "GitAutoCommit/git-autocommit.py"},
    {"/Users/amiller/.qgis2/python/plugins/geogig/**init**.py", Origin::plugin, "geogig",
     "geogig/__init__.py"},
    {"calibre_plugins.dedrm.__init__", Origin::plugin, "dedrm", "dedrm/__init__.py"},
    {"/home/neo/.local/share/Anki2/addons21/472573498/reviewing_utils.py", Origin::plugin,
     "472573498", "472573498/reviewing_utils.py"},
    {"/storage/.kodi/addons/plugin.video.raitv/default.py", Origin::plugin, "plugin.video.raitv",
     "plugin.video.raitv/default.py"},
    {"/usr/lib/python3/dist-packages/electrum/plugins/trezor/plugin.py", Origin::plugin, "trezor",
     "trezor/plugin.py"},
    {"/comfy/ComfyUI/custom_nodes/was-node-suite/nodes.py", Origin::plugin, "was-node-suite",
     "was-node-suite/nodes.py"},
    // The application: loose scripts and frozen module paths.
    {"/home/cuwo/cuwo/world.py", Origin::application, "", "world.py"},
    {"calibre/customize/zipplugin.py", Origin::application, "calibre",
     "calibre/customize/zipplugin.py"},
    {"aqt.reviewer", Origin::application, "aqt", "aqt/reviewer.py"},
    {"plugin.py", Origin::application, "", "plugin.py"},
    {"<string>", Origin::application, "", "<string>"},
};

TEST_CASE("code origin names the standard library, packages, launchers and plug-ins of real "
          "paths from every platform") {
    for (const Row& row : kRows) {
        std::string file(row.file);
        CAPTURE(file);
        CodeLocation location = locate_file(row.file);
        CHECK(std::string(origin_name(location.origin)) == origin_name(row.origin));
        CHECK(location.package == row.package);
        CHECK(location.module == row.module);
    }
}

TEST_CASE("code origin infers the application from the stack, with its plug-ins and family") {
    SUBCASE("an installed host's plug-in packages are named after it") {
        std::array<std::string_view, 3> files = {
            "/home/pi/oprint/lib/python2.7/site-packages/octoprint/plugin/__init__.py",
            "/home/pi/oprint/lib/python2.7/site-packages/octoprint_enclosure/__init__.py",
            "/home/pi/oprint/lib/python2.7/site-packages/requests/api.py"};
        std::vector<CodeLocation> stack = locate_stack(files);
        CHECK(stack[0].origin == Origin::application);
        CHECK(stack[1].origin == Origin::plugin);
        CHECK(stack[2].origin == Origin::third_party);
    }
    SUBCASE("a package's sibling of its name is the application too") {
        std::array<std::string_view, 2> files = {
            "/usr/lib/python2.7/site-packages/electrum_gui/qt/util.py",
            "/usr/lib/python2.7/site-packages/electrum/keystore.py"};
        std::vector<CodeLocation> stack = locate_stack(files);
        CHECK(stack[1].origin == Origin::application);
    }
    SUBCASE("a loose script's folder is the application; paths are inside it") {
        std::array<std::string_view, 3> files = {"/usr/lib/python3.4/runpy.py",
                                                 "/home/cuwo/cuwo/server.py",
                                                 "/home/cuwo/cuwo/world/entity.py"};
        std::vector<CodeLocation> stack = locate_stack(files);
        CHECK(stack[0].origin == Origin::standard_library);
        CHECK(stack[2].origin == Origin::application);
        CHECK(stack[2].module == "world/entity.py");
    }
    SUBCASE("a package run with -m: the package is part of its paths") {
        std::array<std::string_view, 3> files = {"<frozen runpy>", "/srv/run/game/__main__.py",
                                                 "/srv/run/game/util.py"};
        std::vector<CodeLocation> stack = locate_stack(files);
        CHECK(stack[2].origin == Origin::application);
        CHECK(stack[2].module == "game/util.py");
    }
    SUBCASE("a launcher in bin/ makes the folder above it the application's") {
        std::array<std::string_view, 2> files = {"/opt/shop/bin/shop", "/opt/shop/shop/cart.py"};
        std::vector<CodeLocation> stack = locate_stack(files);
        CHECK(stack[0].origin == Origin::launcher);
        CHECK(stack[1].module == "shop/cart.py");
    }
    SUBCASE("rules name the application's paths and more plug-in folders") {
        OriginRules rules;
        rules.app_paths = {"game/"};
        rules.plugin_folders = {"mods"};
        std::array<std::string_view, 3> files = {"/srv/game/loop.py", "/srv/tools/helper.py",
                                                 "/srv/game/mods/castle/init.py"};
        std::vector<CodeLocation> stack = locate_stack(files, rules);
        CHECK(stack[0].origin == Origin::application);
        CHECK(stack[0].module == "game/loop.py");
        CHECK(stack[1].origin == Origin::third_party);
        CHECK(stack[2].origin == Origin::plugin);
        CHECK(stack[2].package == "castle");
    }
}

TEST_CASE("display names are paths inside their package; library code is told apart") {
    CHECK(display_name("/usr/lib/python3.11/json/decoder.py") == "json/decoder.py");
    CHECK(display_name("C:\\venv\\Lib\\site-packages\\requests\\api.py") == "requests/api.py");
    CHECK(is_library("/usr/lib/python3.11/json/decoder.py"));
    CHECK(is_library("<frozen importlib._bootstrap>"));
    CHECK(is_library("/venv/lib/python3.11/site-packages/numpy/core/fromnumeric.py"));
    CHECK_FALSE(is_library("/home/me/game/loop.py"));
}

} // namespace
} // namespace framescope
