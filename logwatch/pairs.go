package logwatch

// pairSet is a Bloom-style set of the adjacent byte pairs of a text: every pair of a needle is
// in the text that contains it, so a needle with a pair the set lacks is not in the text: a
// bit lookup instead of a search. A warning or error record is checked against about 45
// catalogue needles, and most of them are settled this way. The set is 4096 bits, small
// enough to clear at once; two pairs may share a bit, which only lets a needle through to
// the search.
type pairSet [pairBits / 64]uint64

const pairBits = 1 << 12

// pairBit is the bit of the pair (a, b): a multiplicative hash of the two bytes.
func pairBit(a, b byte) uint32 { return (uint32(a)<<8 | uint32(b)) * 0x9E3779B1 >> (32 - 12) }

// add puts text's pairs in the set.
func (p *pairSet) add(text []byte) {
	for i := 1; i < len(text); i++ {
		bit := pairBit(text[i-1], text[i])
		p[bit>>6] |= 1 << (bit & 63)
	}
}

func (p *pairSet) has(bit uint32) bool { return p[bit>>6]&(1<<(bit&63)) != 0 }

// maxNeedlePairs is how many of a needle's pairs are looked up: spread over the needle, a few
// rule out nearly every text without it; more would cost more than they save.
const maxNeedlePairs = 4

// needlePairs picks the bits of up to maxNeedlePairs pairs of needle, spread from its start to
// its end.
func needlePairs(needle []byte) []uint32 {
	n := len(needle) - 1 // pairs in the needle
	if n < 1 {
		return nil
	}
	count := min(n, maxNeedlePairs)
	bits := make([]uint32, 0, count)
	for j := range count {
		i := 0
		if count > 1 {
			i = j * (n - 1) / (count - 1)
		}
		bits = append(bits, pairBit(needle[i], needle[i+1]))
	}
	return bits
}
