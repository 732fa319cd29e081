package logparse

// Level is a log4j level.
type Level uint8

const (
	LevelUnknown Level = iota
	LevelTrace
	LevelDebug
	LevelInfo
	LevelWarn
	LevelError
	LevelFatal
)

var levelNames = [...]string{"UNKNOWN", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"}

// String is the level as log4j writes it ("ERROR"), or "UNKNOWN".
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return levelNames[LevelUnknown]
}

// levelOf maps a level word as written (any case, since %p{lowerCase=true} exists) to its
// Level, LevelUnknown when it is not one of log4j's six.
func levelOf(word []byte) Level {
	if len(word) < 4 || len(word) > 5 {
		return LevelUnknown
	}
	var up [5]byte
	for i, c := range word {
		up[i] = c &^ 0x20 // ASCII upper case; non-letters cannot reach a level name
	}
	switch string(up[:len(word)]) {
	case "TRACE":
		return LevelTrace
	case "DEBUG":
		return LevelDebug
	case "INFO":
		return LevelInfo
	case "WARN":
		return LevelWarn
	case "ERROR":
		return LevelError
	case "FATAL":
		return LevelFatal
	}
	return LevelUnknown
}

// isLetter reports an ASCII letter.
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// levelAt reads the level word at the start of b (after any spaces the padding put there) and
// returns it with the number of bytes it took, or LevelUnknown.
func levelAt(b []byte) (Level, int) {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	j := i
	for j < len(b) && j-i < 6 && isLetter(b[j]) {
		j++
	}
	if j < len(b) && isLetter(b[j]) {
		return LevelUnknown, 0
	}
	lv := levelOf(b[i:j])
	if lv == LevelUnknown {
		return LevelUnknown, 0
	}
	return lv, j
}
