// run_viewer: the frame loop. Each frame drains the load job, handles shortcuts, lays out the
// profile's table beside the tabbed views (or the session workspace for report bundles and
// stall traces), and renders; nothing here blocks on a file.

#include "viewer/app.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "model/report_inputs.h"
#include "viewer/diff_workspace.h"
#include "viewer/profile_workspace.h"
#include "viewer/screenshot.h"
#include "viewer/session_workspace.h"
#include "viewer/store_workspace.h"
#include "viewer/views/open_dialog.h"

namespace framescope {
namespace {

// The window's title, and its title while it loads or works something out.
constexpr const char* kTitle = "framescope";
constexpr const char* kWorkingTitle = "framescope (working...)";

struct Window {
    GLFWwindow* handle = nullptr;
    ~Window() {
        if (handle)
            glfwDestroyWindow(handle);
        glfwTerminate();
    }
};

// Window layout, settings and recent files persist in the user's configuration folder.
std::string config_file(const char* name) {
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".config";
    else
        return {};
    std::error_code ec;
    std::filesystem::create_directories(base / "framescope", ec);
    return (base / "framescope" / name).string();
}

// What is being loaded: profiles, report sessions (bundles, stall traces, folders), or both
// when a folder mixes them; the sniffer says which file goes where.
struct Loading {
    std::optional<std::string> db_path; // where "@ID"s are read from
    std::string frame_function;         // traces open as sessions of its calls
    std::vector<std::string> paths;
    std::unique_ptr<BackgroundJob<OpenPlan>> planning; // the sniffer reads every file first
    std::unique_ptr<LoadJob> profiles;
    std::unique_ptr<SessionLoadJob> sessions;
    std::unique_ptr<DiffLoadJob> diff;
    // A single bundle's own profile.pstats, opened beside its session.
    std::unique_ptr<BackgroundJob<std::shared_ptr<LoadedProfile>>> bundle_profile;
    std::string refused;        // files named in this opening that are neither: an error
    std::string skipped;        // files in its folders that are neither: a note
    bool with_profiles = false; // this opening holds profiles
    bool with_sessions = false; // this opening holds sessions: show them once loaded

