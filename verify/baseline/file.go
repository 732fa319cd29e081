package baseline

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Save writes s as indented JSON, so that an operator can read and diff it.
func Save(w io.Writer, s *Snapshot) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("couldn't write the baseline snapshot: %w", err)
	}
	return nil
}

// Load reads a snapshot Save wrote. A file of another format version, a file that is not a
// snapshot, and a snapshot whose inventories do not match their digests (edited by hand,
// truncated) are errors that say so.
func Load(r io.Reader) (*Snapshot, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("couldn't read the baseline snapshot: %w", err)
	}
	var header struct {
		Format string `json:"format"`
	}
	if err := json.Unmarshal(data, &header); err != nil {
		return nil, fmt.Errorf("not an apimwatch baseline snapshot (expected the JSON `apimwatch baseline capture` writes): %w", err)
	}
	switch {
	case !strings.HasPrefix(header.Format, formatPrefix):
		return nil, errors.New("not an apimwatch baseline snapshot: no \"format\": \"" + Format + "\" field (write one with `apimwatch baseline capture`)")
	case header.Format != Format:
		return nil, fmt.Errorf("the baseline snapshot has format %q, this apimwatch reads %q: capture it again with this version", header.Format, Format)
	}
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("the baseline snapshot is damaged: %w", err)
	}
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("the baseline snapshot is damaged: %w", err)
	}
	return &s, nil
}

// validate checks what the comparison relies on: a time for the messages, and inventories
// sorted and matching their digests (the comparison walks them in order).
func (s *Snapshot) validate() error {
	if s.TakenAt.IsZero() {
		return errors.New("it has no taken_at time")
	}
	for name, f := range s.Families {
		inv := f.Inventory
		if inv == nil {
			continue
		}
		if !slices.IsSorted(inv.Keys) || digest(inv.Keys) != inv.SHA256 {
			return fmt.Errorf("the %s inventory does not match its sha256", name)
		}
	}
	return nil
}
