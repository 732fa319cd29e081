package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"
	"go.uber.org/zap"

	"github.com/apimwatch/apimwatch/logging"
	"github.com/apimwatch/apimwatch/statuspage"
)

// Explicit timeouts: a stuck client must not hold a connection, and a scrape must finish well
// inside Prometheus' own scrape timeout.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	scrapeTimeout     = 30 * time.Second
	shutdownTimeout   = 10 * time.Second
)

// Handler is the agent's HTTP surface: metrics, /healthz (the process answers), /readyz (the
// configuration is loaded and the collectors have run once), and the status page at / with its
// JSON twin at /api/status.
func (a *Agent) Handler(telemetryPath string, ready *atomic.Bool) http.Handler {
	links := []statuspage.Link{
		{Path: telemetryPath, Text: "Metrics", Description: "Prometheus metrics"},
		{Path: "/api/status", Text: "Status as JSON", Description: "what this page shows (docs/status-page.md)"},
		{Path: "/healthz", Text: "Liveness", Description: "200 while the agent runs"},
		{Path: "/readyz", Text: "Readiness", Description: "200 once the configuration is loaded and the collectors have run"},
	}
	mux := http.NewServeMux()
	mux.Handle(telemetryPath, promhttp.HandlerFor(a.registry, promhttp.HandlerOpts{
		ErrorHandling:     promhttp.ContinueOnError, // one failing collector must not fail the scrape
		ErrorLog:          zap.NewStdLog(a.logger.With(zap.String("component", "metrics"))),
		Registry:          a.registry,
		Timeout:           scrapeTimeout,
		EnableOpenMetrics: true,
	}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			http.Error(w, "not ready: collectors have not run yet", http.StatusServiceUnavailable)
			return
		}
		_, _ = fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /{$}", statuspage.HTML(a.Status, links))
	mux.Handle("GET /api/status", statuspage.JSON(a.Status))
	return mux
}

// Serve serves the HTTP surface until ctx ends, then shuts down gracefully. TLS and basic auth
// come from the exporter-toolkit web configuration file, when one is given.
func (a *Agent) Serve(ctx context.Context) error {
	cfg := a.current
	var ready atomic.Bool
	server := &http.Server{
		Handler:           a.Handler(cfg.Web.TelemetryPath, &ready),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          zap.NewStdLog(a.logger.With(zap.String("component", "http"))),
	}
	addresses, systemdSocket, webConfig := []string{cfg.Web.ListenAddress}, false, cfg.Web.ConfigFile
	flags := &web.FlagConfig{WebListenAddresses: &addresses, WebSystemdSocket: &systemdSocket, WebConfigFile: &webConfig}

	served := make(chan error, 1)
	go func() { served <- web.ListenAndServe(server, flags, logging.Slog(a.logger)) }()

	// Ready once every collector has run: a first gather proves the registry is consistent.
	if _, err := a.registry.Gather(); err != nil {
		a.logger.Warn("first collection reported errors", zap.Error(err))
	}
	ready.Store(true)

	select {
	case err := <-served:
		return fmt.Errorf("serving on %s: %w", cfg.Web.ListenAddress, err)
	case <-ctx.Done():
	}
	a.logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
