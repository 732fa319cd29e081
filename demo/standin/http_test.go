package standin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The servlet port answers the Version service as WSO2 does, and the readiness endpoint 503
// until the gateway is ready.
func TestServletHandler(t *testing.T) {
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		body, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(body)
	}
	restarted := servletHandler("WSO2 API Manager-4.2.0", time.Now(), time.Hour)
	if code, body := get(restarted, versionPath); code != http.StatusOK || !strings.Contains(body, "<return>WSO2 API Manager-4.2.0</return>") {
		t.Errorf("version: %d %q", code, body)
	}
	if code, _ := get(restarted, readinessPath); code != http.StatusServiceUnavailable {
		t.Errorf("readiness within NotReadyFor: %d, want 503", code)
	}
	if code, _ := get(servletHandler("WSO2 API Manager-4.1.0", time.Now(), 0), readinessPath); code != http.StatusOK {
		t.Errorf("readiness: %d, want 200", code)
	}
}
