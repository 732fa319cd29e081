package tailer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.uber.org/zap"
	"golang.org/x/sys/unix"
)

// notifyCoalesce is the least time between two wake-ups: a busy log is written thousands of
// times a second, and the kernel merges the events that queue up meanwhile into one. The first
// change after a quiet spell wakes Run at once; later ones wait at most this long. Each
// wake-up of an idle process costs far more CPU than the lines it reads (the Go scheduler and
// sysmon spin up), so 20 ms, under a poll interval, keeps a log written 10,000 times a second
// at about 50 wake-ups a second, and a line's delay well under the 100 ms latency budget.
const notifyCoalesce = 20 * time.Millisecond

// watchMask is what wakes the tailer: writes to files in a watched directory, and entries
// created, renamed or removed (rotation), or the directory itself going away.
const watchMask = unix.IN_MODIFY | unix.IN_CREATE | unix.IN_MOVED_FROM | unix.IN_MOVED_TO |
	unix.IN_DELETE | unix.IN_ATTRIB | unix.IN_DELETE_SELF | unix.IN_MOVE_SELF | unix.IN_ONLYDIR

// notifier wakes Run early when a watched directory changes, so lines arrive sooner than the
// next tick. It is an optimisation only: polling finds every change without it.
type notifier struct {
	file   *os.File // the inotify descriptor, non-blocking so Close interrupts a Read
	log    *zap.Logger
	wake   chan struct{}
	closed chan struct{}

	mu    sync.Mutex
	byDir map[string]int32 // watched directory → watch descriptor
	byWD  map[int32]string
}

func newNotifier(log *zap.Logger) (*notifier, error) {
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("couldn't start inotify: %w", err)
	}
	n := &notifier{
		file: os.NewFile(uintptr(fd), "inotify"), log: log,
		wake: make(chan struct{}, 1), closed: make(chan struct{}),
		byDir: map[string]int32{}, byWD: map[int32]string{},
	}
	go n.readEvents()
	return n, nil
}

// wakeups delivers a value after changes; never, for a nil notifier.
func (n *notifier) wakeups() <-chan struct{} {
	if n == nil {
		return nil
	}
	return n.wake
}

// watch adds a watch on each directory not watched yet. A directory that cannot be watched
// (missing, say) is tried again on the next call.
func (n *notifier) watch(dirs []string) {
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, dir := range dirs {
		if _, ok := n.byDir[dir]; ok {
			continue
		}
		var wd int
		var err error
		ctlErr := withFD(n.file, func(fd int) { wd, err = unix.InotifyAddWatch(fd, dir, watchMask) })
		if err = errors.Join(ctlErr, err); err != nil {
			n.log.Debug("cannot watch the directory; polling it only", zap.String("dir", dir), zap.Error(err))
			continue
		}
		n.byDir[dir], n.byWD[int32(wd)] = int32(wd), dir
	}
}

func withFD(f *os.File, use func(fd int)) error {
	conn, err := f.SyscallConn()
	if err != nil {
		return err
	}
	return conn.Control(func(fd uintptr) { use(int(fd)) })
}

// readEvents signals wake after each batch of events and keeps the watch list true to the
// directories that still exist, until close.
func (n *notifier) readEvents() {
	defer close(n.closed)
	buf := make([]byte, 64<<10)
	for {
		k, err := n.file.Read(buf)
		if err != nil {
			return // closed
		}
		n.forgetGoneDirs(buf[:k])
		select {
		case n.wake <- struct{}{}:
		default:
		}
		time.Sleep(notifyCoalesce)
	}
}

// forgetGoneDirs drops the watches of directories removed or renamed, so that a directory
// re-created under the same name is watched anew.
func (n *notifier) forgetGoneDirs(events []byte) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for len(events) >= unix.SizeofInotifyEvent {
		wd := int32(binary.NativeEndian.Uint32(events[0:4]))
		mask := binary.NativeEndian.Uint32(events[4:8])
		nameLen := binary.NativeEndian.Uint32(events[12:16])
		events = events[min(len(events), unix.SizeofInotifyEvent+int(nameLen)):]
		if mask&(unix.IN_IGNORED|unix.IN_MOVE_SELF) == 0 {
			continue
		}
		if mask&unix.IN_MOVE_SELF != 0 {
			_ = withFD(n.file, func(fd int) { _, _ = unix.InotifyRmWatch(fd, uint32(wd)) })
		}
		delete(n.byDir, n.byWD[wd])
		delete(n.byWD, wd)
	}
}

// close stops the notifier and waits for its reader.
func (n *notifier) close() {
	if n == nil {
		return
	}
	n.file.Close()
	<-n.closed
}
