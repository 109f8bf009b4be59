// A file is read as its components: an install folder (site-packages, lib/python3.11, Lib,
// lib-python, a zipped library) says where the package or module path starts; a plug-in
// folder (plugins, addons, Packages, custom_nodes, ..._plugins) says the next entry is a
// plug-in; anything else is loose code. Frozen applications print module paths relative to
// their archive ("calibre/customize/ui.py", "calibre_plugins.dedrm.__init__"), read the same.

#include "model/code_origin.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace framescope {
namespace {

// Python's own top-level modules (sys.stdlib_module_names, public names), for module paths
// that carry no install folder: a frozen application's "json/decoder.py".
constexpr std::string_view kStandardModules[] = {
    "abc",         "argparse",    "ast",        "asynchat",     "asyncio",    "asyncore",
    "base64",      "bdb",         "bisect",     "bz2",          "calendar",   "cgi",
    "codecs",      "collections", "concurrent", "configparser", "contextlib", "copy",
    "copyreg",     "csv",         "ctypes",     "dataclasses",  "datetime",   "decimal",
    "difflib",     "dis",         "distutils",  "email",        "encodings",  "enum",
    "fnmatch",     "ftplib",      "functools",  "genericpath",  "getopt",     "gettext",
    "glob",        "gzip",        "hashlib",    "heapq",        "hmac",       "html",
    "http",        "imp",         "importlib",  "inspect",      "io",         "json",
    "keyword",     "linecache",   "locale",     "logging",      "mimetypes",  "multiprocessing",
    "ntpath",      "numbers",     "opcode",     "operator",     "optparse",   "os",
    "pathlib",     "pdb",         "pickle",     "pkgutil",      "platform",   "posixpath",
    "pprint",      "queue",       "random",     "re",           "reprlib",    "runpy",
    "selectors",   "shutil",      "signal",     "site",         "socket",     "socketserver",
    "sre_compile", "sre_parse",   "ssl",        "string",       "struct",     "subprocess",
    "tarfile",     "tempfile",    "textwrap",   "threading",    "tkinter",    "traceback",
    "types",       "typing",      "unittest",   "urllib",       "urllib2",    "warnings",
};

// Folders whose entries are plug-ins of the host that owns the folder.
constexpr std::string_view kPluginFolders[] = {
    "plugins",      "addons",
    "addons21",     "add-ons",
    "extensions",   "installed packages",
    "packages",     "custom_components",
    "custom_nodes", "user_plugins",
};

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = char(std::tolower(uint8_t(c)));
    return out;
}

bool is_identifier(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(uint8_t(c)) || c == '_';
    });
}

bool has_source_suffix(std::string_view name) {
    for (std::string_view suffix :
         {".py", ".pyw", ".pyc", ".pyo", ".pyx", ".pxd", ".so", ".pyd", ".c", ".h", ".cpp", ".cc",
          ".dll", ".dylib", ".zip", ".egg", ".sublime-package", ".glyphsplugin"})
        if (lower(name).ends_with(suffix))
            return true;
    return false;
}

// '/'-separated, no drive letter; "NAME in PATH" (Sublime Text's packed packages) is PATH;
// a dotted module name is its file; "**init**" (a name that went through Markdown) is __init__.
std::string normalized(std::string_view file) {
    if (size_t in = file.find(" in "); in != std::string_view::npos && in > 0 &&
                                       file.substr(0, in).find('/') == std::string_view::npos &&
                                       file.substr(0, in).find('\\') == std::string_view::npos) {
        std::string_view rest = file.substr(in + 4);
        if (rest.starts_with('/') || (rest.size() > 2 && rest[1] == ':'))
            file = rest;
    }
    std::string path(file);
    std::replace(path.begin(), path.end(), '\\', '/');
    if (path.size() > 2 && std::isalpha(uint8_t(path[0])) && path[1] == ':')
        path.erase(0, 2);
    for (size_t at = path.find("**"); at != std::string::npos; at = path.find("**", at + 2)) {
        size_t end = path.find("**", at + 2);
        if (end == std::string::npos)
            break;
        if (is_identifier(std::string_view(path).substr(at + 2, end - at - 2))) {
            path.replace(at, 2, "__");
            path.replace(end, 2, "__");
        }
    }
    // "calibre_plugins.dedrm.__init__": names that start with no digit, joined by dots.
    bool dotted = path.find('.') != std::string::npos && !has_source_suffix(path);
    for (size_t begin = 0; dotted && begin <= path.size();) {
        size_t end = std::min(path.find('.', begin), path.size());
        std::string_view name = std::string_view(path).substr(begin, end - begin);
        dotted = is_identifier(name) && !std::isdigit(uint8_t(name[0]));
        begin = end + 1;
    }
    if (dotted) {
        std::replace(path.begin(), path.end(), '.', '/');
        path += ".py";
    }
    return path;
}

