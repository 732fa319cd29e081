package logparse

import (
	"testing"
	"time"
)

func TestLayoutTime(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		pattern, raw string
		loc          *time.Location
		want         time.Time
	}{
		{"[%d] %p %m", "2022-03-10 13:10:08,349", ist, time.Date(2022, 3, 10, 13, 10, 8, 349e6, ist)},
		{"[%d{DEFAULT}] %p %m", "2022-03-10 13:10:08,349", time.UTC, time.Date(2022, 3, 10, 13, 10, 8, 349e6, time.UTC)},
		{"%d{ISO8601} %p %m", "2022-03-10T13:10:08,349", time.UTC, time.Date(2022, 3, 10, 13, 10, 8, 349e6, time.UTC)},
		{"%d{ABSOLUTE} %p %m", "13:10:08,349", time.UTC, time.Date(0, 1, 1, 13, 10, 8, 349e6, time.UTC)},
		{"%d{MM-dd-yyyy} %p %m", "03-10-2022", time.UTC, time.Date(2022, 3, 10, 0, 0, 0, 0, time.UTC)},
		{"%d{yyyy-MM-dd HH:mm:ss,SSS} %p %m", "2022-03-10 13:10:08,349", time.UTC, time.Date(2022, 3, 10, 13, 10, 8, 349e6, time.UTC)},
		{"%d{HH:mm:ss,SSS} %p %m", "13:10:08,349", time.UTC, time.Date(0, 1, 1, 13, 10, 8, 349e6, time.UTC)},
		{"%d{DATE} %p %m", "10 Mar 2022 13:10:08,349", time.UTC, time.Date(2022, 3, 10, 13, 10, 8, 349e6, time.UTC)},
		{"%d{ISO8601_OFFSET_DATE_TIME_HHCMM} %p %m", "2022-03-10T13:10:08,349+05:30", time.UTC, time.Date(2022, 3, 10, 7, 40, 8, 349e6, time.UTC)},
		{"%d{dd/MM/yy h:mm a} %p %m", "10/03/22 1:10 PM", time.UTC, time.Date(2022, 3, 10, 13, 10, 0, 0, time.UTC)},
		{"%d{UNIX_MILLIS} %p %m", "1646917808349", time.UTC, time.UnixMilli(1646917808349).UTC()},
		{"%d{UNIX} %p %m", "1646917808", time.UTC, time.Unix(1646917808, 0).UTC()},
	}
	for _, tt := range tests {
		l := mustCompileT(t, tt.pattern)
		got, err := l.Time([]byte(tt.raw), tt.loc)
		if err != nil {
			t.Errorf("%s: Time(%q): %v", tt.pattern, tt.raw, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("%s: Time(%q) = %v, want %v", tt.pattern, tt.raw, got, tt.want)
		}
	}
}

// The date a built-in layout parses is the text Time reads.
func TestLayoutTimeFromParse(t *testing.T) {
	var f Fields
	line := []byte("2024-01-05T10:00:01,002 [ip-h] [main] ERROR X boom")
	if !GatewayErrorsLayout.Parse(line, &f) {
		t.Fatal("not parsed")
	}
	got, err := GatewayErrorsLayout.Time(f.Time, time.UTC)
	if err != nil || !got.Equal(time.Date(2024, 1, 5, 10, 0, 1, 2e6, time.UTC)) {
		t.Errorf("Time = %v, %v", got, err)
	}
}

func TestLayoutTimeErrors(t *testing.T) {
	if _, err := CarbonLayout.Time([]byte("yesterday"), nil); err == nil {
		t.Error("a malformed date parsed")
	}
	if _, err := mustCompileT(t, "%d{UNIX} %p %m").Time([]byte("x1"), nil); err == nil {
		t.Error("a malformed epoch parsed")
	}
	if _, err := mustCompileT(t, "TID: %p %m").Time([]byte("2022-03-10 13:10:08,349"), nil); err == nil {
		t.Error("a layout without a date parsed a time")
	}
}
