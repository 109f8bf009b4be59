// Screenshots: the window's last frame drawn again into an offscreen framebuffer and written
// as a PNG (what --screenshot and the GUI tests look at). Offscreen, because what a window
// system keeps of an on-screen buffer after a swap is not something to rely on.
#pragma once

#include <string>

#include <epoxy/gl.h>

#include "core/error.h"

namespace framescope {

class OffscreenFrame {
  public:
    OffscreenFrame(int width_px, int height_px); // binds it as the framebuffer to draw into
    ~OffscreenFrame();                           // binds the window's framebuffer again
    OffscreenFrame(const OffscreenFrame&) = delete;
    OffscreenFrame& operator=(const OffscreenFrame&) = delete;

    Status write_png(const std::string& path) const;

  private:
    int width_px_, height_px_;
    GLuint framebuffer_ = 0, texture_ = 0;
};

} // namespace framescope
