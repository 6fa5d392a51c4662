#include "loadtest/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace scimcheck::loadtest {

namespace {

int bucket_of(double ms) {
  const double us = ms * 1000.0;
  if (!(us > 1.0)) return 0;
  const int i = static_cast<int>(std::log(us) / std::log(Histogram::kGrowth)) + 1;
  return std::min(i, Histogram::kBuckets - 1);
}

}  // namespace

double Histogram::bucket_low_ms(int index) {
  if (index <= 0) return 0;
  return std::pow(kGrowth, index - 1) / 1000.0;
}

void Histogram::record(double ms) {
  if (ms < 0) ms = 0;
  ++buckets_[bucket_of(ms)];
  ++count_;
  sum_ms_ += ms;
  max_ms_ = std::max(max_ms_, ms);
}

void Histogram::merge(const Histogram& other) {
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ms_ += other.sum_ms_;
  max_ms_ = std::max(max_ms_, other.max_ms_);
}

double Histogram::quantile_ms(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank)  // the last bucket has no upper edge: everything beyond an hour
      return i == kBuckets - 1 ? max_ms_ : std::min(bucket_low_ms(i + 1), max_ms_);
  }
  return max_ms_;
}

namespace {

int second_bucket_of(double ms) {
  if (!(ms >= SecondHistogram::kFirstMs)) return 0;
  const int i =
      static_cast<int>(std::log(ms / SecondHistogram::kFirstMs) / std::log(SecondHistogram::kGrowth)) + 1;
  return std::min(i, SecondHistogram::kBuckets - 1);
}

}  // namespace

void SecondHistogram::record(double ms) { ++buckets_[second_bucket_of(ms)]; }

void SecondHistogram::merge(const SecondHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
}

std::uint64_t SecondHistogram::count() const {
  std::uint64_t n = 0;
  for (auto b : buckets_) n += b;
  return n;
}

double SecondHistogram::quantile_ms(double q, double max_ms) const {
  const std::uint64_t n = count();
  if (n == 0) return 0;
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(n))));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets - 1; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return std::min(kFirstMs * std::pow(kGrowth, i), max_ms);
  }
  return max_ms;
}

}  // namespace scimcheck::loadtest
