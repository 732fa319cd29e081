// Package carbonlog writes realistic wso2carbon.log records of API Manager 4.x, in WSO2's
// layout `TID: [%tenantId] [%appName] [%d] %5p {%c} - %m%ex%n`, deterministically from a seed:
// a busy node's traffic, and the post-migration error signatures with their stack traces. The
// log benchmark (scripts/gencorpus) and `apimwatch demo` write with it.
package carbonlog

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Level is a record's level; the generator writes DEBUG to ERROR.
type Level int

// The levels, as wso2carbon.log writes them (%5p right-aligns to five characters).
const (
	LevelDebug Level = iota
	LevelInfo
	LevelWarn
	LevelError
	LevelCount
)

// LevelNames are the levels' names, by Level.
var LevelNames = [LevelCount]string{"DEBUG", "INFO", "WARN", "ERROR"}

var levelPadded = [LevelCount]string{"DEBUG", " INFO", " WARN", "ERROR"}

// Counts are what was written: the figures a caller checks an agent's counters against.
type Counts struct {
	Bytes, Lines, Records int64
	ByLevel               [LevelCount]int64
}

// Add counts one record of level spanning lines lines.
func (c *Counts) Add(record []byte, level Level, lines int) {
	c.Bytes += int64(len(record))
	c.Lines += int64(lines)
	c.Records++
	c.ByLevel[level]++
}

// Generator writes records, deterministically from its seed.
type Generator struct {
	rnd   *rand.Rand
	clock time.Time
	// Live makes timestamps follow the wall clock instead of the seeded clock.
	Live bool
	// scratch for the record being built
	buf []byte
}

// New returns a generator whose seeded clock starts at start.
func New(seed uint64, start time.Time) *Generator {
	return &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), clock: start}
}

// Rand is the generator's random source, for callers that pace their writes by it.
func (g *Generator) Rand() *rand.Rand { return g.rnd }

// template is one kind of record: its level, logger, where it is logged from, and how its
// message (and exception, frames, continuation lines) is written.
type template struct {
	weight int
	level  Level
	logger string
	// signature is the built-in post-migration signature (logwatch's catalogue) the records
	// match, "" for none.
	signature string
	ctx       origin // tenant and app the record is logged with
	write     func(g *Generator)
}

// origin is the tenant/app pair distribution of a template.
type origin int

const (
	ctxGateway   origin = iota // transport threads: -1 or -1234, no app
	ctxPublisher               // REST APIs: super tenant or a tenant, api/am/publisher
	ctxDevportal
	ctxKeyManager // oauth2, internal/data/v1
	ctxSystem     // -1234, no app; sometimes empty fields
	ctxEmpty      // background threads: TID: [] []
)

var tenants = []string{"1", "2", "5", "12", "37"}

func (g *Generator) tenantApp(c origin) (string, string) {
	r := g.rnd.IntN(100)
	switch c {
	case ctxGateway:
		if r < 55 {
			return "-1", ""
		}
		if r < 92 {
			return "-1234", ""
		}
		return tenants[g.rnd.IntN(len(tenants))], ""
	case ctxPublisher, ctxDevportal:
		app := "api/am/publisher"
		if c == ctxDevportal {
			app = "api/am/devportal"
		}
		if r < 75 {
			return "-1234", app
		}
		return tenants[g.rnd.IntN(len(tenants))], app
	case ctxKeyManager:
		app := "oauth2"
		if r%3 == 0 {
			app = "internal/data/v1"
		}
		if r < 80 {
			return "-1234", app
		}
		return tenants[g.rnd.IntN(len(tenants))], app
	case ctxSystem:
		if r < 85 {
			return "-1234", ""
		}
		return "", ""
	default:
		return "", ""
	}
}

func (g *Generator) s(text string) { g.buf = append(g.buf, text...) }

func (g *Generator) n(v int) { g.buf = strconv.AppendInt(g.buf, int64(v), 10) }

func (g *Generator) pick(options []string) string { return options[g.rnd.IntN(len(options))] }

const hexDigits = "0123456789abcdef"

func (g *Generator) hex(n int) {
	for range n {
		g.buf = append(g.buf, hexDigits[g.rnd.IntN(16)])
	}
}

func (g *Generator) uuid() {
	g.hex(8)
	g.s("-")
	g.hex(4)
	g.s("-4")
	g.hex(3)
	g.s("-a")
	g.hex(3)
	g.s("-")
	g.hex(12)
}

