package logparse

// classNames interns exception class names. The same few classes fill a log, so a record's
// Exception and RootCause usually cost no allocation. The set is capped: past the cap, names
// are allocated as usual rather than letting unusual input grow memory without bound.
type classNames map[string]string

const maxInternedClasses = 512

func (c *classNames) intern(name []byte) string {
	if s, ok := (*c)[string(name)]; ok { // the conversion does not allocate in a map lookup
		return s
	}
	s := string(name)
	if *c == nil {
		*c = make(classNames)
	}
	if len(*c) < maxInternedClasses {
		(*c)[s] = s
	}
	return s
}
