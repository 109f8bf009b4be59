// Whose code a frame is, read from its file as tracebacks, dumps and profiles print it on any
// OS: the standard library of an interpreter, a third-party package, a launcher that only
// starts the program, native code, the application, or a plug-in of a host application.
// Crash buckets, stall groups, the profile diff and the views all ask this one module.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace framescope {

enum class Origin : uint8_t {
    standard_library, // CPython's or PyPy's library, <frozen ...>, built-ins, zipped stdlib
    third_party,      // an installed package: site-packages, dist-packages, an egg
    launcher,         // console-script wrappers, freezers' start-up scripts, debuggers
    native,           // a C frame (py-spy --native, a crash reporter's stack)
    application,      // the program's own code
    plugin,           // an add-on of a host application, under the host's plug-in folder
};

const char* origin_name(Origin origin);

struct CodeLocation {
    Origin origin = Origin::application;
    std::string package; // the package or plug-in ("requests", "geogig"); empty for loose code
    std::string module;  // the path inside it, '/'-separated: "requests/api.py", "geogig/x.py"
    std::string path;    // the whole file, '/'-separated, without a Windows drive
};

// Added to the built-in rules: where the application lives, and more plug-in folders.
struct OriginRules {
    std::vector<std::string> app_paths;      // path fragments of the application's code
    std::vector<std::string> plugin_folders; // folder names whose entries are plug-ins
};

// One file on its own, without the stack around it.
CodeLocation locate_file(std::string_view file, const OriginRules& rules = {});

// locate_file with what it said of each file remembered: a batch of reports names the same
// few hundred files again and again.
class CodeLocator {
  public:
    explicit CodeLocator(OriginRules rules = {}) : rules_(std::move(rules)) {}
    const CodeLocation& locate(std::string_view file);
    const OriginRules& rules() const { return rules_; }

  private:
    OriginRules rules_;
    std::unordered_map<std::string, CodeLocation> known_; // by the file as given
};

// Every frame of one stack (files outermost first), with the application inferred from the
// stack where no rule names it: the package or folder of the outermost frame that is neither
// the standard library nor a launcher (the folder above a package run with -m). Packages
// named after it ("octoprint_enclosure" beside "octoprint") are its plug-ins.
std::vector<CodeLocation> locate_stack(std::span<const std::string_view> files,
                                       const OriginRules& rules = {});
std::vector<CodeLocation> locate_stack(std::span<const std::string_view> files,
                                       CodeLocator& locator);

// What the views show for a file, and what matches it across installs: its path inside its
// package or library ("json/decoder.py" for any interpreter's); loose code's whole path.
std::string display_name(std::string_view file);

// Code the user did not write: the standard library, third-party packages and launchers.
bool is_library(std::string_view file);

} // namespace framescope
