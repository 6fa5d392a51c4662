#include "loadtest/workload.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "eval/fixture.hpp"
#include "eval/scope.hpp"
#include "http/json_body.hpp"
#include "http/url.hpp"
#include "loadtest/client.hpp"
#include "loadtest/created_stream.hpp"
#include "loadtest/steady_reader.hpp"
#include "run/request_builder.hpp"
#include "run/runner.hpp"

namespace scimcheck::loadtest {

namespace {

using Clock = std::chrono::steady_clock;
using suite::Json;

enum Op {
  kQueryUser,
  kCreateUser,
  kUpdateUser,
  kDisableUser,
  kQueryGroup,
  kCreateGroup,
  kAddMembers,
  kReadUser,
  kDeleteGroup,
  kDeleteUser,
  kOps
};
constexpr std::array<const char*, kOps> kOpNames = {
    "query-user",  "create-user", "update-user", "disable-user", "query-group",
    "create-group", "add-members", "read-user",   "delete-group", "delete-user"};

constexpr const char* kPatchUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// Creates a worker records in the ledger with one sync before sending them (group commit
/// within a worker; the workers also share syncs). A crash leaves up to this many pending
/// entries per worker that were never sent: the cleanup finds none by their marker.
constexpr std::size_t kIntentBatch = 16;

/// Statistics of one worker, merged at the end (no locking while the run is on).
struct Tally {
  std::array<Histogram, kOps> latency;
  std::array<std::uint64_t, kOps> errors{};
  std::map<std::string, std::uint64_t> by_status;
  std::vector<Second> timeline;
};

/// What the workers share: the run's settings, the group ids, the clock zero. The user ids
/// are not kept: every phase reads them back from the ledger file.
struct Shared {
  const LoadOptions& options;
  const LoadTarget& target;
  Progress& progress;
  Clock::time_point start = Clock::now();
  std::atomic<std::uint64_t> counter{0};  // {{unique}}
  std::atomic<std::size_t> users_created{0};
  std::vector<std::string> group_ids;     // "" when not created
  std::string update_path;                // attribute the update replaces
  std::mutex fatal_mutex;
  std::string fatal;  // guarded by fatal_mutex
  std::atomic<bool> failed{false};

  bool stopped() const { return target.abort && target.abort->load(); }
  void fail(const std::string& why) {
    std::lock_guard lock(fatal_mutex);
    if (fatal.empty()) fatal = why;
    failed = true;
  }
};

class Worker {
 public:
  explicit Worker(Shared& shared)
      : s_(shared),
        transport_(shared.target.make_transport()),
        reader_(shared.target.base_url, shared.target.authorize) {
    scope_.run_id = s_.target.run_id;
    scope_.variables = s_.target.variables;
    scope_.counter = &s_.counter;
  }

  Tally& tally() { return tally_; }

  /// Sends and records; returns the exchange when the status is one of `ok`.
  std::optional<http::Exchange> send(Op op, http::Request request, std::initializer_list<int> ok) {
    if (s_.target.authorize) {
      if (auto error = s_.target.authorize(request)) {
        s_.fail("cannot authenticate: " + *error);
        return std::nullopt;
      }
    }
    return deliver(op, request, ok);
  }

  /// Sends an authorized request and records; returns the exchange when the status is one
  /// of `ok`.
  std::optional<http::Exchange> deliver(Op op, const http::Request& request,
                                        std::initializer_list<int> ok) {
    http::Exchange ex = transport_->send(request);
    if (!record(op, ex, ok)) return std::nullopt;
    return ex;
  }

  /// Records a request's outcome in the statistics; whether its status is one of `ok`.
  bool record(Op op, const http::Exchange& ex, std::initializer_list<int> ok) {
    Second& sec = this_second();
    ++sec.requests;
    ++s_.progress.requests;
    const bool good = !ex.error && std::find(ok.begin(), ok.end(), ex.response.status) != ok.end();
    if (!ex.error) {
      tally_.latency[op].record(ex.elapsed_ms);
      sec.max_ms = std::max(sec.max_ms, ex.elapsed_ms);
      sec.latency.record(ex.elapsed_ms);
    }
    if (!good) {
      count_error(op, ex.error ? std::string("transport:") + http::to_string(ex.error->kind)
                               : std::to_string(ex.response.status));
      if (ex.error && ex.error->kind == http::ErrorKind::connect)
        s_.fail("cannot connect: " + ex.error->message);
      return false;
    }
    return true;
  }

