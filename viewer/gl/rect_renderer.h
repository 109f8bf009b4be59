// RectRenderer: draws many rectangles on a value axis (a flame graph's nodes, a timeline's
// frames) with one instanced draw call into an offscreen texture that ImGui shows as an image.
// Instances are uploaded once per change of data or colours; moving the view changes only
// uniforms, so a frame costs the same for ten rectangles or a million. A renderer that was
// never initialised draws nothing and touches no OpenGL: what a view does on the CPU each frame
// can be measured without a context.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <epoxy/gl.h>

#include "core/error.h"

namespace framescope {

struct RectInstance {
    float x0, x1;  // on the axis, 0..1
    float row;     // rows: 0 at the top; bars: the height, 0..1 of the viewport
    uint32_t rgba; // 0xAABBGGRR, as ImGui packs colours
};

enum class RectShape {
    rows, // fixed-height rows from the top (a flame graph, tracks)
    bars, // bars standing on the bottom edge, at least a pixel wide (frame times)
};

struct RectView {
    double start, end; // visible part of the axis, 0..1
    float row_height_px;
    float scroll_px;
};

class RectRenderer {
  public:
    RectRenderer() = default;
    RectRenderer(const RectRenderer&) = delete;
    RectRenderer& operator=(const RectRenderer&) = delete;
    ~RectRenderer();

    // Compiles the shaders (errors name the .glsl file and line).
    Status init(RectShape shape = RectShape::rows);
    void upload(std::span<const RectInstance> instances);
    // Renders into the texture, resized to width x height; returns the texture to show.
    // `first` and `count` draw a range of the instances (count SIZE_MAX: all from first).
    GLuint render(int width_px, int height_px, const RectView& view, uint32_t background_rgba,
                  size_t first = 0, size_t count = SIZE_MAX);

  private:
    GLuint program_ = 0, vao_ = 0, quad_ = 0, instances_ = 0;
    GLuint framebuffer_ = 0, texture_ = 0;
    int texture_width_ = 0, texture_height_ = 0;
    GLsizei instance_count_ = 0;

    void point_attributes_at(size_t first); // instance attributes start at instance `first`
    GLint view_span_ = -1, viewport_px_ = -1, row_height_px_ = -1, scroll_px_ = -1;
};

// Compiles and links a vertex and fragment shader; `*_name` label errors.
Result<GLuint> build_program(const char* vertex_name, std::string_view vertex_source,
                             const char* fragment_name, std::string_view fragment_source);

} // namespace framescope
