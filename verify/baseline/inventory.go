package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// Inventory names the items of a family, so that a comparison can say which are missing, not
// only how many. Keys hold names only, never secrets or consumer keys.
type Inventory struct {
	// SHA256 is the hex digest of the sorted keys, each followed by a newline: equal digests
	// mean equal inventories, without comparing keys one by one.
	SHA256 string   `json:"sha256"`
	Keys   []string `json:"keys"`
}

// newInventory sorts keys (in place) and digests them.
func newInventory(keys []string) *Inventory {
	slices.Sort(keys)
	if keys == nil {
		keys = []string{}
	}
	return &Inventory{SHA256: digest(keys), Keys: keys}
}

func digest(sortedKeys []string) string {
	h := sha256.New()
	for _, k := range sortedKeys {
		h.Write([]byte(k))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// missingFrom returns the keys of inv that now lacks, in order (a key listed twice in inv
// must be listed twice in now). Both are sorted, so one merge pass does, with no extra memory
// but the result.
func (inv *Inventory) missingFrom(now *Inventory) []string {
	if inv.SHA256 == now.SHA256 {
		return nil
	}
	var missing []string
	i, j := 0, 0
	for i < len(inv.Keys) {
		switch {
		case j >= len(now.Keys) || inv.Keys[i] < now.Keys[j]:
			missing = append(missing, inv.Keys[i])
			i++
		case inv.Keys[i] > now.Keys[j]:
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return missing
}
