// OffscreenFrame: an RGBA texture as the colour attachment; rows are flipped on write, since
// GL's start at the bottom.

#include "viewer/screenshot.h"

#include <vector>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

namespace framescope {

OffscreenFrame::OffscreenFrame(int width_px, int height_px)
    : width_px_(width_px), height_px_(height_px) {
    glGenTextures(1, &texture_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_px, height_px, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
    glGenFramebuffers(1, &framebuffer_);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
}

OffscreenFrame::~OffscreenFrame() {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &framebuffer_);
    glDeleteTextures(1, &texture_);
}

Status OffscreenFrame::write_png(const std::string& path) const {
    std::vector<unsigned char> pixels(size_t(width_px_) * size_t(height_px_) * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_px_, height_px_, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (size_t i = 3; i < pixels.size(); i += 4)
        pixels[i] = 255; // ImGui's blending leaves partial alpha; a screenshot is opaque
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(path.c_str(), width_px_, height_px_, 4, pixels.data(), width_px_ * 4))
        return Error{"cannot write the screenshot", path};
    return Ok{};
}

} // namespace framescope
