package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	_ "github.com/go-sql-driver/mysql" // the "mysql" driver, for admin connections
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for admin connections
)

// startWait is how long a server that was just started gets to accept connections.
const startWait = 30 * time.Second

// ensureRunning pings the server and, when it does not answer, starts it the way the machine
// does (see the machine notes) and waits for it.
func (s *Server) ensureRunning() error {
	if s.ping() == nil {
		return nil
	}
	if err := s.start(); err != nil {
		return fmt.Errorf("it is down and could not be started: %w", err)
	}
	deadline := time.Now().Add(startWait)
	for {
		err := s.ping()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("started, but not answering after %s: %w", startWait, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func (s *Server) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	db, err := sql.Open(s.Driver, s.DSN(s.defaultDatabase, ""))
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// startPostgres starts the Debian cluster "main" of the installed version.
func startPostgres() error {
	versions, err := filepath.Glob("/etc/postgresql/*")
	if err != nil || len(versions) == 0 {
		return errors.New("no cluster under /etc/postgresql")
	}
	return run("pg_ctlcluster", "--skip-systemctl-redirect", filepath.Base(versions[0]), "main", "start")
}

// startMariaDB starts mariadbd in the background with its default configuration.
func startMariaDB() error {
	if _, err := os.Stat("/usr/sbin/mariadbd"); err != nil {
		return err
	}
	return run("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd")
}

func run(name string, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), startWait)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, out)
	}
	return nil
}
