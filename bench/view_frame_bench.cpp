// view_frame_bench: what the window's thread spends on the CPU per frame in the flame graph and
// in a session's timeline, each frame a whole Dear ImGui frame (NewFrame, the view's draw(),
// Render building the draw lists) while the view zooms in and out around a pointer that moves
// every frame, so each frame has a new view, new labels and a new hover hit test with its
// tooltip. The views' rectangles are drawn by RectRenderer, which without an OpenGL context
// draws nothing: the figures are the views' own work, without the driver's or the GPU's
// (timeline_render_bench times those).
//
//   view_frame_bench [--benchmark_...] PROFILE.pstats BUNDLE_DIR
//
// The flame graph shows the profile's whole call tree, nothing pruned (1,000,000 nodes at
// most), at 1600x900 with a search that matches many of its nodes; the timeline shows the
// bundle's session at 1600 px.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>

#include <imgui.h>

#include "loaders/bundle_loader.h"
#include "model/function_search.h"
#include "model/load_job.h"
#include "viewer/views/flame_graph_view.h"
#include "viewer/views/timeline_view.h"

namespace framescope {
namespace {

constexpr float kWidthPx = 1600;
constexpr float kFlameHeightPx = 912; // the overview strip's 12 px, then the graph's 900

ViewerState* flame_state = nullptr; // set by main before the benchmarks run
const ReportBundle* session = nullptr;

// Where the pointer moves: over the view's plot, `top` to `bottom` px from the window's top.
struct PointerBand {
    float top, bottom;
};
constexpr PointerBand kOverFlameGraph{14, kFlameHeightPx};
constexpr PointerBand kOverTimelineBars{54, 220}; // under the minimap and the markers' lane
constexpr float kTimelineHeightPx = 400;

// One ImGui frame with the pointer at frame `i`'s place in `band` and the wheel turning: in
// for 60 frames, out for 60 (the views zoom around the pointer). `draw` draws the view.
template <typename Draw>
size_t imgui_frame(uint64_t i, float height_px, PointerBand band, Draw draw) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1 / 60.f;
    io.MousePos = ImVec2(float(i * 37 % uint64_t(kWidthPx)),
                         band.top + float(i * 13 % uint64_t(band.bottom - band.top)));
    io.MouseWheel = i % 120 < 60 ? 1.f : -1.f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kWidthPx, height_px));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    draw();
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::Render();
    return size_t(ImGui::GetDrawData()->TotalVtxCount);
}

void bm_flame_frame(benchmark::State& state) {
    FlameGraphView view;
    uint64_t i = 0;
    size_t vertices = 0;
    auto draw = [&] { view.draw(*flame_state); };
    imgui_frame(i++, kFlameHeightPx, kOverFlameGraph, draw); // the upload: not timed
    for (auto _ : state)
        vertices += imgui_frame(i++, kFlameHeightPx, kOverFlameGraph, draw);
    benchmark::DoNotOptimize(vertices);
    size_t matching = 0;
    for (const CallNode& node : flame_state->tree().nodes())
        matching += flame_state->found->match(node.function);
    state.counters["nodes"] = double(flame_state->tree().nodes().size());
    state.counters["nodes_found"] = double(matching);
    state.counters["vertices"] = double(vertices) / double(state.iterations());
}
BENCHMARK(bm_flame_frame)->Unit(benchmark::kMicrosecond);

void bm_timeline_frame(benchmark::State& state) {
    TimelineView view;
    FrameSelection selection;
    double budget_ms = session->session.frame_budget_ms;
    uint64_t i = 0;
    size_t vertices = 0;
    auto draw = [&] { view.draw(*session, budget_ms, selection); };
    imgui_frame(i++, kTimelineHeightPx, kOverTimelineBars, draw); // the upload: not timed
    for (auto _ : state)
        vertices += imgui_frame(i++, kTimelineHeightPx, kOverTimelineBars, draw);
    benchmark::DoNotOptimize(vertices);
    state.counters["frames"] = double(session->frames.size());
    state.counters["vertices"] = double(vertices) / double(state.iterations());
}
BENCHMARK(bm_timeline_frame)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace framescope

int main(int argc, char** argv) {
    using namespace framescope;
    benchmark::Initialize(&argc, argv);
    if (argc != 3) {
        std::fputs("usage: view_frame_bench [--benchmark_...] PROFILE.pstats BUNDLE_DIR\n", stderr);
        return 2;
    }
    Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles({argv[1]});
    Result<ReportBundle> bundle = load_bundle(argv[2]);
    if (!loaded || !bundle) {
        const Error& error = loaded ? bundle.error() : loaded.error();
        std::fprintf(stderr, "view_frame_bench: %s\n", error.to_string().c_str());
        return 1;
    }
    (*loaded)->tree = CallTree::build((*loaded)->profile, {0.0, 1'000'000});
    // One package of the generated profile's fifteen: its functions are everywhere in the tree.
    Result<FunctionSearch> found = search_functions((*loaded)->profile, "torch", false);
    if (!found) {
        std::fprintf(stderr, "view_frame_bench: %s\n", found.error().to_string().c_str());
        return 1;
    }
    ViewerState state;
    state.loaded = *loaded;
    state.search = "torch";
    state.found = std::make_shared<const FunctionSearch>(std::move(found).value());
    flame_state = &state;
    session = &*bundle;

    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // no window settings to keep
    ImGui::GetIO().DisplaySize = ImVec2(kWidthPx, kFlameHeightPx);
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height); // as a backend would
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    ImGui::DestroyContext();
    return 0;
}
