package model

import "testing"

func TestATableNumbersEachValueOnce(t *testing.T) {
	var tb Table[string]
	if _, ok := tb.Find("a"); ok {
		t.Fatal("an empty table finds a value")
	}
	for i, v := range []string{"a", "b", "a", "c", "b"} {
		n := tb.Of(v)
		if tb.At(n) != v {
			t.Errorf("step %d: %q numbered %d, which is %q", i, v, n, tb.At(n))
		}
	}
	if tb.Len() != 3 || tb.Of("a") != 0 || tb.Of("b") != 1 || tb.Of("c") != 2 {
		t.Errorf("%d values; a %d, b %d, c %d", tb.Len(), tb.Of("a"), tb.Of("b"), tb.Of("c"))
	}
	if n, ok := tb.Find("c"); !ok || n != 2 {
		t.Errorf("Find(c) = %d, %v", n, ok)
	}
}
