package logparse

import (
	"fmt"
	"strings"
)

// dateFormat is a %d conversion's format compiled two ways: a shape that lets Parse check a
// fixed-width date byte by byte, and the equivalent Go layout for Layout.Time.
type dateFormat struct {
	source   string // the SimpleDateFormat, or the named format's expansion
	goLayout string
	epoch    epochUnit
	// shape has one entry per byte of a fixed-width date: shapeDigit, shapeLetter or the
	// literal byte itself. nil when the width varies (MMMM, zones, unpadded fields): the date
	// is then scanned up to the next literal like a text field.
	shape []byte
}

type epochUnit uint8

const (
	epochNone epochUnit = iota
	epochSeconds
	epochMillis
)

// Placeholders in a shape. 0xFF and 0xFE never occur in UTF-8 text, so they cannot collide
// with a literal byte of the pattern.
const (
	shapeDigit  byte = 0xFF
	shapeLetter byte = 0xFE
)

// namedDateFormats are log4j2's FixedDateFormat names (UNIX and UNIX_MILLIS, numbers of seconds
// and milliseconds, are handled apart). COMPACT (yyyyMMddHHmmssSSS) is left out
// because Go's layouts cannot read milliseconds that do not follow '.' or ','.
var namedDateFormats = map[string]string{
	"DEFAULT":                        "yyyy-MM-dd HH:mm:ss,SSS",
	"DEFAULT_PERIOD":                 "yyyy-MM-dd HH:mm:ss.SSS",
	"ISO8601":                        "yyyy-MM-dd'T'HH:mm:ss,SSS",
	"ISO8601_PERIOD":                 "yyyy-MM-dd'T'HH:mm:ss.SSS",
	"ISO8601_BASIC":                  "yyyyMMdd'T'HHmmss,SSS",
	"ISO8601_BASIC_PERIOD":           "yyyyMMdd'T'HHmmss.SSS",
	"ISO8601_OFFSET_DATE_TIME_HH":    "yyyy-MM-dd'T'HH:mm:ss,SSSX",
	"ISO8601_OFFSET_DATE_TIME_HHMM":  "yyyy-MM-dd'T'HH:mm:ss,SSSXX",
	"ISO8601_OFFSET_DATE_TIME_HHCMM": "yyyy-MM-dd'T'HH:mm:ss,SSSXXX",
	"ABSOLUTE":                       "HH:mm:ss,SSS",
	"ABSOLUTE_PERIOD":                "HH:mm:ss.SSS",
	"DATE":                           "dd MMM yyyy HH:mm:ss,SSS",
	"DATE_PERIOD":                    "dd MMM yyyy HH:mm:ss.SSS",
	"US_MONTH_DAY_YEAR2_TIME":        "dd/MM/yy HH:mm:ss.SSS",
	"US_MONTH_DAY_YEAR4_TIME":        "dd/MM/yyyy HH:mm:ss.SSS",
}

// defaultDateFormat is what a bare %d writes, in log4j2 and in log4j 1 alike.
const defaultDateFormat = "yyyy-MM-dd HH:mm:ss,SSS"

// compileDateFormat reads the first option of %d (a name or a SimpleDateFormat pattern; a
// second option, the time zone, does not change the shape and Layout.Time takes the zone from
// its caller).
func compileDateFormat(options []string) (dateFormat, error) {
	format := defaultDateFormat
	if len(options) > 0 && options[0] != "" {
		format = options[0]
	}
	switch format {
	case "UNIX":
		return dateFormat{source: format, epoch: epochSeconds}, nil
	case "UNIX_MILLIS":
		return dateFormat{source: format, epoch: epochMillis}, nil
	}
	if named, ok := namedDateFormats[format]; ok {
		format = named
	}
	return compileSimpleDateFormat(format)
}

// dateLetter is how one run of a SimpleDateFormat letter translates: its Go layout, and its
// width in the shape (0: variable).
type dateLetter struct {
	goLayout string
	width    int
	kind     byte // shapeDigit or shapeLetter
}

// numericDateLetters are the Go layouts of the letters written as numbers: unpadded (one
// letter) and padded to two digits (two letters). Go reads hours "15" with or without padding.
var numericDateLetters = map[byte][2]string{
	'd': {"2", "02"}, 'H': {"15", "15"}, 'h': {"3", "03"}, 'm': {"4", "04"}, 's': {"5", "05"},
}

