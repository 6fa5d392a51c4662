#include "run/drift.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>

#include "http/json_body.hpp"
#include "run/rules.hpp"

namespace scimcheck::run {
namespace {

using result::Outcome;

/// The request names the attributes to return or leave out, so required ones may be absent.
bool projects(const std::string& url) {
  const auto query = url.find('?');
  if (query == std::string::npos) return false;
  const std::string q = source::fold_case(std::string_view(url).substr(query));
  return q.find("attributes=") != std::string::npos;  // attributes= and excludedattributes=
}

std::string key_of(const check::Drift& d) {
  return source::fold_case(std::string(check::to_string(d.kind)) + " " + d.attribute);
}

std::string plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

DriftBook::DriftBook(std::optional<check::ServerSchemas> declared, std::string problem,
                     std::function<std::string(const std::string&)> redact_text)
    : declared_(std::move(declared)),
      problem_(std::move(problem)),
      redact_text_(std::move(redact_text)) {}

void DriftBook::examine(const ExchangeOrigin& origin, const http::Exchange& exchange,
                        const http::Exchange& evidence) {
  if (!declared_ || exchange.error) return;
  const auto body = http::parse_body(exchange.response.body);
  if (!body) return;
  const bool check_required = !projects(exchange.request.url);
  bool judged = false;
  std::map<std::string, check::Drift> found;  // one per root cause in this response
  const auto resources = check::resources_in(*body);
  for (const auto* resource : resources) {
    const auto drift = check::drift_of(*resource, *declared_, check_required);
    if (!drift) continue;
    judged = true;
    for (const auto& d : *drift) found.emplace(key_of(d), d);
  }
  if (!judged) return;
  std::lock_guard lock(mutex_);
  if (resources.size() == 1 && resources.front() == &*body)
    for (auto& d : read_only_taken(exchange, *body)) found.emplace(key_of(d), d);
  ++examined_;
  if (found.empty()) return;
  ++offending_;
  for (auto& [key, d] : found) record(key, d, origin, evidence);
}

std::vector<check::Drift> DriftBook::read_only_taken(const http::Exchange& exchange,
                                                     const nlohmann::json& resource) {
  const auto id = resource.find("id");
  if (id == resource.end() || !id->is_string()) return {};
  const std::string key = id->get<std::string>();
  std::vector<check::Drift> out;
  const auto known = seen_.find(key);
  const std::string& method = exchange.request.method;
  const bool create = method == "POST";
  // A PUT or PATCH may send back what an earlier answer held: judged only against that.
  if (create || ((method == "PUT" || method == "PATCH") && known != seen_.end())) {
    if (const auto sent = http::parse_body(exchange.request.body)) {
      const nlohmann::json values = method == "PATCH" ? check::patch_values(*sent) : *sent;
      out = check::read_only_taken(values, resource, create ? nullptr : &known->second, *declared_);
    }
  }
  if (exchange.response.body.size() > kMaxRememberedBytes) {
    if (known != seen_.end()) seen_.erase(known);
  } else if (known != seen_.end()) {
    known->second = resource;
  } else if (seen_.size() < kMaxRememberedResources) {
    seen_.emplace(key, resource);
  }
  return out;
}

void DriftBook::record(const std::string& key, const check::Drift& d,
                       const ExchangeOrigin& origin, const http::Exchange& evidence) {
  const std::size_t seq = seq_++;
  auto it = findings_.find(key);
  if (it == findings_.end()) {
    if (findings_.size() >= kMaxDriftFindings) {
      ++unkept_;
      return;
    }
    it = findings_.emplace(key, Finding{}).first;
  } else if (it->second.order < origin.order ||
             (it->second.order == origin.order && it->second.seq < seq)) {
    ++it->second.responses;
    return;  // the example is the earliest in plan order, whatever the timing
  }
  Finding& f = it->second;
  ++f.responses;
  f.order = origin.order;
  f.seq = seq;
  f.drift = d;
  if (redact_text_) f.drift.seen = redact_text_(f.drift.seen);
  f.step = {};
  f.step.name = origin.case_id + " / " + origin.step;
  result::keep_evidence(f.step, evidence);
}

result::CaseResult DriftBook::result_of(const suite::Case& kase) const {
  result::CaseResult out = result::header_of(kase);
  std::lock_guard lock(mutex_);
  if (!declared_) {
    out.outcome = Outcome::skipped;
    out.reason = "the server's /Schemas could not be read: " + problem_;
    return out;
  }
  if (examined_ == 0) {
    out.outcome = Outcome::skipped;
    out.reason = "no User or Group of a schema /Schemas declares came back in this run";
    return out;
  }
  std::vector<const Finding*> ordered;
  for (const auto& [key, f] : findings_) ordered.push_back(&f);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Finding* a, const Finding* b) {
    return a->drift.must != b->drift.must ? a->drift.must : a->order < b->order;
  });
  for (const Finding* f : ordered) {
    result::StepResult step = f->step;
    result::CheckResult c;
    c.description = std::string("attribute ") + f->drift.attribute + " as /Schemas declares it (" +
                    check::to_string(f->drift.kind) + ")";
    c.level = f->drift.must ? suite::Level::must : suite::Level::should;
    c.outcome = f->drift.must ? Outcome::failed : Outcome::warning;
    c.expected = f->drift.declaration;
    c.actual = f->drift.seen + " (in " + plural(f->responses, "response", "responses") + ")";
    if (f->drift.kind == check::DriftKind::read_only_taken)
      c.message =
          "RFC 7643 §7: mutability \"readOnly\": \"The attribute SHALL NOT be modified\"; RFC "
          "7644 §3.3, §3.5.1: readOnly values a client sends \"SHALL be ignored\"";
    else if (f->drift.must)
      c.message =
          "RFC 7643 §7: returned \"never\": \"The attribute is never returned\"; for password, "
          "§4.1.1: its value \"SHALL NOT be returnable by a service provider\"";
    step.checks = {c};
    step.outcome = c.outcome;
    out.outcome = result::worst(out.outcome, c.outcome);
    out.steps.push_back(std::move(step));
  }
  if (ordered.empty()) return out;
  out.reason = plural(static_cast<int>(ordered.size()), "attribute drifts", "attributes drift") +
               " from the server's /Schemas in " + std::to_string(offending_) + " of " +
               std::to_string(examined_) + " responses; the first: " +
               result::step_problem(out.steps.front());
  if (unkept_ > 0)
    out.reason += " (further findings past the first " + std::to_string(kMaxDriftFindings) +
                  " are not kept)";
  return out;
}

}  // namespace scimcheck::run
