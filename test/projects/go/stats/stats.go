// Package stats is a small package the real-tools suite measures with go test -cover and -bench.
package stats

import (
	"errors"
	"sort"
)

// ErrEmpty is returned for statistics of no values.
var ErrEmpty = errors.New("stats: no values")

// Mean is the arithmetic mean of the values.
func Mean(values []float64) (float64, error) {
	if len(values) == 0 {
		return 0, ErrEmpty
	}
	sum := 0.0
	for _, v := range values {
		sum += v
	}
	return sum / float64(len(values)), nil
}

// Median is the middle value (the mean of the two middle values for an even count).
func Median(values []float64) (float64, error) {
	if len(values) == 0 {
		return 0, ErrEmpty
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	middle := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[middle-1] + sorted[middle]) / 2, nil
	}
	return sorted[middle], nil
}

// Grade names a score band; the tests leave most bands uncovered on purpose.
func Grade(score float64) string {
	switch {
	case score >= 90:
		return "excellent"
	case score >= 75:
		return "good"
	case score >= 50:
		return "fair"
	default:
		return "poor"
	}
}

// Percentile is the nearest-rank percentile; not covered by the tests.
func Percentile(values []float64, p float64) (float64, error) {
	if len(values) == 0 {
		return 0, ErrEmpty
	}
	if p <= 0 || p > 100 {
		return 0, errors.New("stats: percentile out of range")
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	rank := int(p/100*float64(len(sorted))+0.5) - 1
	if rank < 0 {
		rank = 0
	}
	return sorted[rank], nil
}
