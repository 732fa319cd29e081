package logparse

import (
	"slices"
	"testing"
)

// fixedShapes are the shapes of log4j2's named date formats that have one, and of a few
// SimpleDateFormats sites use.
func fixedShapes(t testing.TB) [][]byte {
	var shapes [][]byte
	formats := []string{"yyyy-MM-dd HH:mm:ss,SSS", "dd/MM/yy HH:mm", "HH:mm:ss", "yyyyMMdd"}
	for name := range namedDateFormats {
		formats = append(formats, name)
	}
	for _, f := range formats {
		df, err := compileDateFormat([]string{f})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if df.shape != nil {
			shapes = append(shapes, df.shape)
		}
	}
	return shapes
}

// example is a line that starts with a date of shape: digits 0-9 in turn, letters 'a'.
func example(shape []byte, extra int) []byte {
	b := make([]byte, 0, len(shape)+extra)
	for i, s := range shape {
		switch s {
		case shapeDigit:
			b = append(b, '0'+byte(i%10))
		case shapeLetter:
			b = append(b, 'a')
		default:
			b = append(b, s)
		}
	}
	for range extra {
		b = append(b, ']')
	}
	return b
}

// The word check agrees with the byte check on every line that differs from a valid date in
// one byte, with every value of that byte, at every length.
func TestShapeWordsAgreeWithMatchShape(t *testing.T) {
	checked := 0
	for _, shape := range fixedShapes(t) {
		s := step{kind: stepFixedDate, shape: shape, words: compileShapeWords(shape)}
		if s.words == nil && !slices.Contains(shape, shapeLetter) {
			t.Fatalf("shape %q has no letters but no words", shape)
		}
		for extra := range 9 {
			valid := example(shape, extra)
			if !s.matchDate(valid) {
				t.Fatalf("shape %q: the valid date %q does not match", shape, valid)
			}
			for i := range valid {
				line := slices.Clone(valid)
				for c := range 256 {
					line[i] = byte(c)
					if got, want := s.matchDate(line), matchShape(line, shape); got != want {
						t.Fatalf("shape %q, line %q: matchDate %v, matchShape %v", shape, line, got, want)
					}
					checked++
				}
			}
			if s.matchDate(valid[:len(shape)-1]) {
				t.Fatalf("shape %q: a date cut short matches", shape)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no shape was checked")
	}
}

func FuzzShapeWords(f *testing.F) {
	f.Add([]byte("2026-11-20 10:00:00,123] ERROR"))
	f.Add([]byte("2026-11-20T10:00:00,123 [gw"))
	f.Add([]byte("20261120T100000,123"))
	shapes := fixedShapes(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, shape := range shapes {
			s := step{kind: stepFixedDate, shape: shape, words: compileShapeWords(shape)}
			if got, want := s.matchDate(line), matchShape(line, shape); got != want {
				t.Fatalf("shape %q, line %q: matchDate %v, matchShape %v", shape, line, got, want)
			}
		}
	})
}