  /// The statistics of the second of the run that is now going on.
  Second& this_second() {
    const double second = std::chrono::duration<double>(Clock::now() - s_.start).count();
    const auto index = static_cast<std::size_t>(std::max(0.0, second));
    if (tally_.timeline.size() <= index) tally_.timeline.resize(index + 1);
    return tally_.timeline[index];
  }

  /// Counts an answer Entra would not accept: for its operation, by what was wrong ("404",
  /// "transport:timeout", "wrong-body"), and in the current second.
  void count_error(Op op, const std::string& what) {
    ++this_second().errors;
    ++tally_.errors[op];
    ++tally_.by_status[std::string(kOpNames[op]) + " " + what];
    ++s_.progress.errors;
  }

  http::Request request(const std::string& method, const std::string& path,
                        std::vector<std::pair<std::string, std::string>> query = {},
                        const Json* body = nullptr) {
    eval::RenderedRequest r;
    r.method = method;
    r.path = path;
    r.query = std::move(query);
    if (body) r.body = *body;
    return run::build_request(r, s_.target.base_url);
  }

  /// Provisions `count` users or groups: records the intent to create each in the ledger,
  /// waits for one sync covering them all (their creates are on disk before any is sent),
  /// then queries by the matching attribute (an empty list expected) and creates each in
  /// turn. The ids, "" where not created.
  std::vector<std::string> provision(const std::string& kind, std::size_t count) {
    const bool group = kind == "group";
    const suite::ResourceMapping& mapping =
        group ? s_.target.profile->groups : s_.target.profile->users;
    const std::string endpoint = group ? "/Groups" : "/Users";
    const std::string marker_attr = group ? "displayName" : "userName";
    std::vector<std::pair<Json, int>> planned;  // fixture, ledger entry
    for (std::size_t i = 0; i < count; ++i) {
      std::string error;
      auto fixture = eval::make_fixture(kind, mapping, scope_, &error);
      scope_.drawn_uuids.clear();  // what a conformance case remembers; here it would grow with N
      if (!fixture) {
        s_.fail("cannot build a " + kind + " from the profile: " + error);
        break;
      }
      const std::string marker = (*fixture)["body"].value(marker_attr, std::string());
      const int seq = s_.target.ledger->pending(endpoint, marker_attr, marker, "load", false);
      planned.emplace_back(std::move(*fixture), seq);
    }
    s_.target.ledger->sync();
    std::vector<std::string> ids;
    for (const auto& [fixture, seq] : planned) {
      std::string id;
      if (!s_.stopped() && !s_.failed) id = create(group, endpoint, fixture, seq);
      else s_.target.ledger->not_created(seq);  // never sent
      ids.push_back(std::move(id));
    }
    return ids;
  }

  /// Query by the matching attribute, then create; the id on success. The ledger entry seq
  /// gets the outcome (a transport error leaves it pending: the create may have happened).
  std::string create(bool group, const std::string& endpoint, const Json& fixture, int seq) {
    const Json& body = fixture["body"];
    const Json& match = fixture["match"];
    if (match["value"].is_string()) {
      std::vector<std::pair<std::string, std::string>> query;
      if (group) query.emplace_back("excludedAttributes", "members");
      query.emplace_back("filter", match["attribute"].get<std::string>() + " eq \"" +
                                       match["value"].get<std::string>() + "\"");
      const Op op = group ? kQueryGroup : kQueryUser;
      auto found = send(op, request("GET", endpoint, query), {200});
      const Json list = found ? http::parse_body_lenient(found->response.body).value_or(Json())
                              : Json();
      if (found && (!list.is_object() || list.value("totalResults", -1) != 0))
        count_error(op, "not-empty");  // Entra would update the match: here nothing may match
      if (!found || !list.is_object() || list.value("totalResults", -1) != 0) {
        s_.target.ledger->not_created(seq);
        return {};
      }
    }
    auto created = send(group ? kCreateGroup : kCreateUser, request("POST", endpoint, {}, &body),
                        {201});
    std::string id;
    if (created) {
      const Json answer = http::parse_body_lenient(created->response.body).value_or(Json());
      if (answer.is_object() && answer.contains("id") && answer["id"].is_string())
        id = answer["id"].get<std::string>();
    }
    if (!id.empty())
      s_.target.ledger->created(seq, id);
    else if (!created)
      s_.target.ledger->not_created(seq);  // refused
    return id;
  }

