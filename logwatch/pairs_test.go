package logwatch

import (
	"math/rand/v2"
	"testing"
)

// The filter never hides a needle that is in the text: every needle taken from a random text
// passes it, and a record's classification does not depend on it (see classify tests).
func TestPairSetKeepsEveryNeedleInTheText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var set pairSet
	for range 2000 {
		text := make([]byte, 1+rng.IntN(400))
		for i := range text {
			text[i] = byte(rng.IntN(256))
			if text[i] == '\n' || text[i] == '\r' { // no needle spans lines
				text[i] = ' '
			}
		}
		set = pairSet{}
		set.add(text)
		start := rng.IntN(len(text))
		needle := text[start : start+rng.IntN(len(text)-start)+1]
		for _, bit := range needlePairs(needle) {
			if !set.has(bit) {
				t.Fatalf("needle %q of text %q: pair bit %d missing", needle, text, bit)
			}
		}
		if !m("", string(needle)).matches(nil, text, &set) {
			t.Fatalf("the matcher of %q rejects a text that contains it", needle)
		}
	}
}

// The filter settles a needle whose pairs are absent without searching: a catalogue needle
// is not found in a text made of other bytes.
func TestPairSetRulesOutAbsentNeedles(t *testing.T) {
	var set pairSet
	set.add([]byte("INFO everything is fine 0123456789"))
	ruledOut := 0
	for _, s := range builtinSignatures {
		for _, mt := range s.matchers {
			for _, bits := range mt.pairs {
				for _, bit := range bits {
					if !set.has(bit) {
						ruledOut++
						break
					}
				}
			}
		}
	}
	if total := needleCount(); ruledOut < total*9/10 {
		t.Errorf("the pairs of an unrelated text rule out %d of %d needles, want at least 90%%", ruledOut, total)
	}
}

func needleCount() int {
	n := 0
	for _, s := range builtinSignatures {
		for _, mt := range s.matchers {
			n += len(mt.all)
		}
	}
	return n
}
