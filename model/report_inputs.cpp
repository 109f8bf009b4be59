#include "model/report_inputs.h"

#include "loaders/bundle_loader.h"
#include "loaders/input_kind.h"
#include "loaders/text_report_loader.h"
#include "model/stored_inputs.h"
#include "model/trace_session.h"

namespace framescope {

Result<ReportInputs> load_report_inputs(const std::vector<std::string>& paths,
                                        LoadProgress* progress, const CrashTextSink* sink,
                                        const std::string& frame_function) {
    ReportInputs inputs;
    std::vector<NamedInput> named = expand_inputs(paths);
    if (progress)
        progress->total = named.size();
    for (const NamedInput& input : named) {
        if (progress && progress->cancel)
            return Error::plain("cancelled");
        if (progress)
            ++progress->done;
        switch (input.sniff.kind) {
        case InputKind::bundle: {
            auto bundle = load_bundle(input.path);
            if (!bundle)
                return bundle.error();
            inputs.sessions.push_back(std::move(*bundle));
            break;
        }
        case InputKind::hang_dump:
        case InputKind::crash_text: {
            auto text = load_text_report_file(input.path, input.sniff.kind, sink);
            if (!text && !input.in_folder)
                return text.error();
            if (text)
                inputs.sessions.push_back(std::move(*text));
            else
                inputs.skipped.push_back(text.error().to_string());
            break;
        }
        case InputKind::profile:
            if (!frame_function.empty() && may_hold_timed_calls(input.sniff.format)) {
                auto session = load_trace_session(input.path, frame_function);
                if (!session)
                    return session.error();
                inputs.sessions.push_back(std::move(*session));
                break;
            }
            inputs.skipped.push_back(profile_elsewhere_message(input.path, input.sniff.format));
            break;
        case InputKind::folder:
        case InputKind::not_ours:
        case InputKind::unreadable:
            if (!input.in_folder)
                return Error::plain(refusal_message(input));
            inputs.skipped.push_back(refusal_message(input));
            break;
        }
    }
    return inputs;
}

Result<std::shared_ptr<LoadedSessions>> load_sessions(const std::vector<std::string>& paths,
                                                      LoadProgress* progress,
                                                      const std::optional<std::string>& db_path,
                                                      const std::string& frame_function) {
    std::vector<std::string> files;
    std::vector<SourceId> stored;
    for (const std::string& path : paths)
        if (std::optional<SourceId> id = stored_id(path))
            stored.push_back(*id);
        else
            files.push_back(path);
    Result<ReportInputs> inputs = load_report_inputs(files, progress, nullptr, frame_function);
    if (!inputs)
        return inputs.error();
    StoreHandle store(db_path);
    if (Status s = load_stored_sessions(store, stored, inputs->sessions); !s)
        return s.error();
    auto loaded = std::make_shared<LoadedSessions>();
    loaded->paths = paths;
    loaded->inputs = std::move(*inputs);
    loaded->findings = find_session_findings(loaded->inputs.sessions);
    return loaded;
}

SessionLoadJob::SessionLoadJob(std::vector<std::string> paths, std::optional<std::string> db_path,
                               std::string frame_function)
    : BackgroundJob([paths = std::move(paths), db_path = std::move(db_path),
                     frame_function = std::move(frame_function)](LoadProgress& progress) {
          return load_sessions(paths, &progress, db_path, frame_function);
      }) {}

OpenPlan plan_opening(const std::vector<std::string>& paths,
                      const std::optional<std::string>& db_path,
                      const std::string& frame_function) {
    OpenPlan plan;
    StoreHandle store(db_path);
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::optional<SourceId> id = stored_id(path);
        if (!id) {
            files.push_back(path);
            continue;
        }
        Result<bool> profile = is_stored_profile(store, *id);
        if (!profile)
            plan.refused.push_back(profile.error().to_string());
        else
            (*profile ? plan.profiles : plan.sessions).push_back(path);
    }
    for (const NamedInput& input : expand_inputs(files)) {
        bool trace_frames = !frame_function.empty() && input.sniff.kind == InputKind::profile &&
                            may_hold_timed_calls(input.sniff.format);
        if (trace_frames)
            plan.sessions.push_back(input.path);
        else if (input.sniff.kind == InputKind::profile)
            plan.profiles.push_back(input.path);
        else if (is_session_kind(input.sniff.kind))
            plan.sessions.push_back(input.path);
        else
            (input.in_folder ? plan.skipped : plan.refused).push_back(refusal_message(input));
    }
    return plan;
}

} // namespace framescope
