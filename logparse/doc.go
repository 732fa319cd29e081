// Package logparse turns lines of WSO2 (log4j2) log files into records: a record-start parser
// compiled from a log4j2 PatternLayout, the built-in layouts of WSO2's files, and the
// multi-line assembler that attaches stack frames and continuation lines to their record.
//
// A compiled Layout matches a line with byte scans in the order of the pattern: literals must
// be present, a fixed-width date is checked digit by digit, a level must be one of log4j's six
// names, and every text field (%c, %t, %X{key}, ...) extends to the first occurrence of the
// literal that follows it in the pattern (so a field cannot contain that literal). Literals
// and text fields that follow %m are matched from the end of the line, and are optional:
// log4j 1 writes them after the last line of a multi-line message. Parse never allocates when
// the caller reuses its Fields.
//
// Conversions: %d/%date (default, named formats such as DEFAULT, ISO8601, ABSOLUTE, DATE,
// UNIX, UNIX_MILLIS, or a SimpleDateFormat), %p/%level, %c/%logger, %C/%class, %t/%thread,
// %X/%mdc{key}, %m/%msg/%message, the same-line exception conversions (%ex, %throwable, %xEx,
// %rEx, ...), %n, %%, WSO2's %tenantId, %tenantDomain and %appName, and the letters of WSO2's
// log4j 1 TenantAwarePatternLayout (%T, %S, %P, %D, %A, %U, %H, %I) with %x. Format modifiers
// (%-5p, %.30c, %20.30c) are read and their padding stepped over. Conversions that print text
// nobody here reads (%r, %L, %M, %pid, ...) are skipped as fields. Unknown conversions and
// those taking nested patterns (%highlight{...}) are Compile errors.
package logparse