std::vector<std::string_view> components_of(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t begin = 0;
    while (begin <= path.size()) {
        size_t end = path.find('/', begin);
        if (end == std::string_view::npos)
            end = path.size();
        if (end > begin)
            parts.push_back(path.substr(begin, end - begin));
        begin = end + 1;
    }
    return parts;
}

std::string join(std::span<const std::string_view> parts) {
    std::string out;
    for (std::string_view part : parts) {
        if (!out.empty())
            out += '/';
        out += part;
    }
    return out;
}

bool is_version_folder(std::string_view name, std::string_view interpreter) {
    std::string low = lower(name);
    if (!low.starts_with(interpreter) || low.size() == interpreter.size())
        return false;
    return std::isdigit(uint8_t(low[interpreter.size()])) || low.ends_with(".zip");
}

// "python3.3": an embedded interpreter's library folder, no "lib" above it.
bool is_python_version(std::string_view name) {
    std::string low = lower(name);
    return low.size() >= 9 && low.starts_with("python") && std::isdigit(uint8_t(low[6])) &&
           low.find('.') != std::string::npos && !low.ends_with(".zip");
}

bool is_standard_module(std::string_view top) {
    if (top.ends_with(".py"))
        top.remove_suffix(3);
    return std::find(std::begin(kStandardModules), std::end(kStandardModules), top) !=
           std::end(kStandardModules);
}

bool is_plugin_folder(std::string_view name, const OriginRules& rules) {
    std::string low = lower(name);
    for (const std::string& extra : rules.plugin_folders)
        if (low == lower(extra))
            return true;
    return std::find(std::begin(kPluginFolders), std::end(kPluginFolders), low) !=
               std::end(kPluginFolders) ||
           (low.size() > 8 && (low.ends_with("_plugins") || low.ends_with("_addons")));
}

// "CursorRuler.sublime-package" -> "CursorRuler": the plug-in's name without its packing.
std::string plugin_name(std::string_view entry) {
    for (std::string_view suffix : {".sublime-package", ".glyphsplugin", ".py", ".zip"})
        if (lower(entry).ends_with(suffix))
            return std::string(entry.substr(0, entry.size() - suffix.size()));
    return std::string(entry);
}

bool install_folder_after(std::span<const std::string_view> parts, size_t at) {
    for (size_t j = at + 1; j + 1 < parts.size(); ++j) {
        std::string part = lower(parts[j]);
        if (part == "site-packages" || part == "dist-packages")
            return true;
    }
    return false;
}

bool is_launcher_file(std::span<const std::string_view> parts) {
    std::string_view name = parts.back();
    if (name.starts_with("pyi_rth_") || name.starts_with("pyiboot") || name == "__startup__.py" ||
        name == "pydevd.py" || name == "_pydev_execfile.py")
        return true;
    if (parts.size() >= 2) {
        std::string_view folder = parts[parts.size() - 2];
        if (folder == "bin" || folder == "Scripts" || folder == "initscripts" ||
            folder == "_pydevd_bundle" || folder == "pydev")
            return true;
    }
    return false;
}

// A path whose first entry is a module (no install folder before it).
CodeLocation module_path(std::span<const std::string_view> parts, std::string path) {
    CodeLocation location;
    location.path = std::move(path);
    location.module = join(parts);
    location.package = parts.size() > 1 ? std::string(parts[0]) : std::string();
    location.origin = is_standard_module(parts[0]) ? Origin::standard_library : Origin::application;
    return location;
}

