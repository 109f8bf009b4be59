// The Open dialog (Ctrl+O): a small file browser and the recently opened files, which persist
// in the user's configuration folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace framescope {

class OpenDialog {
  public:
    explicit OpenDialog(std::filesystem::path recent_list);

    void open(); // shows the dialog from the next frame
    // Draws the dialog when open; returns the files chosen (empty while nothing is).
    std::vector<std::string> draw();
    // Remembers files that loaded, most recent first.
    void remember(const std::vector<std::string>& paths);
    const std::vector<std::string>& recent() const { return recent_; }

  private:
    std::filesystem::path recent_list_; // one path a line
    std::vector<std::string> recent_;
    std::filesystem::path folder_ = std::filesystem::current_path();
    std::filesystem::path listed_folder_; // the folder entries_ lists
    std::vector<std::filesystem::directory_entry> entries_;
    bool opening_ = false;

    void list_folder();
};

} // namespace framescope