// translateLetter maps a run of count copies of letter c; ok is false for letters Go's layouts
// cannot express (week numbers, era, day in year, ...).
func translateLetter(c byte, count int) (dateLetter, bool) {
	switch c {
	case 'y':
		if count == 2 {
			return dateLetter{"06", 2, shapeDigit}, true
		}
		return dateLetter{"2006", 4, shapeDigit}, true
	case 'M':
		switch count {
		case 1:
			return dateLetter{"1", 0, 0}, true
		case 2:
			return dateLetter{"01", 2, shapeDigit}, true
		case 3:
			return dateLetter{"Jan", 3, shapeLetter}, true
		}
		return dateLetter{"January", 0, 0}, true
	case 'E':
		if count <= 3 {
			return dateLetter{"Mon", 3, shapeLetter}, true
		}
		return dateLetter{"Monday", 0, 0}, true
	case 'a':
		return dateLetter{"PM", 2, shapeLetter}, true
	case 'z':
		return dateLetter{"MST", 0, 0}, true
	case 'Z':
		return dateLetter{"-0700", 0, 0}, true
	case 'X':
		switch count {
		case 1:
			return dateLetter{"Z07", 0, 0}, true
		case 2:
			return dateLetter{"Z0700", 0, 0}, true
		}
		return dateLetter{"Z07:00", 0, 0}, true
	}
	if p, ok := numericDateLetters[c]; ok && count <= 2 {
		if count == 2 {
			return dateLetter{p[1], 2, shapeDigit}, true
		}
		return dateLetter{p[0], 0, 0}, true
	}
	return dateLetter{}, false
}

// compileSimpleDateFormat translates a java.text.SimpleDateFormat pattern.
func compileSimpleDateFormat(format string) (dateFormat, error) {
	df := dateFormat{source: format}
	var layout strings.Builder
	var shape []byte
	fixed := true
	for i := 0; i < len(format); {
		c := format[i]
		switch {
		case c == '\'':
			text, next, err := quotedText(format, i)
			if err != nil {
				return df, err
			}
			if err := checkDateLiteral(text, format); err != nil {
				return df, err
			}
			layout.WriteString(text)
			shape = append(shape, text...)
			i = next
		case isLetter(c):
			j := i
			for j < len(format) && format[j] == c {
				j++
			}
			count := j - i
			if c == 'S' {
				// Go reads milliseconds only as a fraction right after the seconds' separator.
				if count != 3 || i == 0 || (format[i-1] != ',' && format[i-1] != '.') {
					return df, fmt.Errorf("date format %q: milliseconds must be SSS after '.' or ','", format)
				}
				layout.WriteString("000")
				shape = append(shape, shapeDigit, shapeDigit, shapeDigit)
				i = j
				continue
			}
			tr, ok := translateLetter(c, count)
			if !ok {
				return df, fmt.Errorf("date format %q: unsupported letter %q", format, c)
			}
			layout.WriteString(tr.goLayout)
			if tr.width == 0 || tr.kind == 0 {
				fixed = false
			}
			for range tr.width {
				shape = append(shape, tr.kind)
			}
			i = j
		default:
			if err := checkDateLiteral(string(c), format); err != nil {
				return df, err
			}
			layout.WriteByte(c)
			shape = append(shape, c)
			i++
		}
	}
	if layout.Len() == 0 {
		return df, fmt.Errorf("empty date format")
	}
	df.goLayout = layout.String()
	if fixed {
		df.shape = shape
	}
	return df, nil
}

// quotedText reads 'text' at format[open] (” is a quote).
func quotedText(format string, open int) (string, int, error) {
	if open+1 < len(format) && format[open+1] == '\'' {
		return "'", open + 2, nil
	}
	end := strings.IndexByte(format[open+1:], '\'')
	if end < 0 {
		return "", 0, fmt.Errorf("date format %q: unterminated quote", format)
	}
	return format[open+1 : open+1+end], open + end + 2, nil
}

// checkDateLiteral refuses literal digits: Go's layouts have no escape, so a literal 1 or 2
// would be read as a month or a day.
func checkDateLiteral(text, format string) error {
	if strings.ContainsAny(text, "0123456789") {
		return fmt.Errorf("date format %q: literal digits are not supported", format)
	}
	return nil
}

// matchShape reports whether b starts with a date of the fixed shape.
func matchShape(b, shape []byte) bool {
	if len(b) < len(shape) {
		return false
	}
	for i, s := range shape {
		c := b[i]
		switch s {
		case shapeDigit:
			if c-'0' > 9 {
				return false
			}
		case shapeLetter:
			if !isLetter(c) {
				return false
			}
		default:
			if c != s {
				return false
			}
		}
	}
	return true
}