  bool patch(Op op, const std::string& path, const Json& operations) {
    const Json body = {{"schemas", {kPatchUrn}}, {"Operations", operations}};
    return send(op, request("PATCH", path, {}, &body), {200, 204}).has_value();
  }

  bool remove(Op op, const std::string& endpoint, const run::CreatedResource& resource) {
    auto ex = send(op, request("DELETE", endpoint + "/" + resource.id), {200, 204});
    if (ex) s_.target.ledger->deleted(resource.seq);
    return ex.has_value();
  }

  /// GET /Users/{id} with the connection's prepared request, and the answer must be that
  /// user: a JSON media type, well-formed JSON, an object whose id is the one asked for and
  /// whose schemas hold the core User schema. Anything else counts as an error of the read.
  void read_user(const std::string& id) {
    std::string error;
    const http::Request* prepared = reader_.request(id, &error);
    if (!prepared) return s_.fail("cannot authenticate: " + error);
    record_read(id, transport_->send(*prepared));
  }

  /// Records the answer to a read of `id` and checks it is that user.
  void record_read(const std::string& id, const http::Exchange& ex) {
    if (!record(kReadUser, ex, {200})) return;
    if (const ReadFault fault = check_read(ex.response, id); fault != ReadFault::ok)
      count_error(kReadUser, to_string(fault));
  }

  std::string next_unique() { return scope_.next_unique(); }

