// core/ must stay deterministic and UI-free: this scans its sources for what DESIGN.md forbids.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace {
const std::regex forbidden(
    R"(std::chrono|<chrono>|[^_a-zA-Z0-9]time\(|[^_a-zA-Z0-9]rand\(|srand\(|random_device|<random>|)"
    R"(#include\s*[<"](imgui|SDL|emscripten)|<ctime>|gettimeofday|clock_gettime)");
}  // namespace

TEST_SUITE("determinism") {

TEST_CASE("core/ has no wall clock, ambient randomness, or UI includes") {
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(INSIDEOUT_SOURCE_DIR) + "/core")) {
    const auto ext = entry.path().extension();
    if (ext != ".h" && ext != ".cpp") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      // Comments may name what is forbidden (to explain why); code may not use it.
      const auto comment = line.find("//");
      const std::string code = comment == std::string::npos ? line : line.substr(0, comment);
      CHECK_MESSAGE(!std::regex_search(code, forbidden), entry.path().string() << ":" << number << ": " << line);
    }
  }
  CHECK(files >= 10);
}

TEST_CASE("the scanner itself catches what it is meant to") {
  CHECK(std::regex_search(std::string(" auto t = std::chrono::steady_clock::now();"), forbidden));
  CHECK(std::regex_search(std::string("int x = rand();"), forbidden));
  CHECK(std::regex_search(std::string("auto now = time(nullptr);"), forbidden));
  CHECK(std::regex_search(std::string("#include <random>"), forbidden));
  CHECK(std::regex_search(std::string("#include \"imgui.h\""), forbidden));
  CHECK_FALSE(std::regex_search(std::string("int x = operand();"), forbidden));
  CHECK_FALSE(std::regex_search(std::string("auto t = world.runtime();"), forbidden));
}

}  // TEST_SUITE
