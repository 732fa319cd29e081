package tailer

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"go.uber.org/zap"
)

// finder expands the Include patterns into live paths. It reads only the directories the
// patterns name, once each per expansion, so running it on every poll stays cheap.
type finder struct {
	fs      fileSystem
	include []pattern
	exclude []string
	log     *zap.Logger
	// causes is the error last logged per directory or file, so a lasting one is logged once.
	causes map[string]string
}

// pattern is an Include pattern split into its directory and base name.
type pattern struct {
	dir, base   string
	globbedDir  bool // dir has glob characters of its own
	literalBase bool // base names one file: no listing needed
}

func newFinder(fsys fileSystem, include, exclude []string, log *zap.Logger) *finder {
	f := &finder{fs: fsys, exclude: exclude, log: log, causes: map[string]string{}}
	for _, p := range include {
		dir, base := filepath.Split(filepath.Clean(p))
		dir = filepath.Clean(dir)
		f.include = append(f.include, pattern{
			dir: dir, base: base,
			globbedDir: hasGlob(dir), literalBase: !hasGlob(base),
		})
	}
	return f
}

// checkPatterns reports the patterns filepath.Match would reject.
func checkPatterns(kind string, patterns []string) error {
	var errs []error
	for _, p := range patterns {
		if _, err := filepath.Match(p, ""); err != nil {
			errs = append(errs, fmt.Errorf("%s pattern %q: %w", kind, p, err))
		}
	}
	return errors.Join(errs...)
}

func hasGlob(s string) bool {
	return strings.ContainsAny(s, `*?[\`)
}

// find returns the live paths the patterns match now, and the directories it looked in (to
// be watched for changes).
func (f *finder) find() (paths, dirs []string) {
	listed := map[string][]string{}
	seenDir := map[string]bool{}
	for _, p := range f.include {
		for _, dir := range f.dirsOf(p) {
			if p.literalBase {
				if f.exists(filepath.Join(dir, p.base)) && !f.excluded(p.base) {
					paths = append(paths, filepath.Join(dir, p.base))
				}
			} else {
				names, ok := listed[dir]
				if !ok {
					names = f.list(dir)
					listed[dir] = names
				}
				for _, name := range names {
					if ok, _ := filepath.Match(p.base, name); ok && !f.excluded(name) {
						paths = append(paths, filepath.Join(dir, name))
					}
				}
			}
			if !seenDir[dir] {
				seenDir[dir] = true
				dirs = append(dirs, dir)
			}
		}
	}
	return paths, dirs
}

func (f *finder) dirsOf(p pattern) []string {
	if !p.globbedDir {
		return []string{p.dir}
	}
	dirs, _ := filepath.Glob(p.dir) // the pattern was checked in New: no error is left
	return dirs
}

func (f *finder) exists(path string) bool {
	_, err := f.fs.Lstat(path)
	f.note(path, err)
	return err == nil
}

func (f *finder) list(dir string) []string {
	names, err := f.fs.ReadDirNames(dir)
	f.note(dir, err)
	return names
}

// note logs an error looking at path the first time it differs from the last one; a missing
// path is no error (its directory may come back).
func (f *finder) note(path string, err error) {
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		delete(f.causes, path)
		return
	}
	if f.causes[path] == err.Error() {
		return
	}
	f.causes[path] = err.Error()
	f.log.Warn("cannot look for log files; retrying", zap.String("path", path), zap.Error(err))
}

func (f *finder) excluded(name string) bool {
	for _, p := range f.exclude {
		if ok, _ := filepath.Match(p, name); ok {
			return true
		}
	}
	return false
}
