#include "loadtest/steady_reader.hpp"

#include <sched.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "loadtest/multi_reader.hpp"
#include "loadtest/plain_reader.hpp"

namespace scimcheck::loadtest {

namespace {

/// The CPUs this process may run on.
int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace

std::unique_ptr<SteadyReader> make_steady_reader(const http::CurlOptions& options,
                                                 const std::string& base_url,
                                                 const UserReader::Authorize& authorize,
                                                 int connections) {
  if (PlainReader::serves(options, base_url))
    return std::make_unique<PlainReader>(options, base_url, authorize, connections);
  return std::make_unique<MultiReader>(options, base_url, authorize, connections);
}

void on_each_cpu(int connections, std::size_t max_threads,
                 const std::function<void(std::size_t index, int connections)>& read) {
  connections = std::max(1, connections);
  const int count =
      std::max(1, std::min({connections, usable_cpus(),
                            static_cast<int>(std::min<std::size_t>(max_threads, 1024))}));
  std::vector<std::thread> threads;
  for (int i = 0; i < count; ++i)
    threads.emplace_back(read, static_cast<std::size_t>(i),
                         connections / count + (i < connections % count));
  for (auto& t : threads) t.join();
}

}  // namespace scimcheck::loadtest
