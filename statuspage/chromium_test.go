package statuspage

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// phone is the viewport of a common Android phone (CSS pixels).
const phoneWidth, phoneHeight = 412, 915

// TestPageInChromium loads the page from a real server in headless Chromium: the text a person
// reads must be in the DOM the browser built, and a phone-sized screenshot must show the page
// styled (the Content-Security-Policy lets the inline style through) with the no-go colour.
// APIMWATCH_SCREENSHOT_DIR, when set, receives the screenshot.
func TestPageInChromium(t *testing.T) {
	chromium := requireChromium(t)
	snapshot := func() Snapshot {
		return Build(fixture(t, fail(criticalCheck, "PizzaAPI", `<script>alert("x")</script>`), errored(criticalOther), pass(warningCheck)))
	}
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", HTML(snapshot, links))
	mux.Handle("GET /api/status", JSON(snapshot))
	srv := httptest.NewServer(mux) // on 127.0.0.1
	defer srv.Close()

	dom := runChromium(t, chromium, "--dump-dom", srv.URL+"/")
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

	shot := filepath.Join(t.TempDir(), "status-page-phone.png")
	runChromium(t, chromium, "--screenshot="+shot, fmt.Sprintf("--window-size=%d,%d", phoneWidth, phoneHeight), "--hide-scrollbars", srv.URL+"/")
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

// requireChromium finds Chromium, or skips the test (fails it in CI, which installs it).
func requireChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; CI must install it (Debian package chromium)")
	}
	t.Skip("chromium is not installed (Debian package chromium); skipping the browser test")
	return ""
}

// runChromium runs headless Chromium once, isolated from any profile and from the network
// beyond the test's server, and returns its standard output.
func runChromium(t *testing.T, chromium string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
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
