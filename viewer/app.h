// The window: GLFW, Dear ImGui and OpenGL 3.3 core. Opens the files given (or dropped on it),
// loads them off the window's thread with a progress bar, and shows the views of a profile.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "viewer/viewer_state.h"

namespace framescope {

struct ViewerOptions {
    std::vector<std::string> files;
    std::vector<std::string> compare_with; // non-empty: compare `files` (A) with these (B)
    // The store "@ID" names are read from (the default database if none). `open_store` opens
    // its overview too (in front when no file is named), and files dropped on the window are
    // then imported into it.
    std::optional<std::string> db_path;
    bool open_store = false;
    std::string screenshot_path; // non-empty: render once loaded, write this PNG, exit
    ViewKind view = ViewKind::Flame;
    bool view_chosen = false; // --view given: a folder of profiles and reports opens on the profile
    std::string select;       // a function to select (find_function: its name, or in its label)
    std::string search;       // the search to start with
    std::string frame_function; // traces open as sessions, a frame per call of it
    int width_px = 1500, height_px = 900;
};

enum class ViewerExit { Closed, NoDisplay, Failed };

// Runs the window until it is closed (or the screenshot is written). Without a display it
// returns NoDisplay at once, having drawn nothing.
ViewerExit run_viewer(const ViewerOptions& options);

} // namespace framescope
