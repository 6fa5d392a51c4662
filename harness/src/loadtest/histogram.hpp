#pragma once
/// Streamed latency statistics: a fixed set of logarithmic buckets (2% wide, from 1 µs to
/// an hour), so memory does not grow with the number of requests and any quantile comes back
/// within 2% of the true value. The maximum is kept exactly.
#include <array>
#include <cstdint>

namespace scimcheck::loadtest {

class Histogram {
 public:
  static constexpr double kGrowth = 1.02;  ///< each bucket is 2% wider than the previous
  static constexpr int kBuckets = 1120;    ///< 1.02^1120 µs > 1 hour

  void record(double ms);
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  double max_ms() const { return max_ms_; }
  double mean_ms() const { return count_ ? sum_ms_ / static_cast<double>(count_) : 0; }
  /// The value at quantile q (0..1): the upper edge of the bucket holding that rank, capped
  /// by the maximum. 0 when empty.
  double quantile_ms(double q) const;
  /// Requests per bucket, for drawing (bucket i spans bucket_low_ms(i)..bucket_low_ms(i+1)).
  const std::array<std::uint64_t, kBuckets>& buckets() const { return buckets_; }
  static double bucket_low_ms(int index);

 private:
  std::array<std::uint64_t, kBuckets> buckets_{};
  std::uint64_t count_ = 0;
  double sum_ms_ = 0;
  double max_ms_ = 0;
};

/// A coarse histogram for one second of a run, to draw latency over time: 42 buckets, each
/// 40% wider than the one before, from 0.1 ms (the first holds everything faster, the last
/// everything from about 69 s on). Quantiles come back within 40%, in 168 bytes a second.
class SecondHistogram {
 public:
  static constexpr int kBuckets = 42;
  static constexpr double kGrowth = 1.4;
  static constexpr double kFirstMs = 0.1;

  void record(double ms);
  void merge(const SecondHistogram& other);
  std::uint64_t count() const;
  /// The upper edge of the bucket holding quantile q, capped by `max_ms`; 0 when empty.
  double quantile_ms(double q, double max_ms) const;

 private:
  std::array<std::uint32_t, kBuckets> buckets_{};
};

}  // namespace scimcheck::loadtest