 private:
  Shared& s_;
  std::unique_ptr<http::Transport> transport_;
  UserReader reader_;
  eval::Scope scope_;
  Tally tally_;
};

/// Runs step(worker) on every worker until it returns 0 (nothing left), the run stops or
/// fails; a step returns how many items it finished, counted against `total`.
void parallel_drain(std::vector<std::unique_ptr<Worker>>& workers, Shared& shared, int phase,
                    std::size_t total, const std::function<std::size_t(Worker&)>& step) {
  shared.progress.phase = phase;
  shared.progress.done = 0;
  shared.progress.total = total;
  auto work = [&](Worker& w) {
    while (!shared.stopped() && !shared.failed) {
      const std::size_t done = step(w);
      if (done == 0) return;
      shared.progress.done += done;
    }
  };
  std::vector<std::thread> threads;
  for (auto& w : workers) threads.emplace_back(work, std::ref(*w));
  for (auto& t : threads) t.join();
}

/// Runs fn(worker, first, n) over [0, count) in consecutive runs of up to `chunk` (fewer when
/// there are not enough for every worker) on every worker; counts progress.
void parallel_chunks(std::vector<std::unique_ptr<Worker>>& workers, Shared& shared, int phase,
                     std::size_t count, std::size_t chunk,
                     const std::function<void(Worker&, std::size_t, std::size_t)>& fn) {
  chunk = std::clamp<std::size_t>(count / workers.size(), 1, chunk);  // every worker busy
  std::atomic<std::size_t> next{0};
  parallel_drain(workers, shared, phase, count, [&](Worker& w) -> std::size_t {
    const std::size_t first = next.fetch_add(chunk);
    if (first >= count) return 0;
    const std::size_t n = std::min(chunk, count - first);
    fn(w, first, n);
    return n;
  });
}

/// The attribute a user update replaces: a name part or the display name, as Entra syncs them.
std::string update_path(const suite::ResourceMapping& users) {
  for (const char* preferred : {"name.givenName", "displayName", "name.familyName"})
    for (const auto& a : users.attributes)
      if (a.path == preferred && a.type == "string") return a.path;
  for (const auto& a : users.attributes)
    if (a.type == "string" && a.path != users.matching && a.path != "userName" &&
        a.path.find('[') == std::string::npos)
      return a.path;
  return {};
}

/// Picks `share` of [0, n) spread evenly (every k-th), by a stable rule.
bool chosen(std::size_t i, double share, std::size_t salt) {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const auto scaled = static_cast<std::size_t>(share * 1000);
  return ((i * 7919 + salt) % 1000) < scaled;
}

using Workers = std::vector<std::unique_ptr<Worker>>;

/// 2. Updates and disables of a share of the created users (by their position).
void update_phase(Workers& workers, Shared& shared, std::atomic<int>& updated,
                  std::atomic<int>& disabled) {
  const LoadOptions& options = shared.options;
  auto update = [&](std::size_t i) { return chosen(i, options.update_share, 17); };
  auto disable = [&](std::size_t i) { return chosen(i, options.disable_share, 503); };
  std::size_t total = 0;
  for (std::size_t i = 0; i < shared.users_created; ++i) total += update(i) || disable(i);
  CreatedStream users(*shared.target.ledger, "/Users", false);
  parallel_drain(workers, shared, 1, total, [&](Worker& w) -> std::size_t {
    std::vector<run::CreatedResource> one;
    std::size_t i = 0;
    do {
      i = users.take(1, one);
      if (one.empty()) return 0;
    } while (!update(i) && !disable(i));
    const std::string path = "/Users/" + one.front().id;
    if (update(i) && !shared.update_path.empty()) {
      const Json ops = Json::array(
          {{{"op", "Replace"}, {"path", shared.update_path}, {"value", "Upd" + w.next_unique()}}});
      if (w.patch(kUpdateUser, path, ops)) ++updated;
    }
    if (disable(i)) {
      const Json ops = Json::array({{{"op", "Replace"}, {"path", "active"}, {"value", "False"}}});
      if (w.patch(kDisableUser, path, ops)) ++disabled;
    }
    return 1;
  });
}

/// 4. Memberships: K users per group, in batches. The users come from one cyclic read of the
/// ledger, in batch order, so group j (of those created) gets the users at positions
/// [j*K, (j+1)*K) modulo the users created.
int membership_phase(Workers& workers, Shared& shared) {
  const std::size_t users = shared.users_created;
  const auto k = std::min(static_cast<std::size_t>(std::max(0, shared.options.members)), users);
  const auto batch_size = static_cast<std::size_t>(std::max(1, shared.options.member_batch));
  const std::size_t per_group = (k + batch_size - 1) / batch_size;
  const std::size_t groups = shared.group_ids.size();
  CreatedStream pool(*shared.target.ledger, "/Users", true);
  std::mutex plan_mutex;
  std::size_t next_batch = 0;
  std::atomic<int> memberships{0};
  parallel_drain(workers, shared, 3, groups * per_group, [&](Worker& w) -> std::size_t {
    std::string group;
    std::vector<run::CreatedResource> members;
    {
      std::lock_guard lock(plan_mutex);
      if (next_batch >= groups * per_group) return 0;
      const std::size_t b = next_batch++;
      group = shared.group_ids[b / per_group];
      const std::size_t first = (b % per_group) * batch_size;
      if (!group.empty()) pool.take(std::min(batch_size, k - first), members);
    }
    if (members.empty()) return 1;
    Json values = Json::array();
    for (const auto& m : members) values.push_back({{"$ref", nullptr}, {"value", m.id}});
    const Json ops = Json::array({{{"op", "Add"}, {"path", "members"}, {"value", values}}});
    if (w.patch(kAddMembers, "/Groups/" + group, ops)) memberships += static_cast<int>(members.size());
    return 1;
  });
  return memberships;
}

/// Whether an answer is for the ordinary transport to deal with: a refusal of the credentials
/// (it renews the run's OAuth token) or a request to pause (it waits as the pacing says).
bool for_transport(const http::Exchange& ex) {
  const int status = ex.response.status;
  return !ex.error && (status == 401 || status == 429 ||
                       (status == 503 && http::find_header(ex.response.headers, "Retry-After")));
}

/// The reads of `connections` connections on this one thread, by the target's reader
/// (make_steady_reader) over a stream of ids of this thread's own. Each answer is recorded
/// and checked as Worker::read_user does; one for the ordinary transport (for_transport) is
/// read again through the worker's transport, and that answer counts.
void read_multiplexed(Worker& worker, Shared& shared, int connections, Clock::time_point until) {
  const LoadTarget& target = shared.target;
  CreatedStream users(*target.ledger, "/Users", true);
  IdFeed feed(users, shared.users_created);
  const auto on_read = [&](const std::string& id, const http::Exchange& ex) {
    ++shared.progress.done;
    if (for_transport(ex)) return worker.read_user(id);
    worker.record_read(id, ex);
  };
  auto reader = make_steady_reader(*target.curl, target.base_url, target.authorize, connections);
  const std::string problem = reader->run(
      until, target.abort, [&](std::string& id) { return feed.next(id); }, on_read);
  if (!problem.empty()) shared.fail(problem);
}

/// The reads of each connection on a thread of its own, through its worker's transport (for
/// targets whose transport is not libcurl's alone: a pacing rate, tests' fakes).
void read_threaded(Workers& workers, Shared& shared, Clock::time_point until) {
  CreatedStream users(*shared.target.ledger, "/Users", true);
  std::vector<std::thread> threads;
  for (auto& w : workers)
    threads.emplace_back([&, worker = w.get()] {
      IdFeed feed(users);
      std::string id;
      while (Clock::now() < until && !shared.stopped() && feed.next(id)) {
        worker->read_user(id);
        ++shared.progress.done;
      }
    });
  for (auto& t : threads) t.join();
}

/// 5. Steady state: GET /Users/{id} round-robin over the created users for the given time;
/// returns the successful answers per second.
double read_phase(Workers& workers, Shared& shared) {
  Progress& progress = shared.progress;
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(shared.options.duration_s));
  const auto before = progress.requests.load();
  const auto errors_before = progress.errors.load();
  const auto began = Clock::now();
  progress.phase = 4;
  progress.total = 0;
  progress.done = 0;
  if (shared.target.curl) {
    on_each_cpu(shared.options.concurrency, workers.size(), [&](std::size_t i, int connections) {
      read_multiplexed(*workers[i], shared, connections, until);
    });
  } else {
    read_threaded(workers, shared, until);
  }
  const double secs = std::chrono::duration<double>(Clock::now() - began).count();
  const auto answered = progress.requests.load() - before;
  const auto failed = std::min(answered, progress.errors.load() - errors_before);
  return secs > 0 ? static_cast<double>(answered - failed) / secs : 0;
}

/// 6. Deletes every resource the ledger holds as created: groups first, then users.
void delete_phase(Workers& workers, Shared& shared, std::size_t total,
                  std::atomic<int>& groups_deleted, std::atomic<int>& users_deleted) {
  CreatedStream groups(*shared.target.ledger, "/Groups", false);
  CreatedStream users(*shared.target.ledger, "/Users", false);
  parallel_drain(workers, shared, 5, total, [&](Worker& w) -> std::size_t {
    std::vector<run::CreatedResource> one;
    groups.take(1, one);
    if (!one.empty()) {
      if (w.remove(kDeleteGroup, "/Groups", one.front())) ++groups_deleted;
      return 1;
    }
    users.take(1, one);
    if (one.empty()) return 0;
    if (w.remove(kDeleteUser, "/Users", one.front())) ++users_deleted;
    return 1;
  });
}


}  // namespace