CodeLocation pseudo_file(const std::string& path) {
    CodeLocation location{Origin::application, "", path, path};
    if (path.starts_with("<frozen ")) { // <frozen importlib._bootstrap> is importlib/_bootstrap.py
        std::string module = path.substr(8, path.size() - 9);
        std::replace(module.begin(), module.end(), '.', '/');
        location = {Origin::standard_library, "", module + ".py", path};
    } else if (path.starts_with("<builtin>")) { // PyPy's built-in modules
        location = {Origin::standard_library, "", path.substr(path.find('/') + 1), path};
    }
    return location;
}

bool is_native_file(std::string_view path) {
    std::string low = lower(path);
    for (std::string_view suffix : {".c", ".cc", ".cpp", ".h", ".so", ".dylib", ".dll", ".pyd"})
        if (low.ends_with(suffix))
            return true;
    return low.find(".so.") != std::string::npos || low.find(".so ") != std::string::npos;
}

} // namespace

const char* origin_name(Origin origin) {
    switch (origin) {
    case Origin::standard_library:
        return "standard library";
    case Origin::third_party:
        return "third-party";
    case Origin::launcher:
        return "launcher";
    case Origin::native:
        return "native";
    case Origin::application:
        return "application";
    case Origin::plugin:
        return "plug-in";
    }
    return "application";
}

CodeLocation locate_file(std::string_view file, const OriginRules& rules) {
    std::string path = normalized(file);
    if (path.empty() || path == "~")
        return {Origin::standard_library, "", "builtins", path};
    if (path.starts_with('<'))
        return pseudo_file(path);
    if (is_native_file(path)) {
        size_t slash = path.rfind('/');
        return {Origin::native, "", path.substr(slash == std::string::npos ? 0 : slash + 1), path};
    }
    std::vector<std::string_view> parts = components_of(path);
    if (parts.empty())
        return {Origin::application, "", path, path};
    if (is_launcher_file(parts))
        return {Origin::launcher, "", std::string(parts.back()), path};
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        std::string part = lower(parts[i]);
        std::span<const std::string_view> rest(parts.begin() + long(i) + 1, parts.end());
        if (is_plugin_folder(parts[i], rules) && !install_folder_after(parts, i)) {
            std::string name = plugin_name(rest[0]);
            std::string module = join(rest.subspan(1));
            return {Origin::plugin, name,
                    module.empty() ? std::string(rest[0]) : name + "/" + module, path};
        }
        if (part == "site-packages" || part == "dist-packages" || part.ends_with(".egg")) {
            if (lower(rest[0]).ends_with(".egg") && rest.size() > 1) // site-packages/x.egg/x/
                rest = rest.subspan(1);
            // A later folder wins: a virtual environment inside a package, a package's plug-ins.
            bool later = install_folder_after(parts, i);
            for (size_t j = i + 1; j + 1 < parts.size(); ++j)
                later |= is_plugin_folder(parts[j], rules);
            if (later)
                continue;
            return {Origin::third_party, plugin_name(rest[0]), join(rest), path};
        }
        if (install_folder_after(parts, i))
            continue; // lib/python3.11/site-packages/...: the package decides
        bool library_folder =
            (part == "lib" || part == "lib64") &&
            (is_version_folder(parts[i + 1], "python") || is_version_folder(parts[i + 1], "pypy"));
        if (library_folder && rest.size() > 1)
            return {Origin::standard_library, "", join(rest.subspan(1)), path};
        if (part == "lib-python" && rest.size() > 1) // PyPy: lib-python/3/json/decoder.py
            return {Origin::standard_library, "", join(rest.subspan(1)), path};
        // lib_pypy/, Windows' Lib/, zipped libraries, an embedded interpreter's python3.3/.
        if (part == "lib_pypy" || parts[i] == "Lib" || part == "base_library.zip" ||
            is_python_version(parts[i])) {
            if (lower(rest[0]) == "lib" && rest.size() > 1) // C:\Python36\Lib\json\...
                rest = rest.subspan(1);
            return {Origin::standard_library, "", join(rest), path};
        }
        // Windows installs: C:\Python36-x64\lib\json\decoder.py, any case.
        if (part == "lib" && i > 0 &&
            (lower(parts[i - 1]).starts_with("python") || lower(parts[i - 1]).starts_with("pypy") ||
             lower(parts[i - 1]).find("conda") != std::string::npos))
            return {Origin::standard_library, "", join(rest), path};
        // Freezers' archives hold the standard library and the application alike.
        if (part == "library.zip" || part.ends_with(".pyz") || part.starts_with("_mei"))
            return module_path(rest, path);
    }
    bool relative = !path.starts_with('/') && !path.starts_with("..") && !path.starts_with("./");
    if (relative)
        return module_path(parts, path);
    return {Origin::application, "", std::string(parts.back()), path};
}

