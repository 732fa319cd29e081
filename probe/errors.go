package probe

import (
	"context"
	"errors"
	"net/url"
	"strings"
)

// describeError words err for a result: a deadline becomes "no answer within the timeout", and a
// *url.Error loses its URL (which may carry a query parameter the site considers secret).
func describeError(ctx context.Context, err error) string {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return "no answer within the timeout"
	}
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err.Error()
	}
	return err.Error()
}

const redacted = "<secret>"

// scrub replaces every secret value in text. Messages are built not to quote secrets in the
// first place; this is the second line of defence (a server that echoes a credential into an
// error, a token endpoint that quotes the client secret).
func scrub(text string, secrets []string) string {
	for _, s := range secrets {
		if s != "" {
			text = strings.ReplaceAll(text, s, redacted)
		}
	}
	return text
}
