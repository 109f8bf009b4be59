#version 330 core
// One instance per bar standing on the bottom edge: the unit quad `corner` is stretched over
// [x0, x1] (in units of the whole axis, 0..1) and up to `height` (0..1 of the viewport). The
// same instance layout as rect_instanced.vert.glsl, with `row` read as the height.
//
// Every bar keeps at least one pixel of width, so when many bars share a pixel column they
// overlap there and the tallest shows: zoomed out, no spike is ever hidden.

layout(location = 0) in vec2 corner;     // (0,0) .. (1,1)
layout(location = 1) in vec2 span;       // x0, x1 on the axis
layout(location = 2) in float height;    // 0..1 of the viewport
layout(location = 3) in vec4 color;

uniform vec2 view_span;      // visible part of the axis: start, end
uniform vec2 viewport_px;    // width, height

out vec4 v_color;

void main() {
    float width = view_span.y - view_span.x;
    float left_px = (span.x - view_span.x) / width * viewport_px.x;
    float right_px = (span.y - view_span.x) / width * viewport_px.x;
    right_px = max(right_px - (right_px - left_px > 3.0 ? 1.0 : 0.0), left_px + 1.0);
    float x_px = mix(left_px, right_px, corner.x);
    float top_px = viewport_px.y * (1.0 - clamp(height, 0.0, 1.0));
    float y_px = mix(top_px, viewport_px.y, corner.y);
    gl_Position = vec4(x_px / viewport_px.x * 2.0 - 1.0, 1.0 - y_px / viewport_px.y * 2.0, 0.0,
                       1.0);
    v_color = color;
}
