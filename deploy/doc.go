// Package deploy holds apimwatch's deployment artefacts (Prometheus rules and their unit tests,
// Kubernetes manifests, and the other files under this directory) and the tests that keep
// them valid: that promtool accepts the rules and passes their tests, that every alert has a
// runbook, and that the copies for other tools say the same as their source.
package deploy
