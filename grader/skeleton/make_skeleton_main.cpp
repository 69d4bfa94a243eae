// store-make-skeleton SOLUTIONS_DIR LABS_DIR
// Writes the student skeleton: every file of SOLUTIONS_DIR, with its lab
// regions replaced (see skeleton.h), into LABS_DIR. Files in LABS_DIR that
// SOLUTIONS_DIR no longer has are removed, so the two trees correspond.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "skeleton/skeleton.h"

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool is_source(const fs::path& path) {
  const auto ext = path.extension();
  return ext == ".h" || ext == ".cpp";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: store-make-skeleton SOLUTIONS_DIR LABS_DIR\n";
    return 2;
  }
  const fs::path solutions = argv[1];
  const fs::path labs = argv[2];
  if (!fs::is_directory(solutions)) {
    std::cerr << "store-make-skeleton: " << solutions << " is not a directory\n";
    return 2;
  }
  try {
    std::set<fs::path> written;
    for (const auto& item : fs::recursive_directory_iterator(solutions)) {
      if (!item.is_regular_file()) continue;
      const fs::path relative = fs::relative(item.path(), solutions);
      const std::string text = read_file(item.path());
      const std::string out =
          is_source(item.path()) ? store::skeleton::make_skeleton(text, "solutions/" + relative.string()) : text;
      fs::create_directories((labs / relative).parent_path());
      std::ofstream(labs / relative, std::ios::binary) << out;
      written.insert(relative);
    }
    if (fs::exists(labs)) {
      for (const auto& item : fs::recursive_directory_iterator(labs)) {
        if (item.is_regular_file() && !written.contains(fs::relative(item.path(), labs))) fs::remove(item.path());
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "store-make-skeleton: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
