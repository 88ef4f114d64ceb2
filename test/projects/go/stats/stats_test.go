package stats

import "testing"

func TestMean(t *testing.T) {
	got, err := Mean([]float64{1, 2, 3, 4})
	if err != nil || got != 2.5 {
		t.Fatalf("Mean = %v, %v; want 2.5", got, err)
	}
}

func TestMedianOdd(t *testing.T) {
	got, err := Median([]float64{5, 1, 3})
	if err != nil || got != 3 {
		t.Fatalf("Median = %v, %v; want 3", got, err)
	}
}

func TestGradeExcellent(t *testing.T) {
	if got := Grade(95); got != "excellent" {
		t.Fatalf("Grade(95) = %q", got)
	}
}

func TestPercentileLater(t *testing.T) {
	t.Skip("deliberately skipped: reports carry a skipped test")
}

var sink float64

func BenchmarkMean(b *testing.B) {
	values := make([]float64, 1000)
	for i := range values {
		values[i] = float64(i)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink, _ = Mean(values)
	}
}

func BenchmarkMedian(b *testing.B) {
	values := make([]float64, 1000)
	for i := range values {
		values[i] = float64(len(values) - i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink, _ = Median(values)
	}
}
