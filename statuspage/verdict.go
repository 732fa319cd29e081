package statuspage

import (
	"fmt"
	"maps"
	"slices"

	"github.com/apimwatch/apimwatch/verify"
)

// decide weighs every node's latest results as `apimwatch verify` weighs one node's: a failure
// at or above fail_on makes it no-go on any node, a check that could not run makes it unknown.
func decide(in Input, checks map[string]verify.Check) Verdict {
	v := Verdict{FailOn: in.FailOn.String(), Failed: []CheckRef{}, NotRun: []CheckRef{}}
	switch {
	case !in.ChecksEnabled:
		v.Result, v.Reason = VerdictNoResult, "The checks are off (verify.enabled is false): there is nothing to decide on."
		return v
	case len(in.Results) == 0:
		v.Result, v.Reason = VerdictNoResult, "No run of the checks has finished yet: they run on the nodes with databases, first shortly after the agent starts, then every verify.interval."
		return v
	}
	verdicts := map[verify.Verdict]bool{}
	ran := 0
	for _, node := range slices.Sorted(maps.Keys(in.Results)) {
		results := in.Results[node].Results
		verdicts[verify.Decide(in.Checks, results, in.FailOn)] = true
		ran += len(results)
		for _, r := range results {
			c := checks[r.CheckID] // a check dropped by a reload since its run counts as info, as Decide has it
			if c.Severity < in.FailOn {
				continue
			}
			ref := CheckRef{Node: node, CheckID: r.CheckID, Title: c.Title, Severity: c.Severity.String(), Message: r.Message}
			switch r.Status {
			case verify.StatusFail:
				v.Failed = append(v.Failed, ref)
			case verify.StatusError:
				v.NotRun = append(v.NotRun, ref)
			}
		}
	}
	switch {
	case verdicts[verify.NoGo]:
		v.Result = VerdictNoGo
		v.Reason = fmt.Sprintf("%s at or above %s failed: the data says the cutover is not safe.", plural(len(v.Failed), "check"), v.FailOn)
		if len(v.NotRun) > 0 {
			v.Reason += fmt.Sprintf(" %s could not run.", plural(len(v.NotRun), "other check"))
		}
	case verdicts[verify.Unknown]:
		v.Result = VerdictUnknown
		v.Reason = fmt.Sprintf("Nothing at or above %s failed, but %s at or above it could not run: the checks cannot say go.", v.FailOn, plural(len(v.NotRun), "check"))
	default:
		v.Result = VerdictGo
		v.Reason = fmt.Sprintf("No check at or above %s failed or could not run (%s ran on %s).", v.FailOn, plural(ran, "check"), plural(len(in.Results), "node"))
	}
	return v
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
