package statuspage

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/apimwatch/apimwatch/internal/browser"
)

// phone is the viewport of a common Android phone (CSS pixels).
const phoneWidth, phoneHeight = 412, 915

// TestPageInChromium loads the page from a real server in headless Chromium: the text a person
// reads must be in the DOM the browser built, the page must fit a phone's width, and a
// phone-sized screenshot must show the page styled (the Content-Security-Policy lets the inline
// style through) with the no-go colour.
// APIMWATCH_SCREENSHOT_DIR, when set, receives the screenshot.
func TestPageInChromium(t *testing.T) {
	chromium := browser.Chromium(t)
	snapshot := func() Snapshot {
		return Build(fixture(t, fail(criticalCheck, "PizzaAPI", `<script>alert("x")</script>`), errored(criticalOther), pass(warningCheck)))
	}
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", HTML(snapshot, links))
	mux.Handle("GET /api/status", JSON(snapshot))
	srv := httptest.NewServer(mux) // on 127.0.0.1
	defer srv.Close()

	dom := browser.Run(t, chromium, "--dump-dom", srv.URL+"/")
	for _, want := range []string{
		"Cutover verdict: NO-GO", criticalCheck, "PizzaAPI",
		"F3: Gateway cannot deploy APIs (404s)", "Error deploying 571d336a in Gateway",
		`&lt;script&gt;alert("x")&lt;/script&gt;`, // shown as text, not run
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser's page lacks %q", want)
		}
	}
	if strings.Contains(dom, `<script>alert("x")`) {
		t.Error("a sample became a script element in the browser")
	}

	checkFitsPhoneWidth(t, chromium, snapshot())

	shot := filepath.Join(t.TempDir(), "status-page-phone.png")
	browser.Run(t, chromium, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", phoneWidth, phoneHeight), "--hide-scrollbars", srv.URL+"/")
	data, err := os.ReadFile(shot)
	if err != nil || len(data) == 0 {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != phoneWidth || b.Dy() != phoneHeight {
		t.Errorf("screenshot is %dx%d, want %dx%d", b.Dx(), b.Dy(), phoneWidth, phoneHeight)
	}
	// The verdict box's border is --nogo (#b3261e): present only if the style applied.
	if !hasColour(img, color.RGBA{0xb3, 0x26, 0x1e, 0xff}) {
		t.Error("the screenshot shows no no-go colour: the page's style did not apply")
	}
	if dir := os.Getenv("APIMWATCH_SCREENSHOT_DIR"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(shot)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// phoneWidthAttr is what the measuring page of checkFitsPhoneWidth writes on its body: the
// status page's scroll width and its viewport's width, in CSS pixels.
var phoneWidthAttr = regexp.MustCompile(`data-width="(\d+)/(\d+)"`)

// checkFitsPhoneWidth lays the page out in a frame as wide as a phone and requires it not to be
// wider: on a phone, a page wider than the screen makes the verdict and the checks' text scroll
// sideways; only the tables may, inside their own scroll boxes. Headless Chromium's window is
// at least 500 px wide whatever --window-size says, hence the frame. The page's own
// Content-Security-Policy forbids framing and scripts, so the frame holds the same HTML served
// without it, and a script of the measuring page reads its width; --hide-scrollbars keeps the
// frame's vertical scrollbar from taking width from the page, as on a phone.
func checkFitsPhoneWidth(t *testing.T, chromium string, s Snapshot) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /page", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := Render(w, s, links); err != nil {
			t.Error(err)
		}
	})
	mux.HandleFunc("GET /phone", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><body><iframe style="width:%dpx;height:%dpx;border:0" src="/page"
onload="var d = this.contentDocument.documentElement; document.body.setAttribute('data-width', d.scrollWidth + '/' + d.clientWidth)"></iframe></body></html>`,
			phoneWidth, phoneHeight)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	m := phoneWidthAttr.FindStringSubmatch(browser.Run(t, chromium, "--hide-scrollbars", "--dump-dom", srv.URL+"/phone"))
	if m == nil {
		t.Fatal("the measuring page did not measure the status page: did its frame load?")
	}
	scroll, _ := strconv.Atoi(m[1])
	viewport, _ := strconv.Atoi(m[2])
	if viewport != phoneWidth {
		t.Fatalf("the frame is %d px wide, want %d", viewport, phoneWidth)
	}
	if scroll > viewport {
		t.Errorf("on a %d px wide phone the page is %d px wide: it scrolls sideways", viewport, scroll)
	}
}

// hasColour tells whether some pixel of img is c, give or take rounding.
func hasColour(img image.Image, c color.RGBA) bool {
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d >= -3 && d <= 3 }
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r, c.R) && near(g, c.G) && near(bl, c.B) {
				return true
			}
		}
	}
	return false
}
