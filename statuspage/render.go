package statuspage

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"
)

// RefreshSeconds is how often the page reloads itself (a meta refresh: no script).
const RefreshSeconds = 15

// Link is an endpoint the page links to.
type Link struct {
	Path, Text, Description string
}

var (
	//go:embed page.html
	pageSource string
	//go:embed style.css
	style string

	pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
		"age":         formatAge,
		"timestamp":   formatTime,
		"seconds":     func(s float64) string { return fmt.Sprintf("%.3f s", s) },
		"heap":        formatHeap,
		"share":       func(f *float64) string { return fmt.Sprintf("%.1f%%", *f*100) },
		"upper":       strings.ToUpper,
		"verdictText": verdictText,
		"updown": func(up bool) string {
			if up {
				return "up"
			}
			return "down"
		},
	}).Parse(pageSource))

	// contentSecurityPolicy lets the page use its own inline style and nothing else: no
	// script, no image, no request anywhere.
	contentSecurityPolicy = "default-src 'none'; style-src 'sha256-" + sha256Base64(style) + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

func sha256Base64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// page is what the template renders.
type page struct {
	Snapshot
	Links          []Link
	RefreshSeconds int
	CSS            template.CSS
}

// Render writes the snapshot as the HTML page, linking to links.
func Render(w io.Writer, s Snapshot, links []Link) error {
	return pageTemplate.Execute(w, page{Snapshot: s, Links: links, RefreshSeconds: RefreshSeconds, CSS: template.CSS(style)})
}

// HTML serves the page of the snapshot that snapshot builds for each request.
func HTML(snapshot func() Snapshot, links []Link) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		var buf bytes.Buffer
		if err := Render(&buf, snapshot(), links); err != nil {
			http.Error(w, "rendering the status page failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		serve(w, "text/html; charset=utf-8", buf.Bytes())
	})
}

// JSON serves the snapshot that snapshot builds for each request as JSON.
func JSON(snapshot func() Snapshot) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		body, err := json.MarshalIndent(snapshot(), "", "  ")
		if err != nil {
			http.Error(w, "encoding the status failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		serve(w, "application/json", append(body, '\n'))
	})
}

// serve writes a snapshot's body: never cached, since it is current only when made.
func serve(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body)
}

// verdictText is a verdict as a person reads it.
func verdictText(result string) string {
	switch result {
	case VerdictGo:
		return "GO"
	case VerdictNoGo:
		return "NO-GO"
	case VerdictUnknown:
		return "UNKNOWN (checks could not run)"
	default:
		return "NO RESULT YET"
	}
}

// formatAge writes seconds as the two largest units: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h".
func formatAge(seconds int64) string {
	d := time.Duration(seconds) * time.Second
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", seconds)
	case d < time.Hour:
		return fmt.Sprintf("%d min %d s", seconds/60, seconds%60)
	case d < 24*time.Hour:
		return fmt.Sprintf("%d h %d min", seconds/3600, seconds%3600/60)
	default:
		return fmt.Sprintf("%d d %d h", seconds/86400, seconds%86400/3600)
	}
}

// formatHeap writes a heap's use against its maximum: "612 MiB of 1024 MiB (60%)".
func formatHeap(used, heapMax *int64) string {
	if *heapMax <= 0 {
		return fmt.Sprintf("%d MiB", *used>>20)
	}
	return fmt.Sprintf("%d MiB of %d MiB (%.0f%%)", *used>>20, *heapMax>>20, 100*float64(*used)/float64(*heapMax))
}

// formatTime writes t in UTC, RFC 3339 to the second; "unknown" when zero.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}
