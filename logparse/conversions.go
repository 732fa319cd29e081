package logparse

// role is what a conversion contributes to a line.
type role uint8

const (
	roleText      role = iota // free text up to the next literal, stored in a Fields member
	roleDate                  // %d: fixed-width or scanned, per its format
	roleLevel                 // %p: one of the six level names, padded
	roleMessage               // %m: the rest of the line, less what the pattern puts after it
	roleSameLine              // %ex and friends: printed right after the message, no own field
	roleEndOfLine             // %n
	roleNested                // conversions whose options are patterns: refused
)

type conversion struct {
	role   role
	target fieldTarget
}

// conversions lists every name Compile accepts. Conversions that print text the agent has no
// use for (%r, %L, %pid, log4j 1's %x NDC, ...) are text fields stored nowhere: they can be
// skipped safely because they end at the next literal like any other field. Names that take a
// nested pattern (%highlight{%p}) are known but refused. Anything else is an error: an unknown
// name means the pattern is not understood, and a silently wrong parser is worse than a
// configuration error.
//
// %T, %S, %P, %D, %A, %U, %H and %I are the letters of WSO2's log4j 1 TenantAwarePatternLayout
// (carbon 4.4, APIM 2.x): tenant id, server name, tenant pattern, tenant domain, app name, user,
// host and instance. log4j2's own %T (thread id) is read as the tenant id because these are
// WSO2 logs.
var conversions = map[string]conversion{
	"d": {role: roleDate, target: targetTime}, "date": {role: roleDate, target: targetTime},
	"p": {role: roleLevel}, "level": {role: roleLevel},
	"m": {role: roleMessage}, "msg": {role: roleMessage}, "message": {role: roleMessage},
	"n": {role: roleEndOfLine},

	"c": {target: targetLogger}, "logger": {target: targetLogger},
	"C": {target: targetClass}, "class": {target: targetClass},
	"t": {target: targetThread}, "thread": {target: targetThread}, "tn": {target: targetThread},
	"threadName": {target: targetThread},
	"X":          {target: targetMDC}, "mdc": {target: targetMDC}, "MDC": {target: targetMDC},
	"tenantId": {target: targetTenantID}, "T": {target: targetTenantID},
	"tenantDomain": {target: targetTenantDomain}, "D": {target: targetTenantDomain},
	"appName": {target: targetAppName}, "A": {target: targetAppName},

	"ex": {role: roleSameLine}, "exception": {role: roleSameLine}, "throwable": {role: roleSameLine},
	"xEx": {role: roleSameLine}, "xException": {role: roleSameLine}, "xThrowable": {role: roleSameLine},
	"rEx": {role: roleSameLine}, "rException": {role: roleSameLine}, "rThrowable": {role: roleSameLine},

	// Printed but not kept.
	"x": {}, "NDC": {}, "ndc": {}, "S": {}, "P": {}, "U": {}, "H": {}, "I": {},
	"r": {}, "relative": {}, "L": {}, "line": {}, "M": {}, "method": {}, "F": {}, "file": {},
	"l": {}, "location": {}, "pid": {}, "processId": {}, "sn": {}, "sequenceNumber": {},
	"u": {}, "uuid": {}, "N": {}, "nano": {}, "marker": {}, "markerSimpleName": {},
	"K": {}, "map": {}, "MAP": {}, "tid": {}, "threadId": {}, "tp": {}, "threadPriority": {},
	"fqcn": {},

	"highlight": {role: roleNested}, "style": {role: roleNested}, "replace": {role: roleNested},
	"enc": {role: roleNested}, "encode": {role: roleNested}, "equals": {role: roleNested},
	"equalsIgnoreCase": {role: roleNested}, "notEmpty": {role: roleNested},
	"varsNotEmpty": {role: roleNested}, "variablesNotEmpty": {role: roleNested},
	"maxLen": {role: roleNested}, "maxLength": {role: roleNested},
}

// longestKnownPrefix is the longest prefix of run that names a conversion, "" when none does.
func longestKnownPrefix(run string) string {
	for n := len(run); n > 0; n-- {
		if _, ok := conversions[run[:n]]; ok {
			return run[:n]
		}
	}
	return ""
}
