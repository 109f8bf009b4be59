// timeline_render_bench: what panning a one-hour session's timeline costs per frame. Loads the
// bundle given (bench/make_long_session.py writes one), uploads one bar per frame with the
// timeline's levels of detail, then times rendering the bars for a view that moves each
// iteration, until the GPU has finished (glFinish). Arg: the view shows 1/N of the session.
// Needs a display (under Xvfb: Mesa's software renderer), or with --egl a GPU's EGL device
// and no display at all (a headless GPU machine).

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string_view>

#include <epoxy/egl.h>
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

namespace {

// A hidden GLFW window's OpenGL 3.3 core context; false without a display.
bool open_glfw_context() {
    if (!glfwInit())
        return false;
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(64, 64, "bench", nullptr, nullptr);
    if (!window)
        return false;
    glfwMakeContextCurrent(window);
    return true;
}

// An OpenGL 3.3 core context on the first EGL device, with no display: a GPU machine's.
bool open_egl_device_context() {
    auto query_devices =
        reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    auto platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLDeviceEXT devices[8];
    EGLint device_count = 0;
    if (!query_devices || !platform_display || !query_devices(8, devices, &device_count) ||
        device_count == 0)
        return false;
    EGLDisplay display = platform_display(EGL_PLATFORM_DEVICE_EXT, devices[0], nullptr);
    EGLint major = 0, minor = 0;
    if (!eglInitialize(display, &major, &minor) || !eglBindAPI(EGL_OPENGL_API))
        return false;
    const EGLint config_attributes[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE,
                                        EGL_OPENGL_BIT, EGL_NONE};
    EGLConfig config;
    EGLint configs = 0;
    if (!eglChooseConfig(display, config_attributes, &config, 1, &configs) || configs == 0)
        return false;
    const EGLint surface_attributes[] = {EGL_WIDTH, 64, EGL_HEIGHT, 64, EGL_NONE};
    EGLSurface surface = eglCreatePbufferSurface(display, config, surface_attributes);
    const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION,
                                         3,
                                         EGL_CONTEXT_MINOR_VERSION,
                                         3,
                                         EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                         EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                         EGL_NONE};
    EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
    return context != EGL_NO_CONTEXT && eglMakeCurrent(display, surface, surface, context);
}

} // namespace

int main(int argc, char** argv) {
    using namespace framescope;
    benchmark::Initialize(&argc, argv);
    bool egl = argc == 3 && std::string_view(argv[1]) == "--egl";
    if (argc != 2 && !egl) {
        std::fputs("usage: timeline_render_bench [--benchmark_...] [--egl] BUNDLE\n", stderr);
        return 2;
    }
    Result<ReportBundle> bundle = load_bundle(argv[argc - 1]);
    if (!bundle) {
        std::fprintf(stderr, "timeline_render_bench: %s\n", bundle.error().to_string().c_str());
        return 1;
    }
    if (!(egl ? open_egl_device_context() : open_glfw_context())) {
        std::fprintf(stderr, "timeline_render_bench: cannot create an OpenGL 3.3 context (%s)\n",
                     egl ? "no EGL device" : "no display");
        return 1;
    }
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
    // The process ends here; the context goes with it.
    return 0;
}
