package baseline

// Digest exposes the inventory digest to the tests, which write snapshot files by hand.
var Digest = digest