    // Sniffing a folder of many files reads each one: that too runs on a worker.
    void start(std::vector<std::string> chosen) {
        paths = std::move(chosen);
        profiles.reset();
        sessions.reset();
        diff.reset();
        refused.clear();
        skipped.clear();
        planning = std::make_unique<BackgroundJob<OpenPlan>>(
            [files = paths, db = db_path, frames = frame_function](
                LoadProgress&) -> Result<OpenPlan> { return plan_opening(files, db, frames); });
    }
    // Once the sniffer is done: the load jobs start, and `refused` says what it refused.
    bool take_plan() {
        std::optional<Result<OpenPlan>> result = planning ? planning->take_result() : std::nullopt;
        if (!result)
            return false;
        planning.reset();
        if (!*result) {
            refused = (*result).error().to_string();
            return true;
        }
        OpenPlan plan = std::move(**result);
        for (const std::string& line : plan.refused)
            refused += (refused.empty() ? "" : "\n") + line;
        for (const std::string& line : plan.skipped)
            skipped += (skipped.empty() ? "skipped " : "\nskipped ") + line;
        with_profiles = !plan.profiles.empty();
        with_sessions = !plan.sessions.empty();
        if (!plan.profiles.empty())
            profiles = std::make_unique<LoadJob>(std::move(plan.profiles), db_path);
        if (with_sessions)
            sessions =
                std::make_unique<SessionLoadJob>(std::move(plan.sessions), db_path, frame_function);
        if (!busy() && refused.empty())
            refused = "no profile, bundle or report among the files named" +
                      (skipped.empty() ? std::string() : "\n" + skipped);
        return true;
    }
    void start_diff(std::vector<std::string> a, std::vector<std::string> b) {
        paths = a;
        profiles.reset();
        sessions.reset();
        refused.clear();
        skipped.clear();
        diff = std::make_unique<DiffLoadJob>(std::move(a), std::move(b), db_path);
    }
    // A lone session with a profile of its own opens it too, in the profile views.
    void start_bundle_profile(const std::shared_ptr<LoadedSessions>& loaded) {
        const std::vector<ReportBundle>& all = loaded->inputs.sessions;
        if (with_profiles || all.size() != 1 || all.front().profile_pstats.empty())
            return;
        bundle_profile = std::make_unique<BackgroundJob<std::shared_ptr<LoadedProfile>>>(
            [loaded](LoadProgress&) {
                const ReportBundle& session = loaded->inputs.sessions.front();
                return load_profile_bytes(session.profile_pstats,
                                          session.source + "/profile.pstats");
            });
    }
    bool busy() const { return planning || profiles || sessions || diff || bundle_profile; }
    float fraction() const {
        if (profiles && sessions)
            return (profiles->progress().fraction() + sessions->progress().fraction()) / 2;
        return profiles   ? profiles->progress().fraction()
               : sessions ? sessions->progress().fraction()
               : diff     ? diff->progress().fraction()
                          : 0;
    }
    void cancel() {
        planning.reset(); // the sniffer reads a bounded prefix of each file: it ends soon
        if (profiles)
            profiles->cancel();
        if (sessions)
            sessions->cancel();
        if (diff)
            diff->cancel();
    }
};

} // namespace

ViewerExit run_viewer(const ViewerOptions& options) {
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((!display || !*display) && (!wayland || !*wayland))
        return ViewerExit::NoDisplay;
    if (!glfwInit())
        return ViewerExit::NoDisplay;
    Window window;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // Working until a first frame is on screen.
    window.handle =
        glfwCreateWindow(options.width_px, options.height_px, kWorkingTitle, nullptr, nullptr);
    if (!window.handle) {
        std::fprintf(stderr, "framescope: cannot open an OpenGL 3.3 window\n");
        return ViewerExit::Failed;
    }
    glfwMakeContextCurrent(window.handle);
    glfwSwapInterval(1);
    // Paths dropped on the window wait here for the frame loop; the window points at them.
    std::vector<std::string> dropped;
    glfwSetWindowUserPointer(window.handle, &dropped);
    glfwSetDropCallback(window.handle, [](GLFWwindow* w, int count, const char** paths) {
        auto* pending = static_cast<std::vector<std::string>*>(glfwGetWindowUserPointer(w));
        for (int i = 0; i < count; ++i)
            pending->emplace_back(paths[i]);
    });

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    std::string ini = config_file("imgui.ini");
    ImGui::GetIO().IniFilename =
        ini.empty() || !options.screenshot_path.empty() ? nullptr : ini.c_str();
    ImGui::StyleColorsDark();
    ImGui_ImplGlfw_InitForOpenGL(window.handle, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    ProfileWorkspace profile;
    SessionWorkspace sessions;
    if (Status s = profile.init(); !s) {
        std::fprintf(stderr, "framescope: %s\n", s.error().to_string().c_str());
        return ViewerExit::Failed;
    }
    if (Status s = sessions.init(); !s) {
        std::fprintf(stderr, "framescope: %s\n", s.error().to_string().c_str());
        return ViewerExit::Failed;
    }
    DiffWorkspace comparison;
    if (Status s = comparison.init(); !s) {
        std::fprintf(stderr, "framescope: %s\n", s.error().to_string().c_str());
        return ViewerExit::Failed;
    }
    StoreWorkspace store;
    enum class Showing { profile, sessions, comparison, store } showing = Showing::profile;
    OpenDialog open_dialog(options.screenshot_path.empty() ? config_file("recent-files")
                                                           : std::string());
    Loading loading;
    loading.db_path = options.db_path;
    loading.frame_function = options.frame_function;
    sessions.use_store(options.db_path.value_or(default_database_path()));
    if (options.open_store) {
        store.open(options.db_path.value_or(default_database_path()));
        if (options.files.empty() && options.compare_with.empty())
            showing = Showing::store;
    }
    if (!options.compare_with.empty())
        loading.start_diff(options.files, options.compare_with);
    else if (!options.files.empty())
        loading.start(options.files);
    std::string load_error;
    std::string status; // what the last export did, or a note on what was asked
    int frames_since_loaded = 0;
    bool titled_working = true;
    ViewerExit exit = ViewerExit::Closed;

    while (!glfwWindowShouldClose(window.handle)) {
        if (options.screenshot_path.empty())
            glfwWaitEventsTimeout(
                loading.busy() ? 0.05 : 0.5); // idle without spinning; poll while loading
        else
            glfwPollEvents();
        if (!dropped.empty()) {
            if (store.has_store()) {
                store.import(std::exchange(dropped, {}));
                showing = Showing::store;
            } else {
                loading.start(std::exchange(dropped, {}));
            }
        }
        store.poll();
        if (loading.take_plan())
            load_error = loading.refused;
        if (loading.profiles) {
            if (auto result = loading.profiles->take_result()) {
                if (*result) {
                    open_dialog.remember(loading.paths);
                    status =
                        profile.show(result->value(), options.view, options.search, options.select);
                    if (!status.empty() && !options.screenshot_path.empty())
                        std::fprintf(stderr, "framescope: %s\n", status.c_str());
                    if (!loading.with_sessions || options.view_chosen)
                        showing = Showing::profile;
                    load_error = loading.refused;
                } else {
                    load_error = result->error().to_string();
                }
                loading.profiles.reset();
            }
        }
        if (loading.sessions) {
            if (auto result = loading.sessions->take_result()) {
                if (*result) {
                    open_dialog.remember(loading.paths);
                    sessions.show(result->value());
                    loading.start_bundle_profile(result->value());
                    if (!(loading.with_profiles && options.view_chosen))
                        showing = Showing::sessions;
                    load_error = loading.refused;
                } else {
                    load_error = result->error().to_string();
                }
                loading.sessions.reset();
            }
        }
        if (loading.bundle_profile) {
            if (auto result = loading.bundle_profile->take_result()) {
                if (*result)
                    profile.show(result->value(), options.view, options.search, options.select);
                else
                    status = "its profile.pstats: " + result->error().to_string();
                loading.bundle_profile.reset();
            }
        }
        if (loading.diff) {
            if (auto result = loading.diff->take_result()) {
                if (*result) {
                    comparison.show(result->value());
                    showing = Showing::comparison;
                    load_error.clear();
                } else {
                    load_error = result->error().to_string();
                }
                loading.diff.reset();
            }
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        if (showing == Showing::profile)
            profile.handle_shortcuts(open_dialog);

        const ImGuiViewport* viewport = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(viewport->WorkPos);
        ImGui::SetNextWindowSize(viewport->WorkSize);
        ImGui::Begin("framescope", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoBringToFrontOnFocus);
        // The buttons first, where they always are; then what is open.
        if (ImGui::Button("Open"))
            open_dialog.open();
        ImGui::SameLine();
        if (std::vector<std::string> chosen = open_dialog.draw(); !chosen.empty()) {
            loading.start(chosen);
        }
        if (profile.has_profile() && showing == Showing::profile)
            if (std::string done = profile.draw_title(); !done.empty())
                status = done;
        if (std::string frames = profile.has_profile() ? profile.take_trace_frame_function() : "";
            !frames.empty()) { // the trace again, as a session of that function's calls
            loading.frame_function = frames;
            loading.start(profile.paths());
        }
        if (int(store.has_store()) + int(profile.has_profile()) + int(sessions.has_sessions()) >
                1 &&
            showing != Showing::comparison) {
            // What was opened, one after another (or a mixed opening), is kept: switch.
            auto choice = [&](const char* name, Showing which, bool available) {
                if (!available)
                    return;
                if (ImGui::RadioButton(name, showing == which))
                    showing = which;
                ImGui::SameLine();
            };
            choice("Store", Showing::store, store.has_store());
            choice("Profile", Showing::profile, profile.has_profile());
            choice("Sessions", Showing::sessions, sessions.has_sessions());
            ImGui::TextDisabled("|");
            ImGui::SameLine();
        }
        if (showing == Showing::profile && profile.has_profile()) {
            profile.draw_search();
            if (std::string note = profile.take_note(); !note.empty()) {
                status = note;
                if (!options.screenshot_path.empty())
                    std::fprintf(stderr, "framescope: %s\n", note.c_str());
            }
        }
        if (store.working() && showing == Showing::store) {
            ImGui::SameLine();
            ImGui::ProgressBar(store.progress(), ImVec2(240, 0), "reading the store...");
        }
        if (std::string note = store.take_note(); !note.empty())
            status = note;
        if (loading.busy()) {
            ImGui::SameLine();
            ImGui::ProgressBar(loading.fraction(), ImVec2(240, 0), "loading...");
            ImGui::SameLine();
            if (ImGui::Button("Cancel"))
                loading.cancel();
        }
        if (!status.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", status.c_str());
        }
        if (!load_error.empty())
            ImGui::TextColored(ImVec4(1, 0.45f, 0.4f, 1), "%s", load_error.c_str());
        else if (!loading.skipped.empty() && !loading.busy())
            ImGui::TextDisabled("%s", loading.skipped.c_str());

        if (showing == Showing::store) {
            if (std::vector<std::string> chosen = store.draw(); !chosen.empty()) {
                loading.db_path = store.db_path();
                sessions.use_store(store.db_path());
                loading.start(std::move(chosen));
            }
        } else if (showing == Showing::sessions) {
            if (std::string done = sessions.draw(); !done.empty())
                status = done;
        } else if (showing == Showing::comparison) {
            if (std::string done = comparison.draw(); !done.empty())
                status = done;
        } else if (profile.has_profile()) {
            profile.draw();
        } else if (!loading.busy() && load_error.empty()) {
            ImGui::TextDisabled("Open a .pstats profile, a report bundle or a faulthandler dump "
                                "(Ctrl+O), or drop one here.");
        }
        ImGui::End();

        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window.handle, &width, &height);
        // Once loaded, a screenshot waits a few frames for the layout to settle, then draws
        // the frame offscreen and writes it.
        bool shoot =
            !options.screenshot_path.empty() && !loading.busy() && !profile.working() &&
            !comparison.working() && !store.working() &&
            (profile.has_profile() || showing != Showing::profile || !load_error.empty()) &&
            ++frames_since_loaded == 3;
        std::optional<OffscreenFrame> offscreen;
        if (shoot)
            offscreen.emplace(width, height);
        if (!offscreen)
            glBindFramebuffer(GL_FRAMEBUFFER, 0); // the window's own
        glViewport(0, 0, width, height);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.1f, 0.1f, 0.11f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (shoot) {
            Status written = offscreen->write_png(options.screenshot_path);
            if (!written) {
                std::fprintf(stderr, "framescope: %s\n", written.error().to_string().c_str());
                exit = ViewerExit::Failed;
            } else if (!load_error.empty()) {
                std::fprintf(stderr, "framescope: %s\n", load_error.c_str());
                exit = ViewerExit::Failed;
            }
            break;
        }
        glfwSwapBuffers(window.handle);
        // The title says whether work is under way. Set after the swap: a plain title means the
        // frame on screen shows all that was asked for (what the window tests wait for).
        bool working =
            loading.busy() || profile.working() || comparison.working() || store.working();
        if (working != titled_working) {
            glfwSetWindowTitle(window.handle, working ? kWorkingTitle : kTitle);
            titled_working = working;
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return exit;
}

} // namespace framescope
