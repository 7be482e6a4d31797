#include "mxedge/testing/subprocess.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <chrono>

#include "gtest/gtest.h"
#include "mxedge/testing/free_port.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;

bool ProcessExists(int pid) { return kill(pid, 0) == 0; }

TEST(TempDirTest, IsRemovedWithItsContents) {
  std::string path;
  {
    absl::StatusOr<TempDir> dir = TempDir::Create("tempdir-test");
    ASSERT_TRUE(dir.ok()) << dir.status();
    path = dir->path();
    ASSERT_TRUE(WriteFile(dir->File("a.txt"), "hello").ok());
    EXPECT_EQ(ReadFileTail(dir->File("a.txt")), "hello");
    EXPECT_EQ(ReadFileTail(dir->File("a.txt"), 3), "llo");
  }
  EXPECT_EQ(access(path.c_str(), F_OK), -1);
}

TEST(SubprocessTest, CapturesOutputAndExitStatus) {
  absl::StatusOr<TempDir> dir = TempDir::Create("subprocess-test");
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<std::unique_ptr<Subprocess>> p = Subprocess::Start(
      {{"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, dir->File("log"), ""});
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE((*p)->Wait(milliseconds(5000)).ok());
  ASSERT_TRUE((*p)->wait_status().has_value());
  EXPECT_TRUE(WIFEXITED(*(*p)->wait_status()));
  EXPECT_EQ(WEXITSTATUS(*(*p)->wait_status()), 3);
  EXPECT_EQ((*p)->LogTail(), "out\nerr\n");
}

TEST(SubprocessTest, MissingExecutableIsAnError) {
  absl::StatusOr<TempDir> dir = TempDir::Create("subprocess-test");
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<std::unique_ptr<Subprocess>> p =
      Subprocess::Start({{"/nonexistent/binary"}, dir->File("log"), ""});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("No such file"), absl::string_view::npos) << p.status();
}

TEST(SubprocessTest, TerminateEscalatesToKillAndReachesTheGroup) {
  absl::StatusOr<TempDir> dir = TempDir::Create("subprocess-test");
  ASSERT_TRUE(dir.ok());
  // The shell ignores SIGTERM and has a child: both must be gone afterwards.
  absl::StatusOr<std::unique_ptr<Subprocess>> p =
      Subprocess::Start({{"/bin/sh", "-c", "trap '' TERM; sleep 60 & echo $! > child.pid; wait"},
                         dir->File("log"),
                         dir->path()});
  ASSERT_TRUE(p.ok()) << p.status();
  const int pid = (*p)->pid();
  int child = 0;
  ASSERT_TRUE(WaitUntilReady(**p, milliseconds(5000), [&] {
                const std::string text = ReadFileTail(dir->File("child.pid"));
                if (text.empty() || text.back() != '\n') return absl::UnavailableError("no pid");
                child = std::stoi(text);
                return absl::OkStatus();
              }).ok());
  EXPECT_TRUE(ProcessExists(child));
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE((*p)->Terminate(milliseconds(200)).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(150));
  EXPECT_FALSE(ProcessExists(pid));
  EXPECT_FALSE((*p)->Running());
  ASSERT_TRUE((*p)->wait_status().has_value());
  EXPECT_TRUE(WIFSIGNALED(*(*p)->wait_status()));
  EXPECT_EQ(WTERMSIG(*(*p)->wait_status()), SIGKILL);
  // The grandchild went with the group (at most a zombie until its new parent reaps it).
  const std::string stat = ReadFileTail("/proc/" + std::to_string(child) + "/stat");
  EXPECT_TRUE(stat.empty() || stat.find(") Z") != std::string::npos) << stat;
}

TEST(SubprocessTest, WaitTimesOutWhileRunning) {
  absl::StatusOr<TempDir> dir = TempDir::Create("subprocess-test");
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<std::unique_ptr<Subprocess>> p =
      Subprocess::Start({{"/bin/sleep", "60"}, dir->File("log"), ""});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ((*p)->Wait(milliseconds(50)).code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE((*p)->Running());
  ASSERT_TRUE((*p)->Kill().ok());
  EXPECT_FALSE((*p)->Running());
  EXPECT_TRUE(WIFSIGNALED(*(*p)->wait_status()));
}

TEST(SubprocessTest, DestructorStopsTheProcess) {
  absl::StatusOr<TempDir> dir = TempDir::Create("subprocess-test");
  ASSERT_TRUE(dir.ok());
  int pid = 0;
  {
    absl::StatusOr<std::unique_ptr<Subprocess>> p =
        Subprocess::Start({{"/bin/sleep", "60"}, dir->File("log"), ""});
    ASSERT_TRUE(p.ok());
    pid = (*p)->pid();
    EXPECT_TRUE(ProcessExists(pid));
  }
  EXPECT_FALSE(ProcessExists(pid));
}

TEST(FreeLoopbackPortTest, ReturnsABindablePort) {
  absl::StatusOr<int> port = FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  EXPECT_GT(*port, 0);
  EXPECT_LT(*port, 65536);
  EXPECT_FALSE(LoopbackPortAccepts(*port, milliseconds(200)));
}

}  // namespace
}  // namespace mxedge::testing
