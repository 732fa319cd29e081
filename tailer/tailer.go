package tailer

import (
	"sync"

	"go.uber.org/zap"
)

// readBufferSize is the chunk read at once: large enough that a backlog is read near disk
// speed with few syscalls, small enough to stay in cache. One buffer serves every path.
const readBufferSize = 256 << 10

// Tailer follows the files that match Options.Include.
type Tailer struct {
	opts   Options
	log    *zap.Logger
	fs     fileSystem
	finder *finder

	// pollMu serialises polls: followers, the buffer and the notifier belong to the poll.
	pollMu    sync.Mutex
	followers map[string]*follower
	buf       []byte
	// readAhead is the second buffer of a backlog's reads (readToEnd), made on the first.
	readAhead []byte
	// checkpoints loaded by New, each taken by its path's follower when the path is found.
	checkpoints map[string]position
	polledOnce  bool
	notifier    *notifier

	// mu guards entries, the state that Stats and Checkpoint read while polls run.
	mu      sync.Mutex
	entries map[string]*entry

	// checkpointMu serialises Checkpoint; written is what each path's checkpoint file holds.
	checkpointMu sync.Mutex
	written      map[string]position
	// checkpointCause is the last checkpoint failure, logged once.
	checkpointCause string
}

// New checks opts and loads the checkpoints; it opens no file yet.
func New(opts Options) (*Tailer, error) {
	return newTailer(opts, osFileSystem{})
}

func newTailer(opts Options, fsys fileSystem) (*Tailer, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	t := &Tailer{
		opts:        opts,
		log:         opts.Logger,
		fs:          fsys,
		finder:      newFinder(fsys, opts.Include, opts.Exclude, opts.Logger),
		followers:   map[string]*follower{},
		buf:         make([]byte, readBufferSize),
		checkpoints: map[string]position{},
		entries:     map[string]*entry{},
		written:     map[string]position{},
	}
	if opts.StateDir != "" {
		if t.checkpoints, err = loadCheckpoints(opts.StateDir, t.log); err != nil {
			return nil, err
		}
		for path, pos := range t.checkpoints {
			t.written[path] = pos
		}
	}
	return t, nil
}

// Poll runs one cycle synchronously: expand the globs, read every file to its current end,
// handle rotation and truncation, call Idle on sinks of files with no new data. Tests drive
// the tailer with Poll and an injected Clock instead of sleeping.
func (t *Tailer) Poll() {
	t.poll(true)
}

// poll reads every followed path; with discover it first looks for new paths (Run skips that
// on the early polls a change notification triggers: new files wait for the next tick). It
// tells whether any path gave data.
func (t *Tailer) poll(discover bool) (busy bool) {
	t.pollMu.Lock()
	defer t.pollMu.Unlock()
	if discover {
		paths, dirs := t.finder.find()
		// The directories are watched before their new files are followed, so that a line
		// written once a file shows as following wakes the tailer.
		t.notifier.watch(dirs)
		for _, path := range paths {
			if _, ok := t.followers[path]; !ok {
				t.followers[path] = t.newFollower(path)
			}
		}
	}
	now := t.opts.Clock.Now()
	for _, f := range t.followers {
		gotData := f.poll(now)
		if f.gone {
			t.forget(f)
			continue
		}
		if !gotData {
			f.sink.Idle(now)
		} else if b, ok := f.sink.(BurstSink); ok {
			b.EndOfBurst()
		}
		busy = busy || gotData
	}
	t.polledOnce = true
	return busy
}

func (t *Tailer) newFollower(path string) *follower {
	f := &follower{
		path:      path,
		sink:      t.opts.Open(path),
		t:         t,
		log:       t.log.With(zap.String("path", path)),
		stats:     &entry{stats: FileStats{Path: path}},
		split:     newSplitter(t.opts.MaxLineBytes),
		atStartup: !t.polledOnce,
	}
	if pos, ok := t.checkpoints[path]; ok {
		f.resume = &pos
		delete(t.checkpoints, path)
	}
	t.mu.Lock()
	t.entries[path] = f.stats
	t.mu.Unlock()
	return f
}

// forget drops a path that stayed missing. With a StateDir its entry stays, marked gone, until
// Checkpoint has removed its checkpoint file.
func (t *Tailer) forget(f *follower) {
	delete(t.followers, f.path)
	if t.opts.StateDir == "" {
		t.dropGone(f.stats)
	}
}
