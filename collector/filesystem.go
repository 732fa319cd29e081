package collector

import (
	"fmt"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// collectFilesystems reports the filesystems holding a node's directories,
// each filesystem once even when several directories share it.
func (c *Collector) collectFilesystems(s *scrape, n *nodeState) {
	node := n.target.Node
	u := startUnit("filesystem", node)
	defer c.finishUnit(s, u)

	reported := map[string]bool{}
	for _, path := range n.target.Paths {
		usage, mountPoint, err := statFilesystem(path)
		if err != nil {
			u.fail(path, err)
			continue
		}
		if reported[mountPoint] {
			continue
		}
		reported[mountPoint] = true
		blockSize := usage.Frsize // the unit of f_blocks and f_bavail
		if blockSize == 0 {
			blockSize = usage.Bsize
		}
		s.gauge(filesystemSize, float64(usage.Blocks)*float64(blockSize), node, path, mountPoint)
		s.gauge(filesystemFree, float64(usage.Bavail)*float64(blockSize), node, path, mountPoint)
	}
}

func statFilesystem(path string) (unix.Statfs_t, string, error) {
	var usage unix.Statfs_t
	if err := unix.Statfs(path, &usage); err != nil {
		return unix.Statfs_t{}, "", fmt.Errorf("statfs %s: %w", path, err)
	}
	mountPoint, err := mountPointOf(path)
	if err != nil {
		return unix.Statfs_t{}, "", err
	}
	return usage, mountPoint, nil
}

// mountPointOf walks up from path to the last directory on the same device:
// a few stat calls, where finding it in /proc/self/mountinfo means parsing
// every mount on every scrape.
func mountPointOf(path string) (string, error) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("finding the mount point of %s: %w", path, err)
	}
	device, err := deviceOf(dir)
	if err != nil {
		return "", err
	}
	for dir != "/" {
		parent := filepath.Dir(dir)
		parentDevice, err := deviceOf(parent)
		if err != nil {
			return "", err
		}
		if parentDevice != device {
			return dir, nil
		}
		dir = parent
	}
	return dir, nil
}

func deviceOf(path string) (uint64, error) {
	var stat unix.Stat_t
	if err := unix.Stat(path, &stat); err != nil {
		return 0, fmt.Errorf("stat %s: %w", path, err)
	}
	return stat.Dev, nil
}
