// timeline_render_bench: what panning a one-hour session's timeline costs per frame. Loads the
// bundle given (bench/make_long_session.py writes one), uploads one bar per frame with the
// timeline's levels of detail, then times rendering the bars for a view that moves each
// iteration, until the GPU has finished (glFinish). Arg: the view shows 1/N of the session.
// Needs a display (under Xvfb: Mesa's software renderer).

#include <benchmark/benchmark.h>

#include <cstdio>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "loaders/bundle_loader.h"
#include "viewer/gl/bar_levels.h"
#include "viewer/gl/rect_renderer.h"

namespace framescope {
namespace {

RectRenderer* bars = nullptr; // uploaded by main before the benchmarks run
const BarLevels* levels = nullptr;

// One timeline frame at a 1600x170 view showing `span` of the session, panned each time.
void bm_timeline_pan(benchmark::State& state) {
    double span = 1.0 / double(state.range(0));
    double start = 0, drawn = 0;
    for (auto _ : state) {
        start += span / 7;
        if (start + span > 1)
            start = 0;
        BarLevels::Range shown = levels->visible(start, start + span, 1600);
        bars->render(1600, 170, {start, start + span, 0, 0}, 0xff201c1c, shown.first, shown.count);
        glFinish();
        drawn += double(shown.count);
    }
    state.counters["bars_drawn"] = drawn / double(state.iterations());
    state.counters["frames_per_s"] =
        benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(bm_timeline_pan)
    ->Arg(1)
    ->Arg(60)
    ->Arg(3600)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace
} // namespace framescope

int main(int argc, char** argv) {
    using namespace framescope;
    benchmark::Initialize(&argc, argv);
    if (argc != 2) {
        std::fputs("usage: timeline_render_bench [--benchmark_...] BUNDLE\n", stderr);
        return 2;
    }
    Result<ReportBundle> bundle = load_bundle(argv[1]);
    if (!bundle) {
        std::fprintf(stderr, "timeline_render_bench: %s\n", bundle.error().to_string().c_str());
        return 1;
    }
    if (!glfwInit()) {
        std::fputs("timeline_render_bench: no display\n", stderr);
        return 1;
    }
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(64, 64, "bench", nullptr, nullptr);
    if (!window) {
        std::fputs("timeline_render_bench: cannot create an OpenGL 3.3 context\n", stderr);
        return 1;
    }
    glfwMakeContextCurrent(window);
    std::printf("renderer: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
    {
        RectRenderer renderer; // destroyed while its context still exists
        if (Status s = renderer.init(RectShape::bars); !s) {
            std::fprintf(stderr, "timeline_render_bench: %s\n", s.error().to_string().c_str());
            return 1;
        }
        const FrameTimings& frames = bundle->frames;
        double total = double(frames.start_us.back()) + frames.duration_us.back();
        std::vector<RectInstance> instances;
        for (size_t i = 0; i < frames.size(); ++i)
            instances.push_back({float(frames.start_us[i] / total),
                                 float((frames.start_us[i] + frames.duration_us[i]) / total),
                                 float(frames.duration_us[i]) / 4e6f, 0xff6e965a});
        BarLevels built;
        built.build(std::move(instances));
        renderer.upload(built.instances());
        bars = &renderer;
        levels = &built;
        benchmark::RunSpecifiedBenchmarks();
        benchmark::Shutdown();
        bars = nullptr;
        levels = nullptr;
    }
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}
