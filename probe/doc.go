// Package probe runs active checks against WSO2 API Manager nodes and the site's own test
// cases: the node answers `GET /services/Version` with the expected product version, the gateway
// says it is ready, the configured TCP ports accept connections, the TLS certificates on the HTTPS
// ports are valid and not about to expire, and the site's API calls (optionally with an OAuth2
// client-credentials token, the way a consumer calls the gateway) answer as expected.
//
// Probes are plain structs ([VersionProbe], [ReadinessProbe], [TCPProbe], [CertProbe],
// [HTTPProbe]); [BuiltinProbes] derives the per-node ones from a host and its port map. A
// [Runner] runs a set of them with bounded parallelism; a [Scheduler] runs them on an interval,
// keeps the latest [Result]s and serves them as Prometheus metrics.
//
// # Safety rules
//
// Probes talk to production systems with credentials, so the package holds itself to these rules:
//
//   - Every probe ends at its timeout ([Spec].Timeout, else [Runner].Timeout): every dial, TLS
//     handshake, token request and HTTP exchange takes its deadline from the probe's context. A
//     node that accepts connections and never answers costs one timeout, and the other probes
//     keep running.
//   - Redirects are followed only to the same host name, at most [MaxRedirects] of them. A
//     redirect to another host fails the probe unless [HTTPOptions].FollowOtherHosts is set, and
//     the credential headers are not sent there. A redirect from https to plain http is never
//     followed: the credentials would cross the network in the clear.
//   - TLS is verified: against the system roots, or against [TLSOptions].CAFile only when one is
//     given. Skipping verification must be asked for with [TLSOptions].InsecureSkipVerify, and
//     every result of such a probe carries a warning saying so.
//   - Response bodies are read up to [HTTPOptions].MaxBodyBytes (1 MiB by default); a larger
//     body is checked on its first bytes and the result says so.
//   - Secrets (client secrets, access tokens, basic-auth passwords, the values of credential
//     headers such as Authorization, apikey or X-Auth-Token) are never put in a result, an error, a log line or
//     a metric label: messages never quote response bodies or request headers, URL errors are
//     reported without their URL, and every message is scrubbed of the probe's secret values
//     before it leaves the probe. URLs with a password in them are refused by Validate.
//   - Metric labels are bounded: `node`, `probe` (the name given in the configuration) and
//     `kind` (a closed set). No URL, status text or message becomes a label.
package probe
