#version 330 core
// One instance per rectangle on a value axis: the unit quad `corner` is stretched over
// [x0, x1] (in units of the whole axis, 0..1) and over one row. The view maps the visible part
// of the axis to the viewport; rows are a fixed height in pixels, scrolled by `scroll_px`.

layout(location = 0) in vec2 corner;     // (0,0) .. (1,1)
layout(location = 1) in vec2 span;       // x0, x1 on the axis
layout(location = 2) in float row;       // 0 at the top
layout(location = 3) in vec4 color;

uniform vec2 view_span;      // visible part of the axis: start, end
uniform vec2 viewport_px;    // width, height
uniform float row_height_px;
uniform float scroll_px;

out vec4 v_color;

void main() {
    float width = view_span.y - view_span.x;
    float left_px = (span.x - view_span.x) / width * viewport_px.x;
    float right_px = (span.y - view_span.x) / width * viewport_px.x;
    // Every rectangle keeps at least one pixel, and a one-pixel gap on its right and bottom
    // where it is wide enough to spare it, so neighbours stay apart.
    right_px = max(right_px - (right_px - left_px > 3.0 ? 1.0 : 0.0), left_px + 1.0);
    float x_px = mix(left_px, right_px, corner.x);
    float y_px = (row + corner.y * 0.94) * row_height_px - scroll_px;
    gl_Position = vec4(x_px / viewport_px.x * 2.0 - 1.0, 1.0 - y_px / viewport_px.y * 2.0, 0.0,
                       1.0);
    v_color = color;
}