const std::vector<std::string>& phase_names() {
  static const std::vector<std::string> names = {"users",  "updates", "groups",
                                                 "members", "reads",  "deletes"};
  return names;
}

namespace {

/// Deletes whatever the ledger still holds (failed deletes, creates with an unknown outcome).
result::Cleanup sweep_ledger(const LoadTarget& target) {
  auto transport = target.make_cleanup_transport ? target.make_cleanup_transport()
                                                 : target.make_transport();
  result::Cleanup cleanup =
      run::delete_outstanding(*target.ledger, target.base_url, *transport, target.authorize);
  cleanup.created = target.ledger->created_count();
  cleanup.deleted = target.ledger->deleted_count();
  return cleanup;
}

/// The workers' statistics merged into the result; operations never used are left out.
void merge_tallies(Workers& workers, LoadResult& result) {
  for (int op = 0; op < kOps; ++op) result.operations.push_back({kOpNames[op], {}, 0});
  for (auto& w : workers) {
    Tally& t = w->tally();
    for (int op = 0; op < kOps; ++op) {
      result.operations[op].latency.merge(t.latency[op]);
      result.operations[op].errors += t.errors[op];
      result.overall.merge(t.latency[op]);
    }
    for (const auto& [key, count] : t.by_status) result.errors[key] += count;
    if (result.timeline.size() < t.timeline.size()) result.timeline.resize(t.timeline.size());
    for (std::size_t i = 0; i < t.timeline.size(); ++i) {
      result.timeline[i].requests += t.timeline[i].requests;
      result.timeline[i].errors += t.timeline[i].errors;
      result.timeline[i].max_ms = std::max(result.timeline[i].max_ms, t.timeline[i].max_ms);
      result.timeline[i].latency.merge(t.timeline[i].latency);
    }
  }
  result.operations.erase(
      std::remove_if(result.operations.begin(), result.operations.end(),
                     [](const OperationSummary& o) { return o.latency.count() == 0 && !o.errors; }),
      result.operations.end());
}

}  // namespace

