package probe

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/expfmt"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// Every secret a probe holds or obtains is absent from its results, its log lines and the
// metrics, even when servers echo credentials back into what the probe quotes.
func TestSecretsNeverShown(t *testing.T) {
	ca := newTestCA(t)
	km := newFakeKeyManager(3600)
	mux := http.NewServeMux()
	mux.Handle("/", km.handler())
	// whoami echoes the credentials it was sent, as JSON fields the probes then quote.
	mux.HandleFunc("/whoami", func(w http.ResponseWriter, r *http.Request) {
		_, password, _ := r.BasicAuth()
		_ = json.NewEncoder(w).Encode(map[string]string{"authorization": r.Header.Get("Authorization"),
			"apikey": r.Header.Get("apikey"), "password": password})
	})
	server := tlsServer(t, ca.leaf(t, inDays(90)), mux)
	tls := HTTPOptions{TLS: TLSOptions{CAFile: ca.caFile}}
	const (
		bearerInHeader = "static-bearer-token-in-header"
		apiKey         = "gw-api-key-value-0042"
		basicPassword  = "basic-password-s3cret"
		wrongSecret    = "wrong-client-secret-echoed"
	)
	order := orderProbes(server.URL, ca.caFile, 1)[0].(HTTPProbe)
	order.Expect = Expect{JSONField: "caller.token", JSONValue: "not-the-token"}
	wrong := order
	wrong.Spec.Name = "wrong_secret"
	wrong.OAuth2 = &ClientCredentials{TokenURL: server.URL + "/oauth2/token", ClientID: testClientID, ClientSecret: wrongSecret}
	probes := []Probe{
		order,
		wrong,
		HTTPProbe{Spec: Spec{Name: "header_credentials"}, URL: server.URL + "/whoami", HTTP: tls,
			Header: map[string]string{"Authorization": "Bearer " + bearerInHeader, "apikey": apiKey},
			Expect: Expect{BodyContains: "nothing like this", JSONField: "authorization", JSONValue: "x"}},
		HTTPProbe{Spec: Spec{Name: "header_apikey"}, URL: server.URL + "/whoami", HTTP: tls,
			Header: map[string]string{"apikey": apiKey}, Expect: Expect{JSONField: "apikey", JSONValue: "x"}},
		HTTPProbe{Spec: Spec{Name: "basic_auth"}, URL: server.URL + "/whoami", HTTP: tls,
			BasicAuth: &BasicAuth{Username: "admin", Password: basicPassword}, Expect: Expect{JSONField: "password", JSONValue: "x"}},
		HTTPProbe{Spec: Spec{Name: "basic_auth_header"}, URL: server.URL + "/whoami", HTTP: tls,
			BasicAuth: &BasicAuth{Username: "admin", Password: basicPassword}, Expect: Expect{JSONField: "authorization", JSONValue: "x"}},
	}
	core, logs := observer.New(zapcore.DebugLevel)
	scheduler := NewScheduler(zap.New(core), &Runner{}, time.Hour, probes)
	results := runScheduler(t, scheduler)

	for _, r := range results {
		if r.Success {
			t.Errorf("%s passed; every probe here is built to fail and quote what the server echoed", r.Name)
		}
	}
	resultsJSON, err := json.Marshal(results)
	if err != nil {
		t.Fatal(err)
	}
	var logText strings.Builder
	encoder := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	for _, entry := range logs.All() {
		line, err := encoder.EncodeEntry(entry.Entry, entry.Context)
		if err != nil {
			t.Fatal(err)
		}
		logText.Write(line.Bytes())
	}
	metricsText, err := testutil.CollectAndFormat(scheduler, expfmt.TypeTextPlain, metricNames...)
	if err != nil {
		t.Fatal(err)
	}
	if logs.Len() != len(probes) || !strings.Contains(string(metricsText), "wso2_probe_success") {
		t.Fatalf("expected one failure log per probe and metrics; got %d log lines, metrics:\n%s", logs.Len(), metricsText)
	}
	km.mu.Lock()
	secrets := append([]string{testClientSecret, wrongSecret, bearerInHeader, apiKey, basicPassword}, km.issued...)
	km.mu.Unlock()
	if len(km.issued) == 0 {
		t.Fatal("no token was issued: the token probes did not get far enough to be tested")
	}
	for name, text := range map[string]string{"results": string(resultsJSON), "logs": logText.String(), "metrics": string(metricsText)} {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("the %s show the secret %q:\n%s", name, secret, text)
			}
		}
		if !strings.Contains(text, "order_0") {
			t.Errorf("the %s do not name the probes: the test looks at the wrong text", name)
		}
	}
	if !strings.Contains(string(resultsJSON), `field caller.token is \"\u003csecret\u003e\", want`) {
		t.Errorf("the token the API echoed should be shown as <secret>: %s", resultsJSON)
	}
}

// startScheduler runs s in the background; stop ends it and waits for it to return.
func startScheduler(s *Scheduler) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// runScheduler runs s until its first run is complete and returns the results.
func runScheduler(t *testing.T, s *Scheduler) []Result {
	t.Helper()
	stop := startScheduler(s)
	defer stop()
	waitFor(t, "complete scheduler run", func() bool { return s.Latest() != nil })
	return s.Latest()
}