var apis = []string{"PizzaShackAPI:v1.0.0", "OrdersAPI:v2.1.0", "PaymentsAPI:v1.4.2", "CustomerProfileAPI:v3.0.0",
	"InventoryAPI:v1.0.5", "ShippingAPI:v2.0.0", "LoyaltyAPI:v1.1.0", "NotificationsAPI:v1.0.0"}
var contexts = []string{"/pizzashack/1.0.0/menu", "/orders/2.1.0/orders", "/payments/1.4.2/charges", "/customers/3.0.0/profile",
	"/inventory/1.0.5/items", "/shipping/2.0.0/quotes", "/loyalty/1.1.0/points", "/notifications/1.0.0/send"}
var users = []string{"admin", "publisher1", "creator@wso2.com", "subscriber7", "ops-bot", "jane.doe@acme.com"}
var methods = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}

// Mix is a weighted choice among the templates.
type Mix struct {
	templates []int // indexes into templates
	cdf       []int
	total     int
}

func newMix(keep func(t *template) bool) *Mix {
	m := &Mix{}
	for i := range templates {
		if keep(&templates[i]) {
			m.total += templates[i].weight
			m.templates = append(m.templates, i)
			m.cdf = append(m.cdf, m.total)
		}
	}
	return m
}

var (
	// Busy is a busy node's log: mostly INFO, and every kind of warning and error, the
	// post-migration signatures among them.
	Busy = newMix(func(*template) bool { return true })
	// Healthy is Busy without the post-migration signatures: a node that works.
	Healthy = newMix(func(t *template) bool { return t.signature == "" })
	// Errors are the ERROR records only.
	Errors = newMix(func(t *template) bool { return t.level == LevelError })
	// Signatures are the records of the post-migration signatures only.
	Signatures = newMix(func(t *template) bool { return t.signature != "" })
	// Housekeeping is what a node logs with no traffic: the INFO records of its background
	// tasks, no warning or error.
	Housekeeping = newMix(func(t *template) bool { return t.level == LevelInfo && (t.ctx == ctxSystem || t.ctx == ctxEmpty) })
)

// Record is a generated record: its text (lines joined by "\n", ending with "\n"; reused by the
// next call), level, number of lines and the built-in signature it matches ("" for none).
type Record struct {
	Text      []byte
	Level     Level
	Lines     int
	Signature string
}

// Next returns the next record, a template picked from mix by weight.
func (g *Generator) Next(mix *Mix) Record {
	r := g.rnd.IntN(mix.total)
	i := 0
	for mix.cdf[i] <= r {
		i++
	}
	t := &templates[mix.templates[i]]
	g.tick(time.Duration(g.rnd.IntN(12)) * time.Millisecond)
	tenant, app := g.tenantApp(t.ctx)
	g.start(tenant, app, t.level, t.logger)
	t.write(g)
	return g.finish(t.level, t.signature)
}

// Line returns a one-line record of the super tenant with no app, written a gap after the
// previous one on the seeded clock: a server's own messages (its lifecycle, for one).
func (g *Generator) Line(gap time.Duration, level Level, logger, message string) Record {
	g.tick(gap)
	g.start("-1234", "", level, logger)
	g.s(message)
	return g.finish(level, "")
}

// tick moves the clock: to the wall clock when Live, else gap forward.
func (g *Generator) tick(gap time.Duration) {
	if g.Live {
		g.clock = time.Now()
	} else {
		g.clock = g.clock.Add(gap)
	}
}

// start begins a record: everything up to the message.
func (g *Generator) start(tenant, app string, level Level, logger string) {
	g.buf = append(g.buf[:0], "TID: ["...)
	g.s(tenant)
	g.s("] [")
	g.s(app)
	g.s("] [")
	g.buf = g.clock.AppendFormat(g.buf, "2006-01-02 15:04:05,000")
	g.s("] ")
	g.s(levelPadded[level])
	g.s(" {")
	g.s(logger)
	g.s("} - ")
}

func (g *Generator) finish(level Level, signature string) Record {
	g.s("\n")
	lines := 0
	for _, b := range g.buf {
		if b == '\n' {
			lines++
		}
	}
	return Record{Text: g.buf, Level: level, Lines: lines, Signature: signature}
}
