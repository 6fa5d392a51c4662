#pragma once
/// Streamed latency statistics: a fixed set of logarithmic buckets (2% wide, from 1 µs to
/// an hour), so memory does not grow with the number of requests and any quantile comes back
/// within 2% of the true value. The maximum is kept exactly.
#include <array>
#include <cstdint>

namespace scimcheck::load {

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

}  // namespace scimcheck::load
