// The usage text, as `go tool trace` prints it (so habits and scripts carry over).

export const USAGE = `Usage of traceglass (flags and arguments as 'go tool trace'):
Given a trace file produced by 'go test':
	go test -trace=trace.out pkg

Open a web browser displaying trace:
	traceglass [flags] [pkg.test] trace.out

Generate a pprof-like profile from the trace:
    traceglass -pprof=TYPE [pkg.test] trace.out

[pkg.test] argument is required for traces produced by Go 1.6 and below.
Go 1.7 does not require the binary argument.

Write the trace as Parquet tables and DuckDB views (traceglass only):
    traceglass -export=DIR trace.out

Compare two traces of a program (traceglass only):
    traceglass -diff old.trace new.trace
    traceglass -diff -pprof=TYPE old.trace new.trace   (the difference, new - old)

Find what is wrong with a program, ranked by the time it costs (traceglass only):
    traceglass -diagnose trace.out

Supported profile types are:
    - net: network blocking profile
    - sync: synchronization blocking profile
    - syscall: syscall blocking profile
    - sched: scheduler latency profile
    - cpu: the CPU profiler's samples in the trace (traceglass only)

Flags:
	-http=addr: HTTP service address (e.g., ':6060')
	-pprof=type: print a pprof-like profile instead
	-d=mode: print debug info and exit (modes: wire, parsed, footprint)
	-diff: compare two traces: serve the comparison, or with -pprof write the
	    difference profile (traceglass only)
	-diagnose: print the diagnosis's findings and exit (traceglass only)
	-export=dir: write the trace's tables as Parquet files and schema.sql into
	    dir; trace_id is dir's name (traceglass only)
	-range=START:END: open only part of a Go 1.22+ trace: times since its start
	    (e.g. 2s:5s, :10s) or generation numbers (e.g. 3:7); traceglass only
	-timeout=duration: drop clients that take longer to send a request header,
	    and connections idle for longer (default 20s; 0 for no limit)
	-hosts=names: also answer to these Host names, comma-separated ('*': any)
`;
