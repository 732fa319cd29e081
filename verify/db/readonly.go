package db

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ReadOnly runs fn in a read-only transaction bounded by timeout (context deadline, and a
// server-side statement timeout where the server has one); the transaction is rolled back
// whatever fn returns. Errors never contain the password. When the deadline passes, or the
// server ends a statement for its timeout, the error wraps context.DeadlineExceeded.
func (d *DB) ReadOnly(ctx context.Context, timeout time.Duration, fn func(ctx context.Context, q Querier) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tx, err := d.pool.BeginTx(ctx, d.guard.txOptions())
	if err != nil {
		return d.wrap(fmt.Errorf("couldn't begin a read-only transaction: %w", timedOut(ctx, timeout, err)))
	}
	// Rollback, never Commit: nothing apimwatch does may change a WSO2 database. Its error does
	// not matter: after a deadline database/sql has already rolled back (ErrTxDone).
	defer func() { _ = tx.Rollback() }()
	if err := d.guard.prepare(ctx, tx, remaining(ctx)); err != nil {
		return d.wrap(fmt.Errorf("couldn't prepare the read-only transaction: %w", timedOut(ctx, timeout, err)))
	}
	if err := fn(ctx, tx); err != nil {
		return d.wrap(timedOut(ctx, timeout, err))
	}
	return nil
}

// Ping checks the database answers, within timeout.
func (d *DB) Ping(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := d.pool.PingContext(ctx); err != nil {
		return d.wrap(fmt.Errorf("couldn't connect: %w", timedOut(ctx, timeout, err)))
	}
	return nil
}

// timedOut makes every way a deadline shows up match context.DeadlineExceeded: drivers report
// the server's cancellation ("canceling statement due to user request", "max_statement_time
// exceeded") rather than the context's error, and the runner tells a timeout from a failure
// with errors.Is.
func timedOut(ctx context.Context, timeout time.Duration, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || isStatementTimeout(err) {
		return fmt.Errorf("%w after %s: %w", context.DeadlineExceeded, timeout, err)
	}
	return err
}

// remaining is the time left before ctx's deadline, the budget of the server-side timeout.
func remaining(ctx context.Context) time.Duration {
	deadline, _ := ctx.Deadline()
	return time.Until(deadline)
}
