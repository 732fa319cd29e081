package logparse

import "encoding/binary"

// shapeWords is a fixed date shape of digits and literal bytes compiled into 8-byte words, so
// that a record start's date (23 bytes in WSO2's layouts) is checked in three word operations
// instead of 23 byte comparisons. A shape with letters (month names) gets none.
type shapeWords []shapeWord

// shapeWord checks 8 bytes of a line read as a little-endian word w: the bytes of literal
// positions must equal the shape's (w&literalMask == literal), and those of digit positions
// lie in '0'..'9'.
type shapeWord struct {
	digitMask, literalMask, literal uint64
}

// Byte patterns repeated over a word, multiplied by a mask of 0xFF bytes.
const (
	highNibbles = 0xF0F0F0F0F0F0F0F0
	threes      = 0x3030303030303030
	sixes       = 0x0606060606060606
)

// compileShapeWords compiles shape, padded with positions that match anything; nil when the
// shape has letters.
func compileShapeWords(shape []byte) shapeWords {
	words := make(shapeWords, (len(shape)+7)/8)
	for i, s := range shape {
		bit := uint(i%8) * 8
		w := &words[i/8]
		switch s {
		case shapeLetter:
			return nil
		case shapeDigit:
			w.digitMask |= 0xFF << bit
		default:
			w.literalMask |= 0xFF << bit
			w.literal |= uint64(s) << bit
		}
	}
	return words
}

// match reports whether b starts with a date of the shape. It needs the padded length, whole
// words, of b: the caller falls back to matchShape on a shorter line.
func (ws shapeWords) match(b []byte) bool {
	for i, w := range ws {
		v := binary.LittleEndian.Uint64(b[8*i:])
		if v&w.literalMask != w.literal {
			return false
		}
		// A digit has the high nibble 3, and adding 6 leaves it 3 (0x39+6 = 0x3F, 0x3A+6 =
		// 0x40). Once every digit position's high nibble is 3, adding 6 carries out of no byte.
		if v&highNibbles&w.digitMask != threes&w.digitMask || (v+sixes&w.digitMask)&highNibbles&w.digitMask != threes&w.digitMask {
			return false
		}
	}
	return true
}

// matchDate reports whether line starts with the step's fixed-shape date.
func (s *step) matchDate(line []byte) bool {
	if s.words != nil && len(line) >= 8*len(s.words) {
		return s.words.match(line)
	}
	return matchShape(line, s.shape)
}
