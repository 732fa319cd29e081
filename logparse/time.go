package logparse

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Time parses a record's %d text with the layout's date format, in loc (WSO2 writes local
// time without a zone; nil means time.Local). A format without a date (ABSOLUTE, HH:mm:ss,SSS)
// gives a time on 1 January of year 0: the caller knows the day from the file.
func (l *Layout) Time(raw []byte, loc *time.Location) (time.Time, error) {
	if l.date == nil {
		return time.Time{}, errors.New("the layout has no %d")
	}
	if loc == nil {
		loc = time.Local
	}
	if l.date.epoch != epochNone {
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("parsing %q as %s: %w", raw, l.date.source, err)
		}
		if l.date.epoch == epochMillis {
			return time.UnixMilli(n).In(loc), nil
		}
		return time.Unix(n, 0).In(loc), nil
	}
	t, err := time.ParseInLocation(l.date.goLayout, string(raw), loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("parsing %q as %s: %w", raw, l.date.source, err)
	}
	return t, nil
}
