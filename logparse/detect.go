package logparse

// Detect returns the candidate that parses the most lines of sample, nil when none parses a
// line. Between candidates that parse as many lines, the one whose literals after %m are found
// on more lines wins (log4j 1's carbon layout repeats the logger after the message, which the
// 4.x layout would take for message text), then the earlier candidate.
func Detect(candidates []*Layout, sample [][]byte) *Layout {
	var best *Layout
	bestParsed, bestTails := 0, 0
	var f Fields
	for _, l := range candidates {
		parsed, tails := 0, 0
		for _, line := range sample {
			ok, tailFound := l.match(line, &f)
			if ok {
				parsed++
			}
			if tailFound {
				tails++
			}
		}
		if parsed > bestParsed || (parsed == bestParsed && tails > bestTails) {
			best, bestParsed, bestTails = l, parsed, tails
		}
	}
	if bestParsed == 0 {
		return nil
	}
	return best
}
