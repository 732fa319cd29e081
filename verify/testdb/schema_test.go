package testdb

import (
	"slices"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	got, err := splitStatements("-- a comment; not a statement\nCREATE TABLE A (\n    X INTEGER\n);\n\nCREATE INDEX I ON A (X);\n")
	want := []string{"CREATE TABLE A (\n    X INTEGER\n)", "CREATE INDEX I ON A (X)"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("splitStatements = %q, %v; want %q", got, err, want)
	}
	if _, err := splitStatements("CREATE TABLE A (X INTEGER)\n"); err == nil {
		t.Error("an unterminated statement was accepted")
	}
}
