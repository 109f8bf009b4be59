// RectRenderer: one VAO with a unit quad (per vertex) and the instance buffer (per instance).

#include "viewer/gl/rect_renderer.h"

#include <algorithm>

#include <cstdlib>
#include <string>

#include "shaders_embedded.h"

namespace framescope {
namespace {

// "0:12(3): error: ..." (Mesa) or "ERROR: 0:12: ..." (others): the first number after "0:" is
// the line.
uint32_t line_of(const std::string& log) {
    size_t at = log.find("0:");
    return at == std::string::npos ? 0 : uint32_t(std::strtoul(log.c_str() + at + 2, nullptr, 10));
}

Result<GLuint> compile(GLenum type, const char* name, std::string_view source) {
    GLuint shader = glCreateShader(type);
    const char* text = source.data();
    GLint length = GLint(source.size());
    glShaderSource(shader, 1, &text, &length);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (ok)
        return shader;
    char log[2048] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    return Error::at_line(std::string("shaders/") + name, line_of(log), log);
}

} // namespace

Result<GLuint> build_program(const char* vertex_name, std::string_view vertex_source,
                             const char* fragment_name, std::string_view fragment_source) {
    Result<GLuint> vertex = compile(GL_VERTEX_SHADER, vertex_name, vertex_source);
    if (!vertex)
        return vertex.error();
    Result<GLuint> fragment = compile(GL_FRAGMENT_SHADER, fragment_name, fragment_source);
    if (!fragment) {
        glDeleteShader(*vertex);
        return fragment.error();
    }
    GLuint program = glCreateProgram();
    glAttachShader(program, *vertex);
    glAttachShader(program, *fragment);
    glLinkProgram(program);
    glDeleteShader(*vertex);
    glDeleteShader(*fragment);
    GLint ok = 0;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok)
        return program;
    char log[2048] = {};
    glGetProgramInfoLog(program, sizeof log, nullptr, log);
    glDeleteProgram(program);
    return Error::plain(std::string("linking ") + vertex_name + " + " + fragment_name + ": " + log);
}

RectRenderer::~RectRenderer() {
    if (!program_)
        return;
    glDeleteProgram(program_);
    glDeleteBuffers(1, &quad_);
    glDeleteBuffers(1, &instances_);
    glDeleteVertexArrays(1, &vao_);
    glDeleteFramebuffers(1, &framebuffer_);
    glDeleteTextures(1, &texture_);
}

Status RectRenderer::init(RectShape shape) {
    Result<GLuint> program = shape == RectShape::rows
                                 ? build_program("rect_instanced.vert.glsl", kRectInstancedVert,
                                                 "rect_instanced.frag.glsl", kRectInstancedFrag)
                                 : build_program("frame_bars.vert.glsl", kFrameBarsVert,
                                                 "rect_instanced.frag.glsl", kRectInstancedFrag);
    if (!program)
        return program.error();
    program_ = *program;
    view_span_ = glGetUniformLocation(program_, "view_span");
    viewport_px_ = glGetUniformLocation(program_, "viewport_px");
    row_height_px_ = glGetUniformLocation(program_, "row_height_px");
    scroll_px_ = glGetUniformLocation(program_, "scroll_px");

    glGenVertexArrays(1, &vao_);
    glBindVertexArray(vao_);
    static const float kQuad[] = {0, 0, 1, 0, 0, 1, 1, 1}; // a triangle strip
    glGenBuffers(1, &quad_);
    glBindBuffer(GL_ARRAY_BUFFER, quad_);
    glBufferData(GL_ARRAY_BUFFER, sizeof kQuad, kQuad, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);

    glGenBuffers(1, &instances_);
    glEnableVertexAttribArray(1);
    glVertexAttribDivisor(1, 1);
    glEnableVertexAttribArray(2);
    glVertexAttribDivisor(2, 1);
    glEnableVertexAttribArray(3);
    glVertexAttribDivisor(3, 1);
    point_attributes_at(0);
    glBindVertexArray(0);

    glGenFramebuffers(1, &framebuffer_);
    glGenTextures(1, &texture_);
    return Ok{};
}

// OpenGL 3.3 has no base instance for instanced draws: a range starts where the attribute
// pointers point. Call with the vertex array bound.
void RectRenderer::point_attributes_at(size_t first) {
    glBindBuffer(GL_ARRAY_BUFFER, instances_);
    auto field = [&](size_t offset) {
        return reinterpret_cast<const void*>(first * sizeof(RectInstance) + offset);
    };
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(RectInstance), field(0));
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, sizeof(RectInstance),
                          field(offsetof(RectInstance, row)));
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(RectInstance),
                          field(offsetof(RectInstance, rgba)));
}

void RectRenderer::upload(std::span<const RectInstance> instances) {
    if (!program_)
        return;
    glBindBuffer(GL_ARRAY_BUFFER, instances_);
    glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(instances.size_bytes()), instances.data(),
                 GL_STATIC_DRAW);
    instance_count_ = GLsizei(instances.size());
}

GLuint RectRenderer::render(int width_px, int height_px, const RectView& view,
                            uint32_t background_rgba, size_t first, size_t count) {
    if (!program_ || width_px <= 0 || height_px <= 0)
        return texture_;
    // What was bound before anything here binds ours: it is bound again at the end.
    GLint previous_framebuffer = 0, previous_viewport[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_framebuffer);
    glGetIntegerv(GL_VIEWPORT, previous_viewport);
    if (width_px != texture_width_ || height_px != texture_height_) {
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_px, height_px, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                     nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
        texture_width_ = width_px;
        texture_height_ = height_px;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, width_px, height_px);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(float(background_rgba & 0xff) / 255.f,
                 float((background_rgba >> 8) & 0xff) / 255.f,
                 float((background_rgba >> 16) & 0xff) / 255.f, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    glUseProgram(program_);
    // Positions are floats in 0..1 of the axis: zooming in to about 1e-5 of it stays exact to
    // a pixel; views cap their zoom there.
    glUniform2f(view_span_, float(view.start), float(view.end));
    glUniform2f(viewport_px_, float(width_px), float(height_px));
    glUniform1f(row_height_px_, view.row_height_px);
    glUniform1f(scroll_px_, view.scroll_px);
    glBindVertexArray(vao_);
    first = std::min(first, size_t(instance_count_));
    count = std::min(count, size_t(instance_count_) - first);
    point_attributes_at(first);
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, GLsizei(count));
    glBindVertexArray(0);
    glUseProgram(0);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous_framebuffer));
    glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2],
               previous_viewport[3]);
    return texture_;
}

} // namespace framescope
