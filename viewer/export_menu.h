// The Export menu of the window: each view's text to the clipboard or to a file beside the
// profile (the table as pstats prints it, the selected subtree, the findings, the flame SVG).
// The text is made off the window's thread (a million-node flame graph takes a while); the
// clipboard and the file are written once it is ready.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "model/background_job.h"
#include "viewer/viewer_state.h"

namespace framescope {

class ExportMenu {
  public:
    // Draws the menu button; returns a line saying what was exported, or an empty string.
    std::string draw(const ViewerState& state);
    bool working() const { return making_ != nullptr; }

  private:
    // What is being made, and where it goes once made.
    std::unique_ptr<BackgroundJob<std::string>> making_;
    std::string save_to_; // a file; empty: the clipboard
    std::string done_;    // what to say once it is there

    void make(std::function<std::string()> text, std::string save_to, std::string done);
    std::string finish();
};

} // namespace framescope