const CodeLocation& CodeLocator::locate(std::string_view file) {
    auto found = known_.find(std::string(file));
    if (found == known_.end())
        found = known_.emplace(std::string(file), locate_file(file, rules_)).first;
    return found->second;
}

std::vector<CodeLocation> locate_stack(std::span<const std::string_view> files,
                                       const OriginRules& rules) {
    CodeLocator locator(rules);
    return locate_stack(files, locator);
}

std::vector<CodeLocation> locate_stack(std::span<const std::string_view> files,
                                       CodeLocator& locator) {
    const OriginRules& rules = locator.rules();
    std::vector<CodeLocation> stack;
    for (std::string_view file : files)
        stack.push_back(locator.locate(file));
    if (!rules.app_paths.empty()) {
        for (CodeLocation& location : stack) {
            if (location.origin == Origin::plugin)
                continue;
            bool own = false;
            for (const std::string& fragment : rules.app_paths)
                if (size_t at = location.path.rfind(fragment); at != std::string::npos) {
                    location = {Origin::application, "", location.path.substr(at), location.path};
                    own = true;
                    break;
                }
            if (!own && location.origin == Origin::application)
                location.origin = Origin::third_party;
        }
        return stack;
    }
    // The entry: the outermost frame that is the program's code or an installed package.
    std::string launcher_home;
    const CodeLocation* entry = nullptr;
    for (const CodeLocation& location : stack) {
        if (location.origin == Origin::launcher && launcher_home.empty()) {
            size_t slash = location.path.rfind('/');
            size_t parent = slash == std::string::npos || slash == 0
                                ? std::string::npos
                                : location.path.rfind('/', slash - 1);
            if (parent != std::string::npos)
                launcher_home = location.path.substr(0, parent);
        }
        if (location.origin == Origin::application || location.origin == Origin::third_party) {
            entry = &location;
            break;
        }
    }
    if (!entry)
        return stack;
    std::string app_package = entry->origin == Origin::third_party ? entry->package : "";
    std::string root;
    if (entry->origin == Origin::application && entry->package.empty() &&
        entry->path.find('/') != std::string::npos) {
        root = entry->path.substr(0, entry->path.rfind('/'));
        // A package run with -m starts in its __main__.py: the package is part of the paths.
        if (entry->path.ends_with("/__main__.py") && root.rfind('/') != std::string::npos)
            root = root.substr(0, root.rfind('/'));
        if (!launcher_home.empty() && entry->path.starts_with(launcher_home + "/"))
            root = launcher_home;
    }
    std::string app_prefix = lower(app_package);
    for (CodeLocation& location : stack) {
        if (location.origin == Origin::third_party && !app_package.empty()) {
            std::string package = lower(location.package);
            // The application's own family: "electrum" beside an entry in "electrum_gui".
            bool family = app_prefix.size() > package.size() + 1 &&
                          app_prefix.starts_with(package) && app_prefix[package.size()] == '_';
            if (package == app_prefix || family)
                location.origin = Origin::application;
            else if (package.size() > app_prefix.size() + 1 && package.starts_with(app_prefix) &&
                     (package[app_prefix.size()] == '_' || package[app_prefix.size()] == '-'))
                location.origin = Origin::plugin;
        } else if (location.origin == Origin::application && location.package.empty() &&
                   !root.empty()) {
            if (location.path.size() > root.size() && location.path.starts_with(root) &&
                location.path[root.size()] == '/')
                location.module = location.path.substr(root.size() + 1);
        }
    }
    return stack;
}

std::string display_name(std::string_view file) {
    CodeLocation location = locate_file(file);
    return location.origin == Origin::application && location.package.empty() ? location.path
                                                                              : location.module;
}

bool is_library(std::string_view file) {
    Origin origin = locate_file(file).origin;
    return origin == Origin::standard_library || origin == Origin::third_party ||
           origin == Origin::launcher || origin == Origin::native;
}

} // namespace framescope