LoadResult run_load(const LoadOptions& options, const LoadTarget& target, Progress& progress) {
  LoadResult result;
  result.options = options;
  result.run_id = target.run_id;
  result.profile = target.profile->name;
  result.groups_enabled =
      target.profile->groups.enabled && target.profile->has_capability("groups");
  if (!target.ledger) {
    result.fatal = "no cleanup ledger";
    return result;
  }
  Shared shared{options, target, progress};
  const auto n = static_cast<std::size_t>(std::max(0, options.users));
  const auto m = result.groups_enabled ? static_cast<std::size_t>(std::max(0, options.groups)) : 0;
  shared.group_ids.resize(m);
  shared.update_path = update_path(target.profile->users);

  Workers workers;
  for (int i = 0; i < std::max(1, options.concurrency); ++i)
    workers.push_back(std::make_unique<Worker>(shared));

  // 1. Users: query by the matching attribute, create.
  parallel_chunks(workers, shared, 0, n, kIntentBatch, [&](Worker& w, std::size_t, std::size_t k) {
    for (const auto& id : w.provision("user", k)) shared.users_created += !id.empty();
  });
  std::atomic<int> updated{0}, disabled{0};
  update_phase(workers, shared, updated, disabled);
  // 3. Groups, created empty.
  parallel_chunks(workers, shared, 2, m, kIntentBatch, [&](Worker& w, std::size_t first, std::size_t k) {
    auto ids = w.provision("group", k);
    std::move(ids.begin(), ids.end(), shared.group_ids.begin() + static_cast<std::ptrdiff_t>(first));
  });
  const std::size_t groups_created = static_cast<std::size_t>(std::count_if(
      shared.group_ids.begin(), shared.group_ids.end(), [](const std::string& id) { return !id.empty(); }));
  const int memberships = shared.users_created > 0 ? membership_phase(workers, shared) : 0;
  if (options.duration_s > 0 && shared.users_created > 0 && !shared.stopped() && !shared.failed)
    result.steady_throughput = read_phase(workers, shared);
  // 6. Delete everything created (even after an early stop, unless the run was aborted: then
  // the final sweep below uses a fresh transport).
  std::atomic<int> groups_deleted{0}, users_deleted{0};
  shared.failed = false;  // deletes are attempted whatever went wrong before
  if (!shared.stopped())
    delete_phase(workers, shared, groups_created + shared.users_created, groups_deleted,
                 users_deleted);
  result.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - shared.start).count();

  result.cleanup = sweep_ledger(target);
  merge_tallies(workers, result);
  result.requests = progress.requests.load();
  compute_rates(result);
  result.users_created = static_cast<int>(shared.users_created);
  result.users_updated = updated;
  result.users_disabled = disabled;
  result.groups_created = static_cast<int>(groups_created);
  result.memberships = memberships;
  result.users_deleted = users_deleted;
  result.groups_deleted = groups_deleted;
  result.aborted = shared.stopped();
  result.fatal = shared.fatal;
  return result;
}

}  // namespace scimcheck::loadtest
